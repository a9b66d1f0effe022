/**
 * Suite-wide (a vitest `setupFiles` entry): fails the test during which any test process (this
 * worker, or a process a test started) tried to reach beyond loopback. The refusing itself is
 * done by network-guard.mjs, preloaded into every test process by vitest.config.ts; it reports
 * each refused attempt to a file per worker, read here after every test.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

if (Reflect.get(globalThis, Symbol.for('twilio-chat-graphql.network-guard')) !== true) {
  throw new Error(
    'The network guard is not loaded: run the suite through vitest.config.ts, which preloads test/support/network-guard.mjs.',
  );
}

/** Inherited by the processes tests start, so their refusals land in this worker's report. */
const report = (process.env.TEST_NETWORK_GUARD_REPORT ??= join(
  tmpdir(),
  `network-guard-${process.pid}-${randomUUID()}.jsonl`,
));

export interface RefusedAttempt {
  /** The process that tried: this worker's pid, or a child's. */
  readonly pid: number;
  /** What was refused, e.g. `a connection to 192.0.2.1:443`. */
  readonly what: string;
  readonly stack: string;
}

/** Returns and forgets the attempts refused since the last call. */
export function takeRefusedAttempts(): RefusedAttempt[] {
  // Renamed first: an attempt reported meanwhile starts a new report instead of being lost.
  const taken = `${report}.${randomUUID()}`;
  try {
    renameSync(report, taken);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const text = readFileSync(taken, 'utf8');
  rmSync(taken, { force: true });
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as RefusedAttempt);
}

/** Throws (failing the current test) when an attempt was refused since the last call. */
export function assertNoRefusedAttempts(): void {
  const refused = takeRefusedAttempts();
  if (refused.length === 0) return;
  const lines = refused.map(({ pid, what, stack }) => `- ${what} (pid ${pid})\n${stack}`);
  throw new Error(
    `The network guard refused ${refused.length} attempt(s) to reach beyond loopback:\n${lines.join('\n')}`,
  );
}

afterEach(assertNoRefusedAttempts);
// Attempts made outside any test (a hook, a timer that fired late) fail the file.
afterAll(assertNoRefusedAttempts);

/**
 * Suite-wide contract check (a vitest `setupFiles` entry, so it runs in every test file): every
 * answer any in-process emulator sends while the file runs is validated against Twilio's OpenAPI
 * documents (`openapi-contract.ts`), and the file fails in `afterAll` if one broke the contract.
 *
 * Kept cheap for files that never start an emulator: only the observer module is imported up
 * front; the validator (ajv, the documents) loads on the first answer, and each schema compiles
 * once per worker on first use.
 */
import { afterAll } from 'vitest';
// The observer module itself rather than the emulator's index: it is the same module instance
// the emulator notifies, without loading the whole emulator into files that do not use it.
import { observeEmulatorResponses } from '../../src/emulator/http/observe.js';
import type { EmulatorResponseEvent } from '../../src/emulator/http/observe.js';

type Check = (event: EmulatorResponseEvent) => string[];

interface Violation {
  readonly event: EmulatorResponseEvent;
  readonly problems: readonly string[];
}

const SHOWN_VIOLATIONS = 20;
const SHOWN_PROBLEMS = 5;

let check: Check | null = null;
let loading: Promise<void> | null = null;
/** Answers seen while the validator was still loading. */
const pending: EmulatorResponseEvent[] = [];
const violations: Violation[] = [];
let checked = 0;

function inspect(run: Check, event: EmulatorResponseEvent): void {
  checked += 1;
  const problems = run(event);
  if (problems.length > 0) violations.push({ event, problems });
}

const stop = observeEmulatorResponses((event) => {
  if (check) return inspect(check, event);
  // A copy: the body must be judged as it was sent, whatever happens to the object later.
  pending.push({ ...event, body: structuredClone(event.body) });
  loading ??= import('./openapi-contract.js').then((contract) => {
    const run = contract.responseProblems;
    check = run;
    for (const queued of pending.splice(0)) inspect(run, queued);
  });
});

function describeViolation({ event, problems }: Violation): string {
  const shown = problems.slice(0, SHOWN_PROBLEMS).join('; ');
  const more =
    problems.length > SHOWN_PROBLEMS ? ` (+${problems.length - SHOWN_PROBLEMS} more)` : '';
  const op = event.operationId ?? '(no operation)';
  return `- ${op} [${event.host ?? '?'}] ${event.method} ${event.path} -> ${event.status}: ${shown}${more}`;
}

afterAll(async () => {
  stop();
  await loading;
  if (violations.length === 0) return;
  const lines = violations.slice(0, SHOWN_VIOLATIONS).map(describeViolation);
  if (violations.length > SHOWN_VIOLATIONS) {
    lines.push(`- ... and ${violations.length - SHOWN_VIOLATIONS} more`);
  }
  throw new Error(
    `${violations.length} of ${checked} emulator answers broke Twilio's OpenAPI contract:\n${lines.join('\n')}`,
  );
});

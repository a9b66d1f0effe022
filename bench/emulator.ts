/**
 * Throughput of one emulator process, in requests per second, for:
 *   - fetch:     one conversation (`GET /v1/Conversations/{sid}`);
 *   - list:      the first 50-item page of 60 conversations;
 *   - deep-list: a 50-item page in the middle of 2,000 messages, reached by a `PA` page token
 *                (the cost of a page must not grow with the collection behind it).
 * It is driven by undici over keep-alive connections from this process while the emulator runs
 * in a child process (so client and server do not share one event loop; on a small machine
 * they still share the CPUs, so the numbers are a floor).
 *
 *   npm run bench:emulator -- [options]
 *
 * Options (flags win over environment variables):
 *   --connections, -c <n>   BENCH_CONNECTIONS   keep-alive connections / concurrent requests (32)
 *   --seconds, -d <n>       BENCH_SECONDS       measured duration per case, seconds (5)
 *   --requests, -n <n>      BENCH_REQUESTS      request cap per case; a case stops at whichever
 *                                               of duration and cap comes first (200000)
 *   --warmup <n>            BENCH_WARMUP        warm-up seconds per case, not measured (2)
 *   --case <names>          BENCH_CASES         comma-separated subset of fetch,list,deep-list
 *   --url <url>             BENCH_EMULATOR_URL  measure an emulator that is already running
 *                                               (default test credentials) instead of starting
 *                                               one; its data is added to, not reset
 *   --help
 *
 * Each case prints one labelled line: req/s, requests, elapsed seconds, non-200 answers, this
 * client's CPU time per request and, when the bench started the emulator on Linux, the
 * emulator's CPU time per request (one emulator core serves about 1,000,000 / that per second,
 * whatever the client costs; when req/s is far below it, the client is the bottleneck).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import {
  DEFAULT_ACCOUNT_SID,
  DEFAULT_AUTH_TOKEN,
  emulatorEnvNames,
} from '../src/emulator/index.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', short: 'c' },
    seconds: { type: 'string', short: 'd' },
    requests: { type: 'string', short: 'n' },
    warmup: { type: 'string' },
    case: { type: 'string' },
    url: { type: 'string' },
    help: { type: 'boolean' },
  },
});

if (values.help === true) {
  console.log('Usage: npm run bench:emulator -- [--connections n] [--seconds n] [--requests n]');
  console.log('       [--warmup n] [--case fetch,list,deep-list] [--url URL]');
  console.log('Environment: BENCH_CONNECTIONS, BENCH_SECONDS, BENCH_REQUESTS, BENCH_WARMUP,');
  console.log('             BENCH_CASES, BENCH_EMULATOR_URL (flags win).');
  process.exit(0);
}

/** A bad option ends the run with its message (no stack trace: it is not a bug). */
function usageError(message: string): never {
  console.error(`bench:emulator: ${message} (--help lists the options)`);
  process.exit(2);
}

/** A flag, else a non-empty environment variable, else the default. */
const setting = (flag: string | undefined, env: string, fallback: string): string => {
  const fromEnv = process.env[env];
  return flag ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : fallback);
};
const count = (name: string, value: string, min: number): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) usageError(`${name} expects an integer ≥ ${min}`);
  return n;
};
const connections = count(
  '--connections',
  setting(values.connections, 'BENCH_CONNECTIONS', '32'),
  1,
);
const seconds = count('--seconds', setting(values.seconds, 'BENCH_SECONDS', '5'), 1);
const maxRequests = count('--requests', setting(values.requests, 'BENCH_REQUESTS', '200000'), 1);
const warmupSeconds = count('--warmup', setting(values.warmup, 'BENCH_WARMUP', '2'), 0);
const externalUrl = setting(values.url, 'BENCH_EMULATOR_URL', '');

const CASE_NAMES = ['fetch', 'list', 'deep-list'] as const;
type CaseName = (typeof CASE_NAMES)[number];
const isCaseName = (name: string): name is CaseName =>
  (CASE_NAMES as readonly string[]).includes(name);
const selected = setting(values.case, 'BENCH_CASES', CASE_NAMES.join(','))
  .split(',')
  .map((name) => name.trim())
  .filter((name) => name !== '');
for (const name of selected) {
  if (!isCaseName(name)) usageError(`unknown case ${name} (cases: ${CASE_NAMES.join(', ')})`);
}

const authorization = `Basic ${Buffer.from(`${DEFAULT_ACCOUNT_SID}:${DEFAULT_AUTH_TOKEN}`).toString('base64')}`;

async function startChildEmulator(): Promise<{ url: string; child: ChildProcess }> {
  const repoRoot = fileURLToPath(new URL('../', import.meta.url));
  // The bench authenticates with the default test credentials: blank any the shell exports
  // (empty counts as unset) so the child accepts them.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of emulatorEnvNames) env[name] = '';
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/emulator/main.ts', '--port', '0', '--no-seed', '--no-webhooks'],
    { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      output += chunk;
      const found = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited early (${code})`)));
  });
  return { url, child };
}

interface RunResult {
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
}

/**
 * One GET whose body is discarded chunk by chunk: a bare dispatch handler rather than
 * `pool.request()`, whose body stream costs the client more per response than the emulator
 * spends answering a list page; on a machine where client and server share the CPUs, that
 * client cost would be what the bench measures.
 */
function get(pool: Pool, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let status = 0;
    pool.dispatch(
      { method: 'GET', path, headers: { authorization } },
      {
        // Its presence selects undici's current handler API (the legacy one needs onConnect).
        onRequestStart: () => {},
        onResponseStart: (_controller, statusCode) => {
          status = statusCode;
        },
        onResponseData: () => {},
        onResponseEnd: () => resolve(status),
        onResponseError: (_controller, error) => reject(error),
      },
    );
  });
}

async function run(
  pool: Pool,
  path: string,
  durationSeconds: number,
  cap: number,
): Promise<RunResult> {
  let sent = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationSeconds * 1000;
  const worker = async () => {
    while (sent < cap && performance.now() < deadline) {
      sent += 1;
      if ((await get(pool, path)) !== 200) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return { requests: sent, errors, seconds: (performance.now() - started) / 1000 };
}

async function json(
  pool: Pool,
  method: 'GET' | 'POST',
  path: string,
  form?: string,
): Promise<Record<string, unknown>> {
  const response = await pool.request({
    method,
    path,
    headers: {
      authorization,
      ...(form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(form !== undefined ? { body: form } : {}),
  });
  const body = (await response.body.json()) as Record<string, unknown>;
  if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(body)}`);
  return body;
}

/** Creates in batches of `connections` concurrent requests: setup, not measured. */
async function createMany(pool: Pool, total: number, path: string, form: (i: number) => string) {
  const sids: string[] = [];
  for (let at = 0; at < total; at += connections) {
    const batch = Array.from({ length: Math.min(connections, total - at) }, (_, k) =>
      json(pool, 'POST', path, form(at + k)),
    );
    for (const created of await Promise.all(batch)) sids.push(String(created.sid));
  }
  return sids;
}

const MESSAGES = 2000;

/**
 * CPU milliseconds (user + system) a process has used, from Linux's /proc (USER_HZ is 100 on
 * every Linux ABI); null elsewhere. Client and server share the CPUs on small machines, so the
 * emulator's own CPU per request says more about its capacity than req/s alone.
 */
async function cpuMillis(pid: number | undefined): Promise<number | null> {
  if (pid === undefined || process.platform !== 'linux') return null;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const started = externalUrl === '' ? await startChildEmulator() : null;
  const url = started?.url ?? externalUrl;
  const pool = new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 10_000 });
  try {
    // Sequential, so the first conversation is the oldest (list order is by creation).
    const conversations: string[] = [];
    for (let i = 0; i < 60; i++) {
      const created = await json(
        pool,
        'POST',
        '/conversations/v1/Conversations',
        `FriendlyName=bench-${i}`,
      );
      conversations.push(String(created.sid));
    }
    const first = conversations[0] ?? '';
    const paths: Record<CaseName, { label: string; path: () => Promise<string> }> = {
      fetch: {
        label: 'fetch one conversation',
        path: () => Promise.resolve(`/conversations/v1/Conversations/${first}`),
      },
      list: {
        label: 'list page of 50 conversations',
        path: () => Promise.resolve('/conversations/v1/Conversations?PageSize=50'),
      },
      'deep-list': {
        label: `page of 50 in ${MESSAGES} messages`,
        path: async () => {
          const messages = `/conversations/v1/Conversations/${first}/Messages`;
          const sids = await createMany(pool, MESSAGES, messages, (i) => `Body=message-${i}`);
          const middle = sids[MESSAGES / 2] ?? '';
          return `${messages}?PageSize=50&Page=20&PageToken=PA${middle}`;
        },
      },
    };
    console.log(
      `emulator ${url} | os.cpus().length ${os.cpus().length} | node ${process.version} | ` +
        `${connections} keep-alive connections | ${seconds}s or ${maxRequests} requests per ` +
        `case after ${warmupSeconds}s warm-up`,
    );
    for (const name of CASE_NAMES) {
      if (!selected.includes(name)) continue;
      const { label, path: pathOf } = paths[name];
      const path = await pathOf();
      // Warm-up (JIT, connections, caches) is not measured.
      if (warmupSeconds > 0) await run(pool, path, warmupSeconds, maxRequests);
      const cpuBefore = await cpuMillis(started?.child.pid);
      const clientBefore = process.cpuUsage();
      const result = await run(pool, path, seconds, maxRequests);
      const client = process.cpuUsage(clientBefore);
      const cpuAfter = await cpuMillis(started?.child.pid);
      const clientCpu = Math.round((client.user + client.system) / result.requests);
      const rate = Math.round(result.requests / result.seconds);
      const serverCpu =
        cpuBefore === null || cpuAfter === null
          ? ''
          : `, emulator CPU ${Math.round(((cpuAfter - cpuBefore) * 1000) / result.requests)} µs/request`;
      console.log(
        `${`[${name}] ${label}`.padEnd(46)} ${String(rate).padStart(7)} req/s  ` +
          `(${result.requests} requests in ${result.seconds.toFixed(2)}s, ` +
          `${result.errors} non-200${serverCpu}, client CPU ${clientCpu} µs/request)`,
      );
    }
  } finally {
    await pool.close();
    started?.child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});

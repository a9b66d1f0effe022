/**
 * Throughput of one emulator process: requests per second for a single-record fetch and for a
 * 50-item list page, driven by undici over keep-alive connections from this process while the
 * emulator runs in a child process (so client and server do not share one event loop).
 *
 *   npm run bench:emulator -- [--connections 32] [--seconds 5] [--requests 200000] [--url URL]
 *
 * `--url` measures an emulator that is already running (default credentials) instead of
 * starting one.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN } from '../src/emulator/index.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '5' },
    requests: { type: 'string', default: '200000' },
    url: { type: 'string' },
  },
});

const positive = (name: string, value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} expects a positive integer`);
  return n;
};
const connections = positive('connections', values.connections);
const seconds = positive('seconds', values.seconds);
const maxRequests = positive('requests', values.requests);
const authorization = `Basic ${Buffer.from(`${DEFAULT_ACCOUNT_SID}:${DEFAULT_AUTH_TOKEN}`).toString('base64')}`;

async function startChildEmulator(): Promise<{ url: string; child: ChildProcess }> {
  const repoRoot = fileURLToPath(new URL('../', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/emulator/main.ts', '--port', '0', '--no-seed', '--no-webhooks'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
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

async function run(pool: Pool, path: string): Promise<RunResult> {
  let sent = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (sent < maxRequests && performance.now() < deadline) {
      sent += 1;
      const response = await pool.request({ method: 'GET', path, headers: { authorization } });
      await response.body.dump();
      if (response.statusCode !== 200) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return { requests: sent, errors, seconds: (performance.now() - started) / 1000 };
}

async function json(pool: Pool, method: 'GET' | 'POST', path: string, form?: string) {
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

async function main(): Promise<void> {
  const started = values.url ? null : await startChildEmulator();
  const url = values.url ?? started?.url ?? '';
  const pool = new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 10_000 });
  try {
    let firstSid = '';
    for (let i = 0; i < 60; i++) {
      const created = await json(
        pool,
        'POST',
        '/conversations/v1/Conversations',
        `FriendlyName=bench-${i}`,
      );
      if (i === 0) firstSid = String(created.sid);
    }
    const cases = [
      ['fetch one conversation', `/conversations/v1/Conversations/${firstSid}`],
      ['list page of 50 conversations', '/conversations/v1/Conversations?PageSize=50'],
    ] as const;
    console.log(
      `emulator ${url} | cpus ${os.cpus().length} | ${connections} keep-alive connections | ` +
        `${seconds}s or ${maxRequests} requests per case`,
    );
    for (const [name, path] of cases) {
      await run(pool, path); // warm-up pass (JIT, connections)
      const result = await run(pool, path);
      const rate = Math.round(result.requests / result.seconds);
      console.log(
        `${name.padEnd(32)} ${String(rate).padStart(7)} req/s  ` +
          `(${result.requests} requests in ${result.seconds.toFixed(2)}s, ${result.errors} errors)`,
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

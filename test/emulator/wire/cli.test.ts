import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_ACCOUNT_SID,
  DEFAULT_AUTH_TOKEN,
  emulatorOptionsFromEnv,
} from '../../../src/emulator/index.js';
import { basic } from './helpers.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
let child: ChildProcess | null = null;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
});

function startCli(args: readonly string[], env: Record<string, string> = {}) {
  // Node itself runs main.ts (tsx as a loader), so signals reach the emulator without a wrapper.
  const process_ = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = process_;
  let stdout = '';
  process_.stdout.setEncoding('utf8');
  process_.stdout.on('data', (chunk: string) => (stdout += chunk));
  const printed = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (pattern.test(stdout)) resolve(stdout);
      };
      process_.stdout.on('data', check);
      process_.once('exit', (code) => reject(new Error(`emulator exited (${code}): ${stdout}`)));
      check();
    });
  const exited = new Promise<number | null>((resolve) => process_.once('exit', resolve));
  return { process: process_, printed, exited };
}

describe('npm run emulator (src/emulator/main.ts)', () => {
  it('prints its URLs and fixed credentials, serves, and exits cleanly on SIGTERM', async () => {
    const cli = startCli(['--port', '0', '--no-seed']);
    const output = await cli.printed(/Admin API:/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    expect(url).toBeDefined();
    expect(output).toContain(`${url}/chat`);
    expect(output).toContain(`${url}/ip-messaging`);
    expect(output).toContain(`${url}/conversations`);
    expect(output).toContain(DEFAULT_ACCOUNT_SID);
    expect(output).toContain(DEFAULT_AUTH_TOKEN);
    const answer = await fetch(`${url}/conversations/v1/Services`, {
      headers: { authorization: basic(DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN) },
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ services: [] });
    cli.process.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('uses TWILIO_* credentials from the environment without printing the secret', async () => {
    const cli = startCli(['--port', '0', '--no-seed'], {
      TWILIO_ACCOUNT_SID: 'AC22222222222222222222222222222222',
      TWILIO_AUTH_TOKEN: 'env-token-not-for-printing',
    });
    const output = await cli.printed(/Admin API:/);
    expect(output).toContain('AC22222222222222222222222222222222');
    expect(output).not.toContain('env-token-not-for-printing');
    cli.process.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });
});

describe('emulator environment', () => {
  it('reads EMULATOR_* and TWILIO_* settings', () => {
    expect(
      emulatorOptionsFromEnv({
        EMULATOR_PORT: '4011',
        EMULATOR_LATENCY_MS: '20',
        EMULATOR_FAULT_RATE: '0.25',
        EMULATOR_FAULT_KIND: 'unavailable',
        EMULATOR_CONCURRENCY_LIMIT: '3',
        EMULATOR_PAGE_SIZE_OVER_MAX: 'reject',
        EMULATOR_WEBHOOKS: 'off',
        EMULATOR_SEED: 'none',
        TWILIO_API_KEY: 'SK33333333333333333333333333333333',
        TWILIO_API_SECRET: 'shh',
        UNRELATED: 'x',
      }),
    ).toEqual({
      port: 4011,
      latency: { fixedMs: 20, jitterMs: 0 },
      faults: [{ kind: 'unavailable', rate: 0.25 }],
      concurrencyLimit: 3,
      pageSizeOverMax: 'reject',
      webhooks: false,
      seed: false,
      credentials: { apiKey: 'SK33333333333333333333333333333333', apiSecret: 'shh' },
    });
  });

  it('names the invalid variable and never echoes its value', () => {
    expect(() => emulatorOptionsFromEnv({ EMULATOR_PORT: 'abc' })).toThrow(/EMULATOR_PORT/);
    expect(() => emulatorOptionsFromEnv({ TWILIO_ACCOUNT_SID: 'secret-ish' })).toThrow(
      /^(?!.*secret-ish).*TWILIO_ACCOUNT_SID/,
    );
  });
});

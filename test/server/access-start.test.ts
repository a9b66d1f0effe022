/**
 * Issue 10, items 1 and 7 as a user meets them: `npm start` refuses a non-loopback HOST without
 * GATEWAY_AUTH, and `GATEWAY_AUTH=access-token npm start` plus `npm run token -- --identity alice`
 * work together on the embedded emulator.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/server/app.js';
import { loadServerEnv } from '../../src/server/env.js';
import { graphBinding } from '../../src/server/graph-binding.js';
import { resolveUpstream, type Upstream } from '../../src/server/upstream.js';
import { postGraphQL } from './support/stack.js';
import { bearer } from './support/tokens.js';

const run = promisify(execFile);
/** Starting TypeScript through tsx is slow on a busy machine; nothing here waits on a clock. */
const spawnTimeoutMs = 90_000;

/** The user's shell minus anything that would point the gateway at another upstream or key. */
function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(TWILIO_|EMULATOR_|GATEWAY_|GRAPH_)/.test(name) && name !== 'NODE_ENV')
      env[name] = value;
  }
  return { ...env, ...extra };
}

async function runTsx(script: string, args: string[], env: Record<string, string>) {
  try {
    // `node --import tsx` is `npx tsx` without npx's own start-up.
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: process.cwd(),
      env: cleanEnvironment(env),
      timeout: spawnTimeoutMs,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('npm start without GATEWAY_AUTH', () => {
  it(
    'refuses to start on 0.0.0.0, naming GATEWAY_AUTH, before listening',
    { timeout: spawnTimeoutMs },
    async () => {
      // The refusal comes from the environment check, before any socket is opened. Should it
      // ever not, the half-set emulator URLs still stop the start before listening (and the
      // message check fails).
      const result = await runTsx('src/server/main.ts', [], {
        HOST: '0.0.0.0',
        PORT: '0',
        TWILIO_CHAT_BASE_URL: 'http://127.0.0.1:9/chat',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'GATEWAY_AUTH is required when HOST is not a loopback address',
      );
      expect(result.stdout).not.toContain('Playground');
    },
  );
});

describe('GATEWAY_AUTH=access-token npm start, then npm run token', () => {
  let upstream: Upstream;
  let gateway: Gateway;

  beforeAll(async () => {
    // What main.ts does with this environment: the embedded emulator, its key, its account.
    const env = loadServerEnv({ GATEWAY_AUTH: 'access-token' });
    upstream = await resolveUpstream(env.variables);
    gateway = await createGateway({
      twilio: upstream.config,
      graph: graphBinding({ routing: env.routing }),
      access: env.access,
      cors: env.cors,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  it('signs with a key the embedded emulator accepts, for its account', async () => {
    expect(upstream.kind).toBe('embedded-emulator');
    const { access } = loadServerEnv({ GATEWAY_AUTH: 'access-token' });
    expect(access.accountSid).toBe(upstream.config.credentials.accountSid);
    const key = access.keys[0]!;
    // The emulator authenticates API keys like Twilio: this only answers 200 for its own key.
    const response = await fetch(`${upstream.emulatorUrl}/conversations/v1/Configuration`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${key.sid}:${key.secret}`).toString('base64')}`,
      },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { account_sid: string }).account_sid).toBe(
      access.accountSid,
    );
  });

  it('prints a token the gateway accepts as alice', { timeout: spawnTimeoutMs }, async () => {
    const printed = await runTsx('scripts/token.ts', ['--identity', 'alice', '--ttl', '600'], {});
    expect(printed.stderr).toBe('');
    const token = printed.stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const refused = await postGraphQL(gateway, '{ viewer { identity } }');
    expect(refused.status).toBe(401);
    const served = await postGraphQL(gateway, '{ viewer { identity } }', {}, bearer(token));
    expect(served.body.data).toEqual({ viewer: { identity: 'alice' } });
  });

  it(
    'explains a missing identity and an oversized lifetime',
    { timeout: 2 * spawnTimeoutMs },
    async () => {
      const missing = await runTsx('scripts/token.ts', [], {});
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('--identity');
      const long = await runTsx('scripts/token.ts', ['--identity', 'alice', '--ttl', '90000'], {});
      expect(long.code).toBe(1);
      expect(long.stderr).toContain('24 h');
    },
  );
});

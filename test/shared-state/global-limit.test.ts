/**
 * One adaptive Twilio limit for the account, global across two gateway processes sharing one
 * Redis, in front of one emulator that refuses more than 30 requests in flight. The ceiling is
 * the default 100, so the limit has to find 30 by itself.
 *
 * Redis going away leaves each replica its own adaptive limit, and its return one limit again.
 *
 * Overshoot bound (src/shared-state/budget.ts): while the limit searches, in flight at Twilio
 * stays within the capacity + 1 + one step per replica (here 30 + 3); once a 429 with
 * Twilio-Concurrent-Requests taught the capacity, within it.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { emulatorEnvironment, startReplica, type Replica } from '../support/replica-process.js';
import { BURST_SEED, BURST_NESTED_READ } from '../support/burst-workload.js';

const CAPACITY = 30;
const OVERSHOOT = 1 + 2;

let redis: RedisServer;
let emulator: RunningEmulator;
let env: Record<string, string>;
let a: Replica;
let b: Replica;
let inspect: Redis;

async function post(replica: Replica, query: string) {
  const response = await fetch(replica.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as {
    data?: unknown;
    errors?: { extensions?: { code?: string } }[];
  };
}

/** The replica's `gateway_upstream_concurrency_limit`. */
async function limitOf(replica: Replica): Promise<number> {
  const text = await (await fetch(new URL('/metrics', replica.url))).text();
  const line = text.split('\n').find((l) => l.startsWith('gateway_upstream_concurrency_limit '));
  return Number(line?.split(' ').pop() ?? 'NaN');
}

/** The account's global limit as Redis holds it. */
async function globalLimit(): Promise<number> {
  const [key] = await inspect.keys('tcg:budget:*:limit');
  return Math.floor(Number(await inspect.hget(key ?? '', 'value')));
}

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Nested reads through `replicas` at once; every answer must be whole. */
async function burst(replicas: Replica[], query = BURST_NESTED_READ): Promise<void> {
  const answers = await Promise.all(replicas.map((replica) => post(replica, query)));
  for (const answer of answers) expect(answer.errors).toBeUndefined();
}

beforeAll(async () => {
  redis = await startRedisServer();
  inspect = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  // It reconnects by itself after the outage test; the failed attempts are expected.
  inspect.on('error', () => undefined);
  await inspect.connect();
  emulator = await startEmulator({ seed: BURST_SEED });
  env = {
    ...emulatorEnvironment(emulator),
    REDIS_URL: redis.url,
    TWILIO_CLIENT_MAX_ATTEMPTS: '10',
    TWILIO_CLIENT_BACKOFF_BASE_MS: '1',
    TWILIO_CLIENT_BACKOFF_CAP_MS: '5',
    GATEWAY_MAX_UPSTREAM_REQUESTS: '5000',
    // One operation may use every slot, so waiting calls wait for the account limit alone.
    TWILIO_CLIENT_MAX_SHARE: '1',
  };
  [a, b] = await Promise.all([startReplica(env), startReplica(env)]);
  emulator.setConcurrencyLimit(CAPACITY);
  // Slow enough that the limit, not the gateway's CPU, sets the pace.
  emulator.setLatency({ fixedMs: 50 });
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  inspect?.disconnect();
  await emulator?.close();
  await redis?.stop();
});

describe('one global adaptive limit across two replicas', () => {
  it('finds the account limit of 30 through both replicas: bounded overshoot, no 20429 to a client, one limit for both', async () => {
    emulator.clearRequests();
    await burst([a, b, a, b]);
    await burst([a, b, a, b]);
    const log = emulator.requestLog();
    // The limit rose above where it starts (20) while the emulator accepted, and the 429s it
    // paid to find 30 were retried, never answered to a client.
    expect(log.peakInFlight).toBeGreaterThan(20);
    expect(log.peakInFlight).toBeLessThanOrEqual(CAPACITY + OVERSHOOT);

    // Both replicas report the limit Redis holds once their next lease round trip has run.
    await until(async () => {
      const [onA, onB, shared] = await Promise.all([limitOf(a), limitOf(b), globalLimit()]);
      return onA === shared && onB === shared;
    });
    expect(await globalLimit()).toBeLessThanOrEqual(CAPACITY);

    // Once learnt, the capacity holds: another burst stays within 30 and pays no 429.
    emulator.clearRequests();
    await burst([a, b, a, b]);
    const again = emulator.requestLog();
    expect(again.peakInFlight).toBeLessThanOrEqual(CAPACITY);
    expect(again.requests.filter((r) => r.status === 429)).toHaveLength(0);
  });

  it('frees the slots of a replica killed mid-burst once its lease expires: the other reaches the whole limit', async () => {
    emulator.clearRequests();
    const dying = post(a, BURST_NESTED_READ).catch(() => undefined);
    // A holds slots: its requests are at the emulator.
    await until(() => emulator.requestLog().total >= 10);
    await a.kill();
    await dying;
    // B alone, burst after burst, until its requests in flight reach the whole global limit.
    await until(async () => {
      emulator.clearRequests();
      await burst([b, b]);
      return emulator.requestLog().peakInFlight >= (await limitOf(b));
    });
    expect(await limitOf(b)).toBeLessThanOrEqual(CAPACITY);
  });

  it('lowers the limit replica B uses when only replica A is refused', async () => {
    a = await startReplica(env);
    const before = await limitOf(b);
    emulator.setConcurrencyLimit(5);
    try {
      emulator.clearRequests();
      // 21 requests, 20 of them at once: more than 5 in flight at the first try. The test's
      // backoff (1-5 ms, 10 attempts) can spend a call's attempts before the limit has halved
      // twice (at most once per decrease window), so a throttled answer may reach this client;
      // nothing else may.
      const answer = await post(
        a,
        '{ conversations(first: 20) { nodes { participants(first: 5) { nodes { identity } } } } }',
      );
      for (const error of answer.errors ?? []) {
        expect(error.extensions?.code).toBe('UPSTREAM_RATE_LIMITED');
      }
      expect(emulator.requestLog().requests.some((r) => r.status === 429)).toBe(true);
      // B sent nothing, yet its limit follows A's 429s (at its next heartbeat).
      await until(async () => (await limitOf(b)) <= 5);
      expect(before).toBeGreaterThan(5);
      expect(await limitOf(b)).toBe(await globalLimit());
    } finally {
      emulator.setConcurrencyLimit(CAPACITY);
    }
  });

  it('falls back to a per-process limit while Redis is down and shares one limit again when it returns', async () => {
    const both = async (expected: () => Promise<number>) => {
      const value = await expected();
      return (await limitOf(a)) === value && (await limitOf(b)) === value;
    };
    await until(() => both(globalLimit));
    const shared = await globalLimit();

    await redis.kill();
    // Each replica starts alone from its share of the global limit (the client's floor is 2).
    const share = Math.max(2, Math.floor(shared / 2));
    await until(() => both(() => Promise.resolve(share)));
    await burst([a, b], '{ conversations(first: 10) { nodes { sid } } }');

    await redis.start();
    // Redis came back empty: both replicas report the one limit it holds again.
    await until(() => both(() => globalLimit().catch(() => -1)));
    expect(await limitOf(a)).toBeGreaterThan(0);
  });
});

/**
 * Bounds of what the shared stores keep in a real Redis: the APQ namespace totals at most its
 * byte budget across replicas (the entries closest to expiry go first), and an idempotency
 * claim lives as long as its write runs, however long that is, yet frees its key when its
 * holder stops renewing it.
 */
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SharedStore } from '../../src/cache/index.js';
import { SharedIdempotencyStore } from '../../src/graph/index.js';
import { openConnections, type Connections } from '../../src/shared-state/connection.js';
import { RedisStore } from '../../src/shared-state/store.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

let redis: RedisServer;
let connections: Connections;
let inspect: Redis;

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Bytes of the values stored under `pattern`. */
async function bytesUnder(pattern: string): Promise<number> {
  let total = 0;
  for (const key of await inspect.keys(pattern)) {
    if (key.includes('#index')) continue;
    total += await inspect.strlen(key);
  }
  return total;
}

beforeAll(async () => {
  redis = await startRedisServer();
  connections = openConnections(redis.url, pino({ level: 'silent' }));
  inspect = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  await inspect.connect();
  await until(() => connections.state() === 'up');
});

afterAll(async () => {
  inspect?.disconnect();
  await connections?.close();
  await redis?.stop();
});

describe('the shared APQ store', () => {
  it('keeps at most its byte budget across replicas, dropping the oldest first', async () => {
    const bound = { namespace: 'apq:', maxBytes: 100 };
    const a = new RedisStore(connections.commands, 'bound-test:', bound);
    const b = new RedisStore(connections.commands, 'bound-test:', bound);
    const doc = (n: number) => `{ q${n} ${'x'.repeat(24)} }`; // 30 bytes
    for (let n = 1; n <= 6; n += 1) await (n % 2 ? a : b).set(`apq:${n}`, doc(n), 60_000);
    expect(await bytesUnder('bound-test:apq:*')).toBeLessThanOrEqual(100);
    // Three of 30 bytes fit in 100: the last three stored.
    expect(await Promise.all([1, 2, 3, 4, 5, 6].map((n) => a.get(`apq:${n}`)))).toEqual([
      undefined,
      undefined,
      undefined,
      doc(4),
      doc(5),
      doc(6),
    ]);

    // A document larger than the whole budget is kept nowhere and evicts nothing.
    await a.set('apq:big', 'y'.repeat(101), 60_000);
    expect(await a.get('apq:big')).toBeUndefined();
    expect(await b.get('apq:4')).toBe(doc(4));

    // A deletion frees its bytes: one more fits without evicting.
    await b.delete('apq:4');
    await a.set('apq:7', doc(7), 60_000);
    expect(await Promise.all([5, 6, 7].map((n) => b.get(`apq:${n}`)))).toEqual([
      doc(5),
      doc(6),
      doc(7),
    ]);

    // Other caches under the same store are not counted nor evicted.
    await a.set('service:AC1', 'z'.repeat(500), 60_000);
    await a.set('apq:8', doc(8), 60_000);
    expect(await a.get('service:AC1')).toBe('z'.repeat(500));
    expect(await bytesUnder('bound-test:apq:*')).toBeLessThanOrEqual(100);
  });
});

describe('a shared idempotency claim', () => {
  const outcome = { ok: false as const, message: 'kept', extensions: {} };

  it('is renewed while its write runs, past its expiry, and answers the repeat once written', async () => {
    const store = new RedisStore(connections.commands, 'claim-test:');
    const options = { ttlMs: 60_000, maxKeys: 10, pendingTtlMs: 150, pollMs: 5 };
    const a = new SharedIdempotencyStore(store, options);
    const b = new SharedIdempotencyStore(store, options);
    expect(await a.claim('slow', 'f')).toBeNull();

    // Watch the claim's expiry be pushed back several times: without renewal it would be gone
    // after one 150 ms lifetime, that is before the second renewal.
    const key = 'claim-test:idempotency:slow';
    let renewals = 0;
    let last = await inspect.pttl(key);
    await until(async () => {
      const now = await inspect.pttl(key);
      expect(now).toBeGreaterThan(0);
      if (now > last) renewals += 1;
      last = now;
      return renewals >= 4;
    });
    const repeat = await b.claim('slow', 'f');
    expect(repeat?.state).toBe('pending');

    await a.complete('slow', outcome);
    if (repeat?.state === 'pending') await repeat.settled;
    expect(await b.claim('slow', 'f')).toMatchObject({ state: 'done', outcome });
    // No renewal outlives the outcome: the key keeps the outcome's expiry.
    expect(await inspect.pttl(key)).toBeGreaterThan(150);
  });

  it('frees its key once its holder stops renewing it (a replica that died)', async () => {
    const store = new RedisStore(connections.commands, 'claim-test:');
    const stalled: SharedStore = {
      get: (key) => store.get(key),
      set: (key, value, ttl) => store.set(key, value, ttl),
      delete: (key) => store.delete(key),
      setIfAbsent: (key, value, ttl) => store.setIfAbsent(key, value, ttl),
      renew: () => Promise.reject(new Error('this replica is gone')),
    };
    const options = { ttlMs: 60_000, maxKeys: 10, pendingTtlMs: 100, pollMs: 5 };
    const dead = new SharedIdempotencyStore(stalled, options);
    const other = new SharedIdempotencyStore(store, options);
    expect(await dead.claim('orphan', 'f')).toBeNull();
    const repeat = await other.claim('orphan', 'f');
    expect(repeat?.state).toBe('pending');
    if (repeat?.state === 'pending') await repeat.settled;
    // The claim lapsed: the repeat may now write itself.
    expect(await other.claim('orphan', 'f')).toBeNull();
    await other.release('orphan');
  });
});

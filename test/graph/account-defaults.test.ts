/**
 * The gateway-lifetime cache of each account's default chat service: per account, expiring,
 * one fetch for concurrent misses, failures never kept, newer records win over older fetches.
 */
import { describe, expect, it } from 'vitest';
import { createAccountDefaults } from '../../src/loaders/account-defaults.js';

const A = `AC${'a'.repeat(32)}`;
const B = `AC${'b'.repeat(32)}`;

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('account defaults cache', () => {
  it("never serves one account's default service to another", async () => {
    const cache = createAccountDefaults();
    cache.record(A, 'ISa');
    expect(cache.peek(A)).toBe('ISa');
    expect(cache.peek(B)).toBeUndefined();
    let fetched = 0;
    const value = await cache.lookup(B, () => {
      fetched += 1;
      return Promise.resolve('ISb');
    });
    expect(value).toBe('ISb');
    expect(fetched).toBe(1);
    expect(cache.peek(A)).toBe('ISa');
    expect(cache.peek(B)).toBe('ISb');
  });

  it('reuses an answer until the TTL has passed, then asks again', async () => {
    const time = clock();
    const cache = createAccountDefaults({ ttlMs: 1_000, now: time.now });
    let fetched = 0;
    const fetch = () => {
      fetched += 1;
      return Promise.resolve(`IS${fetched}`);
    };
    expect(await cache.lookup(A, fetch)).toBe('IS1');
    time.advance(999);
    expect(await cache.lookup(A, fetch)).toBe('IS1');
    time.advance(1);
    expect(await cache.lookup(A, fetch)).toBe('IS2');
    expect(fetched).toBe(2);
  });

  it('shares one fetch between concurrent misses of the same account', async () => {
    const cache = createAccountDefaults();
    let release: (value: string) => void = () => undefined;
    let fetched = 0;
    const fetch = () => {
      fetched += 1;
      return new Promise<string>((resolve) => {
        release = resolve;
      });
    };
    const first = cache.lookup(A, fetch);
    const second = cache.lookup(A, fetch);
    release('ISa');
    expect(await Promise.all([first, second])).toEqual(['ISa', 'ISa']);
    expect(fetched).toBe(1);
  });

  it('never keeps a failure', async () => {
    const cache = createAccountDefaults();
    await expect(cache.lookup(A, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(cache.peek(A)).toBeUndefined();
    expect(await cache.lookup(A, () => Promise.resolve('ISa'))).toBe('ISa');
  });

  it("does not pass another request's failed fetch on: a waiting request asks for itself", async () => {
    const cache = createAccountDefaults();
    let fail: (error: Error) => void = () => undefined;
    const first = cache.lookup(A, () => new Promise<string | null>((_, reject) => (fail = reject)));
    let ownFetches = 0;
    const second = cache.lookup(A, () => {
      ownFetches += 1;
      return Promise.resolve('ISa');
    });
    fail(new Error('the first client went away'));
    await expect(first).rejects.toThrow('went away');
    expect(await second).toBe('ISa');
    expect(ownFetches).toBe(1);
    expect(cache.peek(A)).toBe('ISa');
  });

  it('keeps a record written while a fetch was running over that older answer', async () => {
    const cache = createAccountDefaults();
    let release: (value: string) => void = () => undefined;
    const pending = cache.lookup(
      A,
      () =>
        new Promise<string>((resolve) => {
          release = resolve;
        }),
    );
    cache.record(A, 'ISnew');
    release('ISold');
    await pending;
    expect(cache.peek(A)).toBe('ISnew');
  });

  it('caches nothing with a TTL of 0', async () => {
    const cache = createAccountDefaults({ ttlMs: 0 });
    cache.record(A, 'ISa');
    expect(cache.peek(A)).toBeUndefined();
  });
});

/**
 * The default-service cache shared through Redis: one replica's answer serves the others, a
 * Redis that is down costs an upstream call and never an answer; the store interface
 * (src/cache) is what other caches use to share through Redis too.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountDefaults } from '../../src/loaders/index.js';
import { openConnections, type Connections } from '../../src/shared-state/connection.js';
import { RedisStore } from '../../src/shared-state/store.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

const AC = 'AC00000000000000000000000000000000';
let redis: RedisServer;
let connections: Connections;

beforeAll(async () => {
  redis = await startRedisServer();
  connections = openConnections(redis.url, pino({ level: 'silent' }));
  while (connections.state() !== 'up') await new Promise((resolve) => setTimeout(resolve, 5));
});

afterAll(async () => {
  await connections?.close();
  await redis?.stop();
});

describe('shared default-service cache', () => {
  it("serves one replica's lookup to another without asking Twilio again", async () => {
    const store = new RedisStore(connections.commands, 'cache-test:');
    const a = createAccountDefaults({ shared: store });
    const b = createAccountDefaults({ shared: store });
    let fetches = 0;
    const fetch = () => {
      fetches += 1;
      return Promise.resolve('IS00000000000000000000000000000001');
    };
    expect(await a.lookup(AC, fetch)).toBe('IS00000000000000000000000000000001');
    expect(await b.lookup(AC, fetch)).toBe('IS00000000000000000000000000000001');
    expect(fetches).toBe(1);
    // An account without a default service is remembered as such, too.
    a.record('AC00000000000000000000000000000009', null);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await b.lookup('AC00000000000000000000000000000009', fetch)).toBeNull();
    expect(fetches).toBe(1);
  });

  it('asks Twilio when the store fails', async () => {
    const broken = {
      get: () => Promise.reject(new Error('down')),
      set: () => Promise.reject(new Error('down')),
      delete: () => Promise.reject(new Error('down')),
      setIfAbsent: () => Promise.reject(new Error('down')),
      renew: () => Promise.reject(new Error('down')),
    };
    const cache = createAccountDefaults({ shared: broken });
    expect(await cache.lookup(AC, () => Promise.resolve('IS2'))).toBe('IS2');
    expect(cache.peek(AC)).toBe('IS2');
  });
});

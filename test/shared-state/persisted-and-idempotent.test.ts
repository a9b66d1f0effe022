/**
 * Issue 13, item 1: with `REDIS_URL`, automatic persisted queries and `idempotencyKey`s are
 * shared by every replica. Two in-process gateways share one real Redis and one emulator; the
 * emulator's log counts the creates. A Redis that fails leaves each process its own memory.
 */
import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SharedStore } from '../../src/cache/index.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { SharedIdempotencyStore } from '../../src/graph/index.js';
import { createGateway, type Gateway } from '../../src/server/app.js';
import { graphBinding } from '../../src/server/graph-binding.js';
import { PersistedDocumentCache } from '../../src/server/guards/trusted-documents.js';
import { createSharedState } from '../../src/shared-state/index.js';
import { postGraphQL } from '../server/support/stack.js';
import { CREATE_CONVERSATION, ObservedStore } from '../server/support/observed-idempotency.js';
import { UpstreamGate } from '../server/support/upstream-gate.js';
import { emulatorConfig } from '../support/emulator-client.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

let redis: RedisServer;
let emulator: RunningEmulator;
const gate = new UpstreamGate();
gate.open = true;
const replicas: Gateway[] = [];

async function replica(): Promise<{ gateway: Gateway; idempotency: ObservedStore }> {
  const sharedState = await createSharedState({
    url: redis.url,
    logger: pino({ level: 'silent' }),
  });
  const idempotency = new ObservedStore(
    new SharedIdempotencyStore(sharedState.store, { ttlMs: 60_000, maxKeys: 100 }),
  );
  const gateway = await createGateway({
    twilio: emulatorConfig(emulator),
    graph: graphBinding({ sharedStore: sharedState.store, idempotencyStore: idempotency }),
    sharedState,
  });
  replicas.push(gateway);
  return { gateway, idempotency };
}

function conversationCreates(): number {
  return Object.entries(emulator.requestLog().byOperation)
    .filter(([id]) => /^conversations\.v1\.Create(Service)?Conversation$/.test(id))
    .reduce((sum, [, count]) => sum + count, 0);
}

function createdSid(body: { data?: Record<string, unknown> | null }): string | undefined {
  const payload = body.data?.createConversation as { conversation: { sid: string } | null };
  return payload.conversation?.sid;
}

async function byHash(gateway: Gateway, hash: string, query?: string) {
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...(query === undefined ? {} : { query }),
      extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
    }),
  });
  return (await response.json()) as {
    data?: Record<string, unknown>;
    errors?: { extensions?: { code?: string } }[];
  };
}

let a: Awaited<ReturnType<typeof replica>>;
let b: Awaited<ReturnType<typeof replica>>;

beforeAll(async () => {
  redis = await startRedisServer();
  emulator = await startEmulator({ latency: { fixedMs: 1 }, sleep: gate.sleep });
  [a, b] = [await replica(), await replica()];
});

afterAll(async () => {
  gate.release();
  await Promise.all(replicas.map((gateway) => gateway.close()));
  await emulator?.close();
  await redis?.stop();
});

describe('automatic persisted queries shared across replicas', () => {
  it('runs by hash on replica B a document registered through replica A', async () => {
    const query = '{ conversations(first: 1) { nodes { id } } }';
    const hash = createHash('sha256').update(query).digest('hex');
    const registered = await byHash(a.gateway, hash, query);
    expect(registered.errors).toBeUndefined();
    const onB = await byHash(b.gateway, hash);
    expect(onB.errors).toBeUndefined();
    expect(onB.data).toEqual(registered.data);
    // An unknown hash is still unknown everywhere.
    const unknown = await byHash(b.gateway, createHash('sha256').update('{ x }').digest('hex'));
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('idempotencyKey shared across replicas', () => {
  it('answers a repeat on replica B with the create made through replica A', async () => {
    emulator.clearRequests();
    const input = { friendlyName: 'Shared once', idempotencyKey: 'shared-key-1' };
    const first = (await postGraphQL(a.gateway, CREATE_CONVERSATION, { input })).body;
    const again = (await postGraphQL(b.gateway, CREATE_CONVERSATION, { input })).body;
    expect(first.errors).toBeUndefined();
    expect(again.errors).toBeUndefined();
    expect(createdSid(first)).toMatch(/^CH/);
    expect(createdSid(again)).toBe(createdSid(first));
    expect(conversationCreates()).toBe(1);
  });

  it('answers a repeat on B that arrives while the first is still writing on A, writing once', async () => {
    emulator.clearRequests();
    const input = { friendlyName: 'Shared concurrent', idempotencyKey: 'shared-key-2' };
    gate.open = false;
    const before = gate.arrived;
    const first = postGraphQL(a.gateway, CREATE_CONVERSATION, { input });
    await gate.untilArrived(before + 1);
    const seen = b.idempotency.untilPendingSeen();
    const again = postGraphQL(b.gateway, CREATE_CONVERSATION, { input });
    // B found A's claim in flight; nothing more went to Twilio.
    await seen;
    expect(gate.arrived).toBe(before + 1);
    gate.release();
    const [one, two] = [(await first).body, (await again).body];
    expect(one.errors).toBeUndefined();
    expect(two.errors).toBeUndefined();
    expect(createdSid(two)).toBe(createdSid(one));
    expect(conversationCreates()).toBe(1);
  });
});

describe('when the shared store fails', () => {
  const broken: SharedStore = {
    get: () => Promise.reject(new Error('down')),
    set: () => Promise.reject(new Error('down')),
    delete: () => Promise.reject(new Error('down')),
    setIfAbsent: () => Promise.reject(new Error('down')),
    renew: () => Promise.reject(new Error('down')),
  };

  it('keeps persisted queries registered here in memory', async () => {
    const cache = new PersistedDocumentCache(null, undefined, broken);
    await cache.set('apq:abc', '{ a }');
    expect(await cache.get('apq:abc')).toBe('{ a }');
    expect(await cache.get('apq:def')).toBeUndefined();
  });

  it('still holds an idempotencyKey in this process', async () => {
    const store = new SharedIdempotencyStore(broken, { ttlMs: 60_000, maxKeys: 10 });
    expect(await store.claim('k', 'f')).toBeNull();
    expect((await store.claim('k', 'f'))?.state).toBe('pending');
    await store.complete('k', { ok: false, message: 'unknown', extensions: {} });
    expect(await store.claim('k', 'f')).toMatchObject({ state: 'done', fingerprint: 'f' });
  });
});

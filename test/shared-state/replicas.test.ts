/**
 * Two gateway processes sharing one Redis (`REDIS_URL`) in front of one emulator: events fan out
 * across replicas once, a webhook delivered to both is published once, the Twilio budget is
 * global, and a Redis that dies and comes back costs no answer.
 */
import { createClient, type Client } from 'graphql-ws';
import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import {
  defaultChatServiceSid,
  registerPostEventWebhook,
} from '../../src/server/realtime/index.js';
import { subscribe, type Frames } from '../realtime/support/live.js';
import { emulatorClient } from '../support/emulator-client.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { emulatorEnvironment, startReplica, type Replica } from '../support/replica-process.js';
import { BURST_SEED, BURST_NESTED_READ } from '../support/burst-workload.js';

let redis: RedisServer;
let emulator: RunningEmulator;
let a: Replica;
let b: Replica;
let serviceSid: string;
let conversation: { id: string; sid: string };
const clients: Client[] = [];

async function post(replica: Replica, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(replica.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as {
    data?: Record<string, unknown>;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

async function run(replica: Replica, query: string, variables: Record<string, unknown> = {}) {
  const body = await post(replica, query, variables);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data ?? {};
}

async function readyz(replica: Replica): Promise<Record<string, string>> {
  return (await (await fetch(new URL('/readyz', replica.url))).json()) as Record<string, string>;
}

async function openSubscriptions(replica: Replica): Promise<number> {
  const text = await (await fetch(new URL('/metrics', replica.url))).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('gateway_subscriptions_open{transport="websocket"}'));
  return Number(line?.split(' ').pop() ?? 'NaN');
}

/** Subscribes on `replica` to messages of the conversation; resolves once the replica counts it. */
async function watch(replica: Replica): Promise<Frames> {
  const before = await openSubscriptions(replica);
  const client = createClient({ url: replica.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
  clients.push(client);
  const frames = subscribe(
    client,
    'subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }',
    { id: conversation.id },
  );
  while ((await openSubscriptions(replica)) !== before + 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return frames;
}

async function send(replica: Replica, body: string): Promise<void> {
  await run(
    replica,
    `mutation ($id: ID!, $body: String!) {
      sendMessage(input: { conversationId: $id, author: "alice", body: $body, webhookEnabled: true }) { message { id } }
    }`,
    { id: conversation.id, body },
  );
}

async function bodyOf(frames: Frames): Promise<unknown> {
  const frame = await frames.next();
  return (frame.data?.messageAdded as { body: string } | undefined)?.body;
}

function logged(replica: Replica, text: string): number {
  return replica.logs.filter((entry) => String(entry.msg).startsWith(text)).length;
}

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

beforeAll(async () => {
  redis = await startRedisServer();
  emulator = await startEmulator({ seed: BURST_SEED });
  const env = {
    ...emulatorEnvironment(emulator),
    REDIS_URL: redis.url,
    // The account's limit as its operator knows it: with REDIS_URL, for all replicas together.
    TWILIO_CLIENT_MAX_IN_FLIGHT: '30',
    TWILIO_CLIENT_MAX_ATTEMPTS: '10',
    TWILIO_CLIENT_BACKOFF_BASE_MS: '1',
    TWILIO_CLIENT_BACKOFF_CAP_MS: '5',
    // The burst's nested read is estimated (50 × 50 participant slots) above the default budget
    // of 500; this test is about the shared concurrency, not the budget.
    GATEWAY_MAX_UPSTREAM_REQUESTS: '5000',
  };
  [a, b] = await Promise.all([startReplica(env), startReplica(env)]);
  const client = emulatorClient(emulator);
  serviceSid = (await defaultChatServiceSid(client)) ?? '';
  // Twilio posts each event to one URL: replica A.
  await registerPostEventWebhook(client, serviceSid, a.webhookUrl);
  await client.close();
  const data = await run(a, '{ conversations(first: 1) { nodes { id sid } } }');
  conversation = (data.conversations as { nodes: { id: string; sid: string }[] }).nodes[0]!;
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  // The next test counts its own subscriptions from zero.
  await until(async () => (await openSubscriptions(a)) + (await openSubscriptions(b)) === 0);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await emulator?.close();
  await redis?.stop();
});

describe('two replicas, one Redis', () => {
  it('reports Redis in /readyz', async () => {
    expect(await readyz(a)).toEqual({ status: 'ready', redis: 'up' });
    expect(await readyz(b)).toEqual({ status: 'ready', redis: 'up' });
  });

  it('delivers an event received by replica A to subscribers on both replicas, once each', async () => {
    const onB = await watch(b);
    const onA = await watch(a);
    await send(b, 'first');
    await send(b, 'second');
    // Had either replica delivered "first" twice, the second frame would be "first" again.
    expect([await bodyOf(onB), await bodyOf(onB)]).toEqual(['first', 'second']);
    expect([await bodyOf(onA), await bodyOf(onA)]).toEqual(['first', 'second']);
  });

  it('publishes a delivery sent to both replicas once', async () => {
    const onB = await watch(b);
    const deliver = async (replica: Replica, body: string, token: string) => {
      const params = {
        EventType: 'onMessageAdded',
        AccountSid: emulator.credentials.accountSid,
        ChatServiceSid: serviceSid,
        ConversationSid: conversation.sid,
        MessageSid: `IM${token.padStart(32, '0')}`,
        Author: 'alice',
        Body: body,
        Index: '0',
        Source: 'API',
        RetryCount: '0',
      };
      const response = await fetch(replica.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(
            emulator.credentials.authToken,
            replica.webhookUrl,
            params,
          ),
          'i-twilio-idempotency-token': token,
        },
        body: new URLSearchParams(params).toString(),
      });
      expect(response.status).toBe(200);
    };
    await deliver(a, 'retried', 'abc1');
    await deliver(b, 'retried', 'abc1');
    await deliver(a, 'marker', 'abc2');
    expect([await bodyOf(onB), await bodyOf(onB)]).toEqual(['retried', 'marker']);
  });

  it('keeps a burst through both replicas within the account limit of 30, no 429 at all', async () => {
    emulator.setConcurrencyLimit(30);
    emulator.setLatency({ fixedMs: 20 });
    emulator.clearRequests();
    try {
      const answers = await Promise.all(
        [a, b, a, b].map((replica) => post(replica, BURST_NESTED_READ)),
      );
      for (const answer of answers) expect(answer.errors).toBeUndefined();
      const served = emulator.requestLog().requests;
      // Four operations of ~100 calls each, up to 50 at once each: without the shared budget
      // both replicas send 30 at once. The emulator refuses with 429 beyond 30 in flight, so
      // zero 429s means the emulator never saw more than 30.
      expect(served.length).toBeGreaterThan(400);
      expect(served.filter((r) => r.status === 429)).toHaveLength(0);
    } finally {
      emulator.setConcurrencyLimit(null);
      emulator.setLatency({ fixedMs: 0 });
    }
  });

  it('keeps answering while Redis is down, says so once, and recovers when it returns', async () => {
    await redis.kill();
    await until(
      async () => (await readyz(a)).redis === 'down' && (await readyz(b)).redis === 'down',
    );
    expect(await readyz(a)).toEqual({ status: 'ready', redis: 'down' });
    // The log line travels through a pipe; /readyz may answer first.
    await until(() => logged(a, 'Redis unavailable') > 0 && logged(b, 'Redis unavailable') > 0);

    // Reads and writes on both replicas, several times over.
    for (const replica of [a, b, a, b]) {
      await run(replica, '{ conversations(first: 2) { nodes { sid } } }');
      await send(replica, 'while Redis is down');
    }
    // Events stay on the replica Twilio posts to (A) while Redis is away.
    const onA = await watch(a);
    await send(b, 'local only');
    expect(await bodyOf(onA)).toBe('local only');
    expect(logged(a, 'Redis unavailable')).toBe(1);
    expect(logged(b, 'Redis unavailable')).toBe(1);

    await redis.start();
    await until(async () => (await readyz(a)).redis === 'up' && (await readyz(b)).redis === 'up');
    await until(() => logged(a, 'Redis is back') > 0 && logged(b, 'Redis is back') > 0);
    // Cross-replica events flow again.
    const onB = await watch(b);
    await send(a, 'after the outage');
    expect(await bodyOf(onB)).toBe('after the outage');
    for (const replica of [a, b]) {
      expect(logged(replica, 'Redis unavailable')).toBe(1);
      expect(logged(replica, 'Redis is back')).toBe(1);
    }
  });
});

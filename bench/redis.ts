/**
 * `npm run bench:redis`: what sharing state through Redis costs.
 *
 * - Cross-replica event latency: signed webhooks posted to replica A, one graphql-ws subscriber on
 *   replica B; from the POST leaving the benchmark to the frame arriving (p50, p99, max), beside
 *   the same path within one replica without Redis.
 * - Extra CPU per request: this process's CPU time per GraphQL read and per message write with
 *   `REDIS_URL` against without it (gateway, emulator and Redis client run here; redis-server is
 *   a separate process and not counted).
 *
 * It starts its own redis-server (persistence off) on a free loopback port.
 */
import { createClient } from 'graphql-ws';
import { pino } from 'pino';
import twilio from 'twilio';
import WebSocket from 'ws';
import { startEmulator } from '../src/emulator/index.js';
import { createGateway, type Gateway } from '../src/server/app.js';
import { graphBinding } from '../src/server/graph-binding.js';
import { createSharedState } from '../src/shared-state/index.js';
import { emulatorSettings } from '../src/server/upstream.js';
import { createTwilioConfig } from '../src/twilio/index.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { postGraphQL } from './graphql-post.js';
import { percentile } from './stats.js';

const EVENTS = 500;
const REQUESTS = 600;
const CONCURRENCY = 10;

const redis = await startRedisServer();
const emulator = await startEmulator({ webhooks: false });
const config = createTwilioConfig({ ...emulatorSettings(emulator) });
const logger = pino({ level: 'silent' });

async function gateway(shared: boolean): Promise<Gateway> {
  const sharedState = shared ? await createSharedState({ url: redis.url, logger }) : undefined;
  return createGateway({
    twilio: config,
    graph: graphBinding(sharedState ? { sharedStore: sharedState.store } : {}),
    ...(sharedState ? { sharedState } : {}),
  });
}

const run = (g: Gateway, query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL(g.graphqlUrl, query, variables);

const seedGateway = await gateway(false);
const found = await run(seedGateway, '{ conversation(uniqueName: "general") { id sid } }');
const conversation = found.conversation as { id: string; sid: string };
const service = await run(seedGateway, '{ configuration { defaultChatServiceSid } }');
const serviceSid = (service.configuration as { defaultChatServiceSid: string })
  .defaultChatServiceSid;
await seedGateway.close();

async function eventLatency(receiver: Gateway, subscriberSide: Gateway): Promise<number[]> {
  const client = createClient({
    url: subscriberSide.graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  let subscribed: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (subscribed = resolve));
  const stop = client.subscribe<{ messageAdded: { body: string } }>(
    {
      query: 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }',
      variables: { id: conversation.id },
    },
    {
      next: (frame) => {
        const body = frame.data?.messageAdded.body ?? '';
        if (body === 'warm-up') {
          subscribed();
          return;
        }
        const at = sentAt.get(body);
        if (at !== undefined) latencies.push(performance.now() - at);
        if (latencies.length === EVENTS) done();
      },
      error: (error) => console.error(error),
      complete: () => undefined,
    },
  );
  const post = async (body: string, index: number) => {
    const params = {
      EventType: 'onMessageAdded',
      AccountSid: config.credentials.accountSid,
      ChatServiceSid: serviceSid,
      ConversationSid: conversation.sid,
      MessageSid: `IM${index.toString(16).padStart(32, '0')}`,
      Author: 'bench',
      Body: body,
      Index: String(index),
      Source: 'API',
      RetryCount: '0',
    };
    sentAt.set(body, performance.now());
    await fetch(receiver.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(
          config.credentials.authToken ?? '',
          receiver.webhookUrl,
          params,
        ),
      },
      body: new URLSearchParams(params).toString(),
    });
  };
  // Until the subscription is open, warm-up events are lost; send them until one arrives.
  let warm = 0;
  while (
    (await Promise.race([
      ready.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 50)),
    ])) === false
  ) {
    await post('warm-up', 1_000_000 + warm++);
  }
  for (let i = 0; i < EVENTS; i += 1) await post(`event ${i}`, i);
  await all;
  stop();
  await client.dispose();
  return latencies.sort((a, b) => a - b);
}

function describe(name: string, sorted: number[]): string {
  return `${name}: p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(2)} ms over ${sorted.length} events`;
}

async function cpuPerRequest(request: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 50; i += 1) await request(i); // warm-up
  const before = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) await request(next++);
    }),
  );
  const cpu = process.cpuUsage(before);
  return {
    cpuUs: (cpu.user + cpu.system) / REQUESTS,
    wallMs: (performance.now() - started) / REQUESTS,
  };
}

const read = (g: Gateway) => (_: number) =>
  run(g, '{ conversations(first: 5) { nodes { sid friendlyName } } }');
// Participant updates are rate-limited per conversation (one Redis round trip each with
// REDIS_URL); spread over conversations so the 30/s window does not make the run wait.
const conversations = (
  (await (async () => {
    const g = await gateway(false);
    const data = await run(g, '{ conversations(first: 50) { nodes { id } } }');
    await g.close();
    return data.conversations;
  })()) as { nodes: { id: string }[] }
).nodes;
const write = (g: Gateway) => (i: number) =>
  run(
    g,
    'mutation ($id: ID!, $a: String!) { updateConversation(input: { id: $id, friendlyName: $a }) { conversation { id } } }',
    { id: conversations[i % conversations.length]!.id, a: `bench ${i}` },
  );

const single = await gateway(false);
const local = await eventLatency(single, single);
await single.close();
const [a, b] = [await gateway(true), await gateway(true)];
const cross = await eventLatency(a, b);
await Promise.all([a.close(), b.close()]);

/**
 * CPU is noisy on a shared machine: rounds alternate without and with Redis on fresh gateways,
 * and the median of each side is kept.
 */
const ROUNDS = 3;
async function compare(kind: (g: Gateway) => (i: number) => Promise<unknown>) {
  const without: number[] = [];
  const withRedis: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const shared of [false, true]) {
      const g = await gateway(shared);
      const { cpuUs } = await cpuPerRequest(kind(g));
      (shared ? withRedis : without).push(cpuUs);
      await g.close();
    }
  }
  const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  return [{ cpuUs: median(without) }, { cpuUs: median(withRedis) }] as const;
}
const [plainRead, sharedRead] = await compare(read);
// Writes at most 30/s per conversation: spread over 50 conversations.
const [plainWrite, sharedWrite] = await compare(write);

const line = (name: string, without: { cpuUs: number }, withRedis: { cpuUs: number }) =>
  `${name}: ${without.cpuUs.toFixed(0)} µs CPU without Redis, ${withRedis.cpuUs.toFixed(0)} µs with (${(withRedis.cpuUs - without.cpuUs).toFixed(0)} µs extra, ${(((withRedis.cpuUs - without.cpuUs) / without.cpuUs) * 100).toFixed(1)} %)`;

console.log(describe('event, one replica without Redis (webhook → frame)', local));
console.log(describe('event, replica A → Redis → replica B (webhook → frame)', cross));
console.log(line(`read per request (${REQUESTS}, ${CONCURRENCY} at once)`, plainRead, sharedRead));
console.log(line(`write per request (updateConversation, rate-limited)`, plainWrite, sharedWrite));

await emulator.close();
await redis.stop();

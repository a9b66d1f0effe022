/**
 * Live updates at scale: N subscribers of one conversation, then M messages.
 *
 *   npm run bench:realtime -- [--subscribers 1000] [--messages 100] [--profile out.cpuprofile]
 *
 * The gateway and the embedded emulator run in this process, the subscribers (WebSocket,
 * graphql-transport-ws, `messageAdded { body author index }`) in a child process. Each message
 * is a real write with X-Twilio-Webhook-Enabled through the gateway's `sendMessage`; the
 * emulator posts the signed webhook to the gateway, which fans it out. Messages go one after
 * another: the next is sent once every subscriber's frame of the previous one is written.
 *
 * Printed:
 *   - latency from the webhook's arrival to each subscriber's frame written (p50, p95, p99,
 *     max), measured by the gateway (target: p99 ≤ 50 ms), and per event the first frame (the
 *     fixed cost before the fan-out) and the last (the whole fan-out), as medians over events;
 *   - memory per idle subscriber: the gateway process's heap + external memory with N idle
 *     subscriptions minus without, after GC, over N (target ≤ 20 KB); RSS for comparison;
 *   - the gateway process's CPU per frame (user and system), frames received, Twilio requests
 *     per event;
 *   - the floor: the same frame sent with plain ws.send to as many sockets, and the ratio;
 *   - the load average before and after: the figures are wall-clock, so judge them on a quiet
 *     machine (CPU per frame and the ratio to the floor move less with load).
 *
 * `--profile` writes a CPU profile of the message phase only (not start-up or the floor).
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocketServer, type WebSocket } from 'ws';
import { startEmulator } from '../src/emulator/index.js';
import { createGateway } from '../src/server/app.js';
import { graphBinding } from '../src/server/graph-binding.js';
import { registerDemoWebhook } from '../src/server/realtime/index.js';
import { emulatorSettings } from '../src/server/upstream.js';
import { createTwilioConfig } from '../src/twilio/index.js';
import { postGraphQL } from './graphql-post.js';
import { ascending, percentile } from './stats.js';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: process.env.BENCH_SUBSCRIBERS ?? '1000' },
    messages: { type: 'string', default: process.env.BENCH_MESSAGES ?? '100' },
    profile: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help === true) {
  console.log(
    'Usage: npm run bench:realtime -- [--subscribers n] [--messages n] [--profile file.cpuprofile]',
  );
  process.exit(0);
}
const subscribers = Number(values.subscribers);
const messages = Number(values.messages);
if (
  !Number.isInteger(subscribers) ||
  subscribers < 1 ||
  !Number.isInteger(messages) ||
  messages < 1
) {
  console.error('bench:realtime: --subscribers and --messages expect whole numbers ≥ 1');
  process.exit(2);
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('bench:realtime: run with node --expose-gc (npm run bench:realtime does)');
  process.exit(2);
}

function memory(): { heap: number; rss: number } {
  for (let i = 0; i < 3; i++) gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external, rss: m.rss };
}

const latencies: number[] = [];
let delivered = 0;
const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
const gateway = await createGateway({
  twilio: createTwilioConfig({ ...emulatorSettings(emulator) }),
  graph: graphBinding(),
  realtime: {
    onDelivered: (ms) => {
      latencies.push(ms);
      delivered += 1;
    },
  },
});
await registerDemoWebhook(gateway);
const graphql = (query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL(gateway.graphqlUrl, query, variables);
const conversationId = (
  (await graphql('{ conversation(uniqueName: "general") { id } }')).conversation as { id: string }
).id;

const clients = fork(fileURLToPath(new URL('./realtime-clients.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx'],
});
const reply = <T>(type: string) =>
  new Promise<T>((resolve) => {
    const on = (message: { type: string }) => {
      if (message.type !== type) return;
      clients.off('message', on);
      resolve(message as T);
    };
    clients.on('message', on);
  });
const openGauge = async () => {
  const metric = await gateway.metrics.registry
    .getSingleMetric('gateway_subscriptions_open')
    ?.get();
  return metric?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
};
const until = async (done: () => boolean | Promise<boolean>) => {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 5));
};

const before = memory();
const subscribed = reply('subscribed');
clients.send({
  type: 'start',
  url: gateway.graphqlUrl.replace(/^http/, 'ws'),
  count: subscribers,
  query: 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body author index } }',
  variables: { id: conversationId },
});
await subscribed;
await until(async () => (await openGauge()) === subscribers);
const idle = memory();

emulator.clearRequests();
// Only the message phase is profiled (not start-up, subscribing or the floor below).
const profiler = values.profile === undefined ? null : new Session();
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
const loadBefore = os.loadavg()[0] ?? NaN;
const started = performance.now();
const cpuBefore = process.cpuUsage();
for (let i = 0; i < messages; i++) {
  await graphql(
    `
      mutation ($id: ID!, $body: String!) {
        sendMessage(
          input: { conversationId: $id, author: "bench", body: $body, webhookEnabled: true }
        ) {
          message {
            sid
          }
        }
      }
    `,
    { id: conversationId, body: `message ${i}` },
  );
  await until(() => delivered >= (i + 1) * subscribers);
}
const elapsed = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const loadAfter = os.loadavg()[0] ?? NaN;
if (profiler && values.profile !== undefined) {
  const { profile } = await profiler.post('Profiler.stop');
  profiler.disconnect();
  writeFileSync(values.profile, JSON.stringify(profile));
}
const counted = reply<{ frames: number; errors: number }>('counted');
await until(async () => {
  clients.send({ type: 'count' });
  const { frames } = await counted;
  return frames >= subscribers * messages;
}).catch(() => undefined);
const { frames, errors } = await counted;
const twilioRequests = emulator.requestLog().total - messages;

const sortedLatencies = ascending(latencies);
const pct = (p: number) => percentile(sortedLatencies, p);
const ms = (value: number) => `${value.toFixed(1)} ms`;
// Messages go one at a time, so each run of `subscribers` latencies is one event's frames:
// its first frame is the fixed cost before the fan-out, its last one the whole fan-out.
const firsts: number[] = [];
const lasts: number[] = [];
for (let i = 0; i + subscribers <= latencies.length; i += subscribers) {
  const event = latencies.slice(i, i + subscribers);
  firsts.push(Math.min(...event));
  lasts.push(Math.max(...event));
}
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
console.log(
  `subscribers: ${subscribers} on one conversation; messages: ${messages} (${(elapsed / 1000).toFixed(1)} s); load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${os.availableParallelism()} cores`,
);
console.log(
  `webhook received → frame written: p50 ${ms(pct(50))}, p95 ${ms(pct(95))}, p99 ${ms(pct(99))}, max ${ms(sortedLatencies.at(-1) ?? NaN)} over ${latencies.length} frames (target p99 ≤ 50 ms)`,
);
console.log(
  `  per event (median over events): first frame ${ms(percentile(ascending(firsts), 50))}, last frame ${ms(percentile(ascending(lasts), 50))}`,
);
console.log(
  `memory per idle subscriber: ${kb((idle.heap - before.heap) / subscribers)} KB heap+external (target ≤ 20 KB); ${kb((idle.rss - before.rss) / subscribers)} KB RSS`,
);
// This process also runs the emulator and the HTTP writes; all of it is counted here.
const cpuPerFrameUs = (cpu.user + cpu.system) / (subscribers * messages);
console.log(
  `gateway process CPU: ${cpuPerFrameUs.toFixed(1)} µs per frame (${((cpuPerFrameUs * subscribers) / 1000).toFixed(1)} ms of one core per event; user ${(cpu.user / (subscribers * messages)).toFixed(1)} µs, system ${(cpu.system / (subscribers * messages)).toFixed(1)} µs)`,
);
console.log(
  `frames received: ${frames} (errors: ${errors}); Twilio requests per event: ${twilioRequests / messages}`,
);
if (values.profile !== undefined)
  console.log(`CPU profile of the message phase: ${values.profile}`);

// The floor on this machine, now: the same frame written with plain ws.send to as many
// sockets of a bare WebSocket server (no GraphQL, no protocol), from this process.
const raw = createServer();
const rawServer = new WebSocketServer({ server: raw });
const rawSockets: WebSocket[] = [];
rawServer.on('connection', (socket) => rawSockets.push(socket));
await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
const rawOpen = reply('raw-open');
clients.send({
  type: 'raw',
  url: `ws://127.0.0.1:${(raw.address() as AddressInfo).port}`,
  count: subscribers,
});
await rawOpen;
await until(() => rawSockets.length === subscribers);
const frame = JSON.stringify({
  id: '1',
  type: 'next',
  payload: { data: { messageAdded: { body: 'message 1', author: 'bench', index: 1 } } },
});
const floorCpu = process.cpuUsage();
const floorStart = performance.now();
for (let i = 0; i < messages; i++) {
  await Promise.all(
    rawSockets.map((socket) => new Promise<void>((resolve) => socket.send(frame, () => resolve()))),
  );
}
const floorWall = (performance.now() - floorStart) / messages;
const floorUsage = process.cpuUsage(floorCpu);
const floorUs = (floorUsage.user + floorUsage.system) / (subscribers * messages);
console.log(
  `floor, plain ws.send of one frame to ${subscribers} sockets: ${floorUs.toFixed(1)} µs CPU per frame, ${floorWall.toFixed(1)} ms per round (load average ${os.loadavg()[0]?.toFixed(1)}); the gateway costs ${(cpuPerFrameUs / floorUs).toFixed(1)}× the floor`,
);
rawServer.close();
raw.close();

clients.send({ type: 'stop' });
await gateway.close();
await emulator.close();

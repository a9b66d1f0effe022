/**
 * A per-conversation write burst through two replicas sharing one Redis is held to 30 actions
 * per second for the conversation as a whole, queued rather than refused. The replicas are two
 * in-process gateways so they can share one manual clock: the emulator's counts are read while
 * time stands still, then time moves on by exactly one window.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createGateway, type Gateway } from '../../src/server/app.js';
import { graphBinding } from '../../src/server/graph-binding.js';
import { createSharedState } from '../../src/shared-state/index.js';
import { postGraphQL } from '../server/support/stack.js';
import { emulatorConfig } from '../support/emulator-client.js';
import { ManualRateClock } from '../support/manual-rate-clock.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

let redis: RedisServer;
let emulator: RunningEmulator;
const clock = new ManualRateClock();
const replicas: Gateway[] = [];

async function replica(): Promise<Gateway> {
  const sharedState = await createSharedState({
    url: redis.url,
    logger: pino({ level: 'silent' }),
    rateClock: clock,
  });
  const gateway = await createGateway({
    twilio: emulatorConfig(emulator),
    graph: graphBinding({ sharedStore: sharedState.store }),
    sharedState,
  });
  replicas.push(gateway);
  return gateway;
}

function messageCreates(): number {
  const byOperation = emulator.requestLog().byOperation;
  return Object.entries(byOperation)
    .filter(([id]) => /^conversations\.v1\.Create(Service)?ConversationMessage$/.test(id))
    .reduce((sum, [, count]) => sum + count, 0);
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

beforeAll(async () => {
  redis = await startRedisServer();
  emulator = await startEmulator({});
});

afterAll(async () => {
  await Promise.all(replicas.map((gateway) => gateway.close()));
  await emulator?.close();
  await redis?.stop();
});

describe('Conversations action rates shared across replicas', () => {
  it('queues a 45-message burst to one conversation: 30 in the first second, 15 in the next', async () => {
    const [a, b] = [await replica(), await replica()];
    const found = await postGraphQL(a, '{ conversation(uniqueName: "general") { id } }');
    const id = (found.body.data?.conversation as { id: string }).id;
    emulator.clearRequests();
    const sends = Array.from({ length: 45 }, (_, i) =>
      postGraphQL(
        i % 2 === 0 ? a : b,
        `mutation ($id: ID!, $body: String!) {
          sendMessage(input: { conversationId: $id, author: "alice", body: $body }) { message { id } }
        }`,
        { id, body: `burst ${i}` },
      ),
    );
    // Each replica's first waiting caller sleeps on the clock; the others queue behind it.
    await until(() => messageCreates() === 30 && clock.sleeping === 2);
    // Time stands still: nothing more may reach Twilio.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(messageCreates()).toBe(30);

    clock.advance(1000);
    const answers = await Promise.all(sends);
    for (const answer of answers) expect(answer.body.errors).toBeUndefined();
    expect(messageCreates()).toBe(45);
    expect(emulator.requestLog().requests.filter((r) => r.status === 429)).toHaveLength(0);
  });
});

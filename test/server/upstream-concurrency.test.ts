/**
 * The adaptive Twilio concurrency limit end to end: the gateway over HTTP in front of an
 * emulator that answers 429/20429 beyond 30 requests in flight, as a Twilio account would.
 *
 * The emulator's latency is a scheduler, not a clock: it holds every request and answers the
 * oldest one only when every request the client has in flight is held, so the emulator sees
 * exactly the concurrency the client sends and each answer is handled before the next. That
 * makes the count of 429s an exact, repeatable number, whatever the machine's load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startStack, type Stack } from './support/stack.js';

const NESTED_READ = `{
  conversations(first: 50) {
    nodes { sid participants(first: 50) { nodes { identity user { friendlyName } } } }
  }
}`;

async function limitMetric(stack: Stack): Promise<number> {
  const text = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
  const line = text.split('\n').find((l) => l.startsWith('gateway_upstream_concurrency_limit '));
  return Number(line?.split(' ')[1]);
}

describe('adaptive upstream concurrency against a Twilio limit of 30', () => {
  let stack: Stack;
  const held: (() => void)[] = [];
  let pumping = true;
  /** Answers one held request whenever all the client's requests in flight are held. */
  const pump = () => {
    if (!pumping) return;
    if (held.length > 0 && held.length === stack.gateway.client.concurrency().inFlight) {
      held.shift()?.();
    }
    setImmediate(pump);
  };

  beforeAll(async () => {
    stack = await startStack({
      emulator: {
        concurrencyLimit: 30,
        latency: { fixedMs: 1 },
        sleep: () => new Promise<void>((resolve) => held.push(resolve)),
        seed: {
          conversationsPerService: 50,
          participantsPerConversation: 3,
          usersPerService: 150,
          messagesPerConversation: 0,
          publicChannelsPerService: 0,
        },
      },
      // The read alone drives the limit, so one operation may use the whole account. A 429 is
      // repeated without backoff: the emulator's limit is about concurrency, not time.
      tuning: { maxAttempts: 10, maxSharePerOperation: 1 },
      warmUp: false,
    });
    pump();
  });
  afterAll(async () => {
    pumping = false;
    for (const answer of held.splice(0)) answer();
    await stack.close();
  });

  it('completes the nested read with no error; the limit settles at 30 after one 429', async () => {
    expect(await limitMetric(stack)).toBe(20);
    stack.emulator.clearRequests();
    const { body } = await postGraphQL(stack.gateway, NESTED_READ);
    expect(body.errors).toBeUndefined();
    const conversations = (
      body.data?.conversations as {
        nodes: {
          participants: {
            nodes: { identity: string | null; user: { friendlyName: string } | null }[];
          };
        }[];
      }
    ).nodes;
    expect(conversations).toHaveLength(50);
    const chatParticipants = conversations.flatMap((c) =>
      c.participants.nodes.filter((p) => p.identity !== null),
    );
    expect(chatParticipants).toHaveLength(150);
    expect(chatParticipants.every((p) => typeof p.user?.friendlyName === 'string')).toBe(true);

    const served = stack.emulator.requestLog().requests;
    const throttled = served.filter((r) => r.status === 429);
    // The limit rose from 20 past 30 once, was refused once, learnt the capacity (the 429 said
    // 31 in flight) and stayed at or below it for the rest of the read.
    expect(throttled).toHaveLength(1);
    expect(body.extensions?.upstream).toMatchObject({ retries: 1, requests: served.length });
    expect(await limitMetric(stack)).toBe(30);
    expect(stack.gateway.client.concurrency()).toEqual({ limit: 30, inFlight: 0, queued: 0 });
  });
});

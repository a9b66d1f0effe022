/**
 * Twilio concurrency end to end, the gateway over HTTP in front of the emulator: the adaptive
 * limit against an emulator that answers 429/20429 beyond 30 requests in flight, as a Twilio
 * account would, and fair sharing of the slots between a big and a small operation.
 *
 * The emulator's latency is a scheduler, not a clock: it holds every request and answers the
 * oldest one only when every request the client has in flight is held, so the emulator sees
 * exactly the concurrency the client sends and each answer is handled before the next. That
 * makes the count of 429s and the order of requests exact, whatever the machine's load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startStack, type Stack } from './support/stack.js';
import { BURST_SEED } from '../support/burst-workload.js';

/**
 * A budget-sized operation: about 200 requests, estimated at 252 (under
 * GATEWAY_MAX_UPSTREAM_REQUESTS), each conversation's participants (three users, and an SMS
 * one in one of them) on one page of four.
 */
const NESTED_READ = `{
  conversations(first: 50) {
    nodes { sid participants(first: 4) { nodes { identity user { friendlyName } } } }
  }
}`;

async function limitMetric(stack: Stack): Promise<number> {
  const text = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
  const line = text.split('\n').find((l) => l.startsWith('gateway_upstream_concurrency_limit '));
  return Number(line?.split(' ')[1]);
}

/**
 * Emulator latency that answers one held request (the oldest) whenever every request the
 * gateway's client has in flight is held: one answer per step, in a fixed order.
 */
function stepper() {
  const held: (() => void)[] = [];
  let target: Stack | null = null;
  let parking: (() => void) | null = null;
  let parked = false;
  const pump = () => {
    if (target === null) return;
    const settled = held.length > 0 && held.length === target.gateway.client.concurrency().inFlight;
    if (settled && parking !== null) {
      parked = true;
      parking();
      parking = null;
    }
    if (settled && !parked) held.shift()?.();
    setImmediate(pump);
  };
  return {
    sleep: () => new Promise<void>((resolve) => held.push(resolve)),
    start(stack: Stack) {
      target = stack;
      pump();
    },
    /** Stops answering at the next step, with every request in flight held and none answered. */
    park(): Promise<void> {
      return new Promise((resolve) => {
        parking = resolve;
      });
    },
    resume() {
      parked = false;
    },
    stop() {
      target = null;
      for (const answer of held.splice(0)) answer();
    },
  };
}

describe('adaptive upstream concurrency against a Twilio limit of 30', () => {
  let stack: Stack;
  const steps = stepper();

  beforeAll(async () => {
    stack = await startStack({
      emulator: {
        concurrencyLimit: 30,
        latency: { fixedMs: 1 },
        sleep: steps.sleep,
        seed: BURST_SEED,
      },
      // The read alone drives the limit, so one operation may use the whole account. A 429 is
      // repeated without backoff: the emulator's limit is about concurrency, not time.
      tuning: { maxAttempts: 10, maxSharePerOperation: 1 },
      warmUp: false,
    });
    steps.start(stack);
  });
  afterAll(async () => {
    steps.stop();
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

describe('fair sharing between a budget-sized operation and a one-call one', () => {
  let stack: Stack;
  const steps = stepper();

  beforeAll(async () => {
    // Eight slots (below the starting limit, so fixed), at most half for one operation.
    stack = await startStack({
      emulator: { latency: { fixedMs: 1 }, sleep: steps.sleep, seed: BURST_SEED },
      tuning: { maxInFlightPerAccount: 8, maxSharePerOperation: 0.5 },
      warmUp: false,
    });
    steps.start(stack);
  });
  afterAll(async () => {
    steps.stop();
    await stack.close();
  });

  it("serves the small operation's call before the big one's queued calls drain", async () => {
    const first = await postGraphQL(
      stack.gateway,
      '{ configuration { defaultChatServiceSid } conversations(first: 1) { nodes { sid } } }',
    );
    const known = first.body.data as {
      configuration: { defaultChatServiceSid: string };
      conversations: { nodes: { sid: string }[] };
    };
    const smallSid = known.conversations.nodes[0]?.sid ?? '';
    stack.emulator.clearRequests();
    const big = postGraphQL(stack.gateway, NESTED_READ);
    // Wait (by count, not time) until the big read has calls queued behind its share.
    while (stack.gateway.client.concurrency().queued === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(stack.gateway.client.concurrency().inFlight).toBe(4);
    // Hold the big read still, between two steps, until the small read's call is admitted.
    await steps.park();
    const servedBefore = stack.emulator.requestLog().requests.length;
    const small = postGraphQL(
      stack.gateway,
      'query ($serviceSid: String!, $sid: String!) { conversation(serviceSid: $serviceSid, sid: $sid) { sid } }',
      { serviceSid: known.configuration.defaultChatServiceSid, sid: smallSid },
    );
    while (stack.gateway.client.concurrency().inFlight < 5) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Admitted at once beside the big read's four, while the big read's calls still queue.
    expect(stack.gateway.client.concurrency()).toMatchObject({ inFlight: 5 });
    expect(stack.gateway.client.concurrency().queued).toBeGreaterThan(0);
    steps.resume();
    expect((await small).body).toMatchObject({
      data: { conversation: { sid: smallSid } },
      extensions: { upstream: { requests: 1 } },
    });
    const { body } = await big;
    expect(body.errors).toBeUndefined();

    const served = stack.emulator.requestLog().requests;
    // The small read fetches the conversation itself; the big one only lists below it.
    const smallAt = served.findIndex((r) => r.path.endsWith(`/${smallSid}`));
    // Only the four requests the emulator already held were answered before it; the rest of
    // the big read came after.
    expect(smallAt - servedBefore).toBe(4);
    expect(served.length - smallAt - 1).toBe(served.length - servedBefore - 5);
    expect(served.length - smallAt - 1).toBeGreaterThan(90);
  });
});

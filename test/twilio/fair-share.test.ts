/**
 * Fair sharing of an account's Twilio slots between operations (one ledger each): a share cap
 * per operation, round-robin across operations, FIFO within one. The loopback server holds
 * every request until the test answers it, so what is asserted is arrival order and counts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallLedger, type TwilioClient, type TwilioConfigInput } from '../../src/twilio/index.js';
import { caught, clientFor } from './support/fixtures.js';
import { ScriptedServer, delay } from './support/scripted-server.js';

let server: ScriptedServer;
let client: TwilioClient;
/** Answers of the requests the server holds, in arrival order. */
let held: (() => void)[];

beforeEach(async () => {
  held = [];
  server = await ScriptedServer.start(
    () => new Promise((resolve) => held.push(() => resolve({ status: 200, body: {} }))),
  );
});
afterEach(async () => {
  // A failed test may leave requests held; the client closes only once they are answered.
  for (const answer of held) answer();
  await client.close();
  await server.close();
});

/** A ceiling at or below the starting limit (20) keeps the limit fixed: no 429 ever comes. */
function makeClient(overrides: Partial<TwilioConfigInput>): TwilioClient {
  client = clientFor(server, overrides);
  return client;
}

/** A service SID naming its operation (one hex letter) and the call's number within it. */
function sid(operation: string, index: number): string {
  return `IS${operation}${index.toString(16).padStart(31, '0')}`;
}

/** `count` calls of one operation, all started at once. */
function operation(name: string, count: number, ledger = new CallLedger()) {
  return Array.from({ length: count }, (_, i) =>
    client.request('conversations.v1.FetchService', { Sid: sid(name, i) }, { ledger }),
  );
}

/** Which operation and call each request the server received was, in arrival order. */
function arrivals(): string[] {
  return server.requests.map((r) => {
    const last = r.url.split('/').at(-1) ?? '';
    return `${last.slice(2, 3)}${parseInt(last.slice(3), 16)}`;
  });
}

async function untilArrived(count: number): Promise<void> {
  while (server.requests.length < count) await delay(1);
}

/** Answers the oldest unanswered request and waits for the slot to be given to the next. */
async function answerOne(expectedNext: number): Promise<void> {
  held.shift()?.();
  await untilArrived(expectedNext);
}

describe('fair sharing of Twilio slots between operations', () => {
  it('lets no operation hold more than its share; another operation starts at once', async () => {
    makeClient({ maxInFlightPerAccount: 8, maxSharePerOperation: 0.5 });
    const big = operation('a', 20);
    expect(client.concurrency()).toEqual({ limit: 8, inFlight: 4, queued: 16 });
    const small = operation('b', 1);
    expect(client.concurrency()).toEqual({ limit: 8, inFlight: 5, queued: 16 });
    await untilArrived(5);
    expect(arrivals().slice(4)).toEqual(['b0']);
    held.splice(4, 1)[0]?.();
    await Promise.all(small);
    // The big operation keeps to four in flight while it drains.
    let most = 0;
    for (let answered = 1; answered < 21; answered += 1) {
      while (held.length === 0) await delay(1);
      most = Math.max(most, client.concurrency().inFlight);
      held.shift()?.();
    }
    await Promise.all(big);
    expect(most).toBe(4);
    expect(server.requests).toHaveLength(21);
  });

  it('serves waiting calls round-robin across operations and FIFO within each', async () => {
    makeClient({ maxInFlightPerAccount: 2, maxSharePerOperation: 1 });
    const calls = [...operation('a', 6), ...operation('b', 3), ...operation('c', 1)];
    await untilArrived(2);
    for (let next = 3; next <= 10; next += 1) await answerOne(next);
    while (held.length > 0) held.shift()?.();
    await Promise.all(calls);
    expect(arrivals()).toEqual(['a0', 'a1', 'a2', 'b0', 'c0', 'a3', 'b1', 'a4', 'b2', 'a5']);
  });

  it('with the whole account open to one operation, a one-call operation still waits its turn only', async () => {
    makeClient({ maxInFlightPerAccount: 4, maxSharePerOperation: 1 });
    const big = operation('a', 50);
    await untilArrived(4);
    const small = operation('c', 1);
    expect(client.concurrency().queued).toBe(47);
    await answerOne(5);
    await answerOne(6);
    // Round-robin: the big operation's turn, then the small one's; 45 calls still queue.
    expect(arrivals().slice(4)).toEqual(['a4', 'c0']);
    expect(client.concurrency().queued).toBe(45);
    held.splice(3, 1)[0]?.();
    await Promise.all(small);
    for (let answered = 3; answered <= 50; answered += 1) {
      while (held.length === 0) await delay(1);
      held.shift()?.();
    }
    await Promise.all(big);
    expect(server.requests).toHaveLength(51);
    expect(client.concurrency()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('drops an aborted waiting call from its operation and keeps the others in order', async () => {
    makeClient({ maxInFlightPerAccount: 1 });
    const ledger = new CallLedger();
    const controller = new AbortController();
    const first = operation('a', 1, ledger);
    const second = caught(() =>
      client.request(
        'conversations.v1.FetchService',
        { Sid: sid('a', 1) },
        { ledger, signal: controller.signal },
      ),
    );
    const rest = [2, 3].map((i) =>
      client.request('conversations.v1.FetchService', { Sid: sid('a', i) }, { ledger }),
    );
    await untilArrived(1);
    controller.abort();
    expect(await second).toMatchObject({ kind: 'aborted', attempts: 0, outcome: 'not-sent' });
    await answerOne(2);
    await answerOne(3);
    held.shift()?.();
    await Promise.all([...first, ...rest]);
    expect(arrivals()).toEqual(['a0', 'a2', 'a3']);
    expect(client.concurrency()).toEqual({ limit: 1, inFlight: 0, queued: 0 });
  });
});

/**
 * The operation deadline a ledger carries: after it no call starts, calls in flight and in the
 * queue are stopped, with kind `deadline` (a single call's own timeout stays kind `timeout`).
 * Time is a manual clock; the loopback server holds requests until answered.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CallLedger,
  OperationDeadline,
  type SleepFunction,
  type TwilioClient,
  type TwilioConfigInput,
} from '../../src/twilio/index.js';
import { SERVICE_SID, caught, clientFor } from './support/fixtures.js';
import { ManualClock } from './support/manual-clock.js';
import { ScriptedServer, delay } from './support/scripted-server.js';

let server: ScriptedServer;
let client: TwilioClient;
let clients: TwilioClient[];
let clock: ManualClock;
let held: (() => void)[];
let sleeps: number[];

const recordingSleep: SleepFunction = (ms) => {
  sleeps.push(ms);
  return Promise.resolve();
};

beforeEach(async () => {
  held = [];
  sleeps = [];
  clients = [];
  clock = new ManualClock();
  server = await ScriptedServer.start(
    () => new Promise((resolve) => held.push(() => resolve({ status: 200, body: {} }))),
  );
});
afterEach(async () => {
  for (const answer of held) answer();
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
});

function makeClient(overrides: Partial<TwilioConfigInput> = {}): TwilioClient {
  client = clientFor(server, overrides, { sleep: recordingSleep });
  clients.push(client);
  return client;
}

const fetch = ['conversations.v1.FetchService', { Sid: SERVICE_SID }] as const;
const create = [
  'conversations.v1.CreateServiceConversation',
  { ChatServiceSid: SERVICE_SID },
] as const;

/** Every request fails with `status`, asking to be repeated after a second. */
function answerAfterOneSecond(status: number, code: number): void {
  server.handler = () => ({
    status,
    headers: { 'retry-after': '1' },
    body: { code, message: `HTTP ${status}`, status },
  });
}

function ledgerWithin(budgetMs: number): CallLedger {
  return new CallLedger({ deadline: new OperationDeadline(budgetMs, clock) });
}

describe('operation deadline', () => {
  it('starts no call once it has passed: kind deadline, nothing sent', async () => {
    makeClient();
    const ledger = ledgerWithin(100);
    clock.advance(100);
    const error = await caught(() => client.request(...fetch, { ledger }));
    expect(error).toMatchObject({
      kind: 'deadline',
      attempts: 0,
      outcome: 'not-sent',
      retryable: true,
    });
    expect((error as Error).message).toContain('operation deadline of 100 ms exceeded');
    expect(server.requests).toHaveLength(0);
    expect(ledger.entries.map((e) => e.outcome)).toEqual(['deadline']);
  });

  it("stops the operation's calls in flight and queued, and no other operation's", async () => {
    makeClient({ maxInFlightPerAccount: 2, maxSharePerOperation: 1 });
    const ledger = ledgerWithin(500);
    const inFlight = caught(() => client.request(...fetch, { ledger }));
    const write = caught(() => client.request(...create, { ledger }));
    const queued = caught(() => client.request(...fetch, { ledger }));
    const other = client.request(...fetch, { ledger: new CallLedger() });
    while (server.requests.length < 2) await delay(1);
    expect(client.concurrency()).toMatchObject({ inFlight: 2, queued: 2 });
    clock.advance(499);
    expect(client.concurrency()).toMatchObject({ inFlight: 2, queued: 2 });
    clock.advance(1);
    expect(await inFlight).toMatchObject({ kind: 'deadline', attempts: 1, retryable: true });
    // A write stopped in flight may have been carried out.
    expect(await write).toMatchObject({
      kind: 'deadline',
      attempts: 1,
      outcome: 'unknown',
      retryable: false,
    });
    expect(await queued).toMatchObject({ kind: 'deadline', attempts: 0, outcome: 'not-sent' });
    while (server.requests.length < 3) await delay(1);
    held[2]?.();
    expect(await other).toEqual({});
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
  });

  it('fails at once instead of sleeping into a retry that would outlast it', async () => {
    answerAfterOneSecond(503, 20503);
    makeClient({ maxAttempts: 5 });
    const ledger = ledgerWithin(900);
    const error = await caught(() => client.request(...fetch, { ledger }));
    expect(error).toMatchObject({ kind: 'deadline', attempts: 1, status: 503, code: 20503 });
    expect(sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('leaves a write that Twilio only refused retryable when the deadline ends its retries', async () => {
    answerAfterOneSecond(429, 20429);
    makeClient({ maxAttempts: 5 });
    const error = await caught(() => client.request(...create, { ledger: ledgerWithin(900) }));
    expect(error).toMatchObject({
      kind: 'deadline',
      method: 'POST',
      outcome: 'rejected',
      retryable: true,
      attempts: 1,
    });
  });

  it("leaves a single call's own deadline its kind timeout", async () => {
    makeClient({ maxInFlightPerAccount: 1 });
    const first = client.request(...fetch);
    const ledger = ledgerWithin(60_000);
    const error = await caught(() => client.request(...fetch, { ledger, deadlineMs: 20 }));
    expect(error).toMatchObject({ kind: 'timeout', attempts: 0 });
    while (held.length === 0) await delay(1);
    held[0]?.();
    await first;
  });

  it('validates its budget and cancels its timer when disposed', () => {
    expect(() => new OperationDeadline(0, clock)).toThrow(RangeError);
    expect(() => new OperationDeadline(1.5, clock)).toThrow(RangeError);
    const deadline = new OperationDeadline(50, clock);
    expect(clock.pending).toBe(1);
    clock.advance(20);
    expect(deadline.remainingMs()).toBe(30);
    expect(deadline.expired).toBe(false);
    deadline.dispose();
    expect(clock.pending).toBe(0);
    clock.advance(30);
    expect(deadline.expired).toBe(true);
    expect(deadline.signal.aborted).toBe(false);
  });
});

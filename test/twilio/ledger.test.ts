import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CallLedger, type CallEntry, type TwilioClient } from '../../src/twilio/index.js';
import { SERVICE_SID, caught, clientFor } from './support/fixtures.js';
import { ScriptedServer } from './support/scripted-server.js';

let server: ScriptedServer;
let client: TwilioClient;
const hooked: CallEntry[] = [];

beforeAll(async () => {
  server = await ScriptedServer.start();
  client = clientFor(
    server,
    {},
    { onCall: (entry) => hooked.push(entry), sleep: () => Promise.resolve() },
  );
});
afterAll(async () => {
  await client.close();
  await server.close();
});
beforeEach(() => {
  hooked.length = 0;
});

describe('call ledger and metrics hook', () => {
  it('records one entry per call and sums requests and retries', async () => {
    server.handler = (_req, i) =>
      i < 2
        ? { status: 429, body: { code: 20429, message: 'Too Many Requests' } }
        : { status: 200, headers: { 'twilio-request-id': 'RQ1' }, body: {} };
    const ledger = new CallLedger();
    await client.request('conversations.v1.FetchService', { Sid: SERVICE_SID }, { ledger });
    await client.request('conversations.v1.FetchService', { Sid: SERVICE_SID }, { ledger });
    expect(
      ledger.entries.map((e) => [e.operationId, e.method, e.status, e.outcome, e.attempts]),
    ).toEqual([
      ['conversations.v1.FetchService', 'GET', 200, 'ok', 3],
      ['conversations.v1.FetchService', 'GET', 200, 'ok', 1],
    ]);
    expect(ledger.entries[0]?.requestId).toBe('RQ1');
    const summary = ledger.summary();
    expect(summary).toMatchObject({ requests: 4, retries: 2, calls: 2 });
    expect(summary.durationMs).toBeGreaterThan(0);
  });

  it('records failures with their error kind, validation ones with zero attempts', async () => {
    server.handler = () => ({ status: 404, body: { code: 20404, message: 'not found' } });
    const ledger = new CallLedger();
    await caught(() =>
      client.request('conversations.v1.FetchService', { Sid: SERVICE_SID }, { ledger }),
    );
    await caught(() => client.request('conversations.v1.FetchService', { Nope: 1 }, { ledger }));
    expect(ledger.entries.map((e) => [e.status, e.outcome, e.attempts])).toEqual([
      [404, 'twilio', 1],
      [null, 'validation', 0],
    ]);
    expect(ledger.summary()).toMatchObject({ requests: 1, retries: 0 });
  });

  it('calls the onCall hook exactly once per call, even when the hook throws', async () => {
    server.handler = () => ({
      status: 200,
      body: { conversations: [], meta: { key: 'conversations' } },
    });
    const throwing = clientFor(
      server,
      {},
      {
        onCall: (entry) => {
          hooked.push(entry);
          throw new Error('metrics backend down');
        },
      },
    );
    await throwing.request('conversations.v1.FetchService', { Sid: SERVICE_SID });
    await throwing.page('conversations.v1.ListServiceConversation', {
      ChatServiceSid: SERVICE_SID,
    });
    await throwing.close();
    expect(hooked.map((e) => e.operationId)).toEqual([
      'conversations.v1.FetchService',
      'conversations.v1.ListServiceConversation',
    ]);
  });

  it('counts overlapping calls once in the wall time', () => {
    const ledger = new CallLedger();
    const entry = (startedAt: number, durationMs: number): CallEntry => ({
      operationId: 'x',
      method: 'GET',
      host: 'conversations',
      status: 200,
      outcome: 'ok',
      attempts: 1,
      startedAt,
      durationMs,
      requestId: null,
    });
    ledger.record(entry(0, 10));
    ledger.record(entry(5, 10));
    ledger.record(entry(30, 5));
    expect(ledger.summary()).toEqual({ requests: 3, retries: 0, durationMs: 20, calls: 3 });
  });
});

describe("an operation's request budget (ledger maxRequests)", () => {
  it('sends no request past it, retries included, and fails those calls with kind budget', async () => {
    let seen = 0;
    server.handler = () =>
      (seen += 1) === 1
        ? { status: 429, body: { code: 20429, message: 'Too Many Requests' } }
        : { status: 200, body: {} };
    const before = server.requests.length;
    const ledger = new CallLedger({ maxRequests: 3 });
    const fetch = () =>
      client.request('conversations.v1.FetchService', { Sid: SERVICE_SID }, { ledger });
    await fetch(); // a 429 and its retry: two requests
    await fetch();
    const refused = (await caught(fetch)) as Error;
    expect(refused).toMatchObject({ kind: 'budget', retryable: false, attempts: 0 });
    expect(refused.message).toContain('budget of 3 requests');
    expect(server.requests.length - before).toBe(3);
    expect(ledger.summary()).toMatchObject({ requests: 3, calls: 3 });
    expect(ledger.entries.at(-1)).toMatchObject({ outcome: 'budget', attempts: 0 });
  });

  it('is unlimited without maxRequests', () => {
    const ledger = new CallLedger();
    const admitted = Array.from({ length: 10_000 }, () => ledger.admitRequest());
    expect(admitted.every(Boolean)).toBe(true);
    expect(new CallLedger({ maxRequests: 1 }).admitRequest()).toBe(true);
  });
});

/**
 * The client's attempt observer (observer.ts): what tracing and metrics above the client learn
 * of each HTTP request, and that observing never changes a call.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CallLedger,
  combineObservers,
  type AttemptEnd,
  type AttemptStart,
  type CallObserver,
  type TwilioClient,
} from '../../src/twilio/index.js';
import { AUTH_TOKEN, SERVICE_SID, caught, clientFor } from './support/fixtures.js';
import { ScriptedServer } from './support/scripted-server.js';

let server: ScriptedServer;
let clients: TwilioClient[] = [];
beforeEach(async () => {
  server = await ScriptedServer.start();
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
  await server.close();
});

type Event = { start: AttemptStart; end?: AttemptEnd };

function recording(headers?: Record<string, string>): { observer: CallObserver; events: Event[] } {
  const events: Event[] = [];
  return {
    events,
    observer: {
      attemptStarted(start) {
        const event: Event = { start };
        events.push(event);
        return {
          ...(headers ? { headers } : {}),
          end(result) {
            event.end = result;
          },
        };
      },
    },
  };
}

function makeClient(observer: CallObserver, maxAttempts = 3): TwilioClient {
  const client = clientFor(server, { maxAttempts }, { observer, sleep: () => Promise.resolve() });
  clients.push(client);
  return client;
}

const throttled = { status: 429, body: { code: 20429, message: 'Too Many Requests', status: 429 } };
const fetchService = ['conversations.v1.FetchService', { Sid: SERVICE_SID }] as const;

describe('the attempt observer', () => {
  it('hears of each attempt: operation, method, attempt, retry reason, status, Twilio code, times', async () => {
    server.handler = (_req, i) =>
      i === 0
        ? { ...throttled, headers: { 'twilio-request-id': 'RQ1' } }
        : { status: 200, body: { sid: SERVICE_SID } };
    const { observer, events } = recording();
    const ledger = new CallLedger();
    await makeClient(observer).request(...fetchService, { ledger });
    expect(events).toHaveLength(ledger.summary().requests);
    expect(events.map((e) => e.start)).toEqual([
      {
        operationId: 'conversations.v1.FetchService',
        method: 'GET',
        host: 'conversations',
        attempt: 1,
        retryReason: null,
        queuedMs: expect.any(Number),
        ledger,
      },
      expect.objectContaining({ attempt: 2, retryReason: 'http-429', ledger }),
    ]);
    expect(events.map((e) => e.end)).toEqual([
      {
        status: 429,
        twilioCode: 20429,
        errorKind: 'twilio',
        wireMs: expect.any(Number),
        requestId: 'RQ1',
      },
      {
        status: 200,
        twilioCode: null,
        errorKind: null,
        wireMs: expect.any(Number),
        requestId: null,
      },
    ]);
  });

  it('names a broken connection as the reason of the next attempt', async () => {
    server.handler = (_req, i) => (i === 0 ? 'hang' : { status: 200, body: { sid: SERVICE_SID } });
    const { observer, events } = recording();
    const client = clientFor(
      server,
      { maxAttempts: 2, headersTimeoutMs: 200 },
      { observer, sleep: () => Promise.resolve() },
    );
    clients.push(client);
    await client.request(...fetchService);
    expect(events.map((e) => [e.start.retryReason, e.end?.status, e.end?.errorKind])).toEqual([
      [null, null, 'timeout'],
      ['timeout', 200, null],
    ]);
  });

  it("adds the observer's headers, never in place of the client's own", async () => {
    server.handler = () => ({ status: 200, body: { sid: SERVICE_SID } });
    const { observer } = recording({
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      authorization: 'Basic bm90OnRoaXM=',
    });
    await makeClient(observer).request(...fetchService);
    const [sent] = server.requests;
    expect(sent?.headers.traceparent).toBe(
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    );
    expect(
      Buffer.from(String(sent?.headers.authorization).slice(6), 'base64').toString(),
    ).toContain(AUTH_TOKEN);
  });

  it('an observer that throws changes nothing', async () => {
    server.handler = () => ({ status: 200, body: { sid: SERVICE_SID } });
    const failing: CallObserver = {
      attemptStarted() {
        return {
          end() {
            throw new Error('observer broke');
          },
        };
      },
    };
    const throwing: CallObserver = {
      attemptStarted() {
        throw new Error('observer broke');
      },
    };
    expect(await makeClient(failing).request(...fetchService)).toEqual({ sid: SERVICE_SID });
    expect(await makeClient(throwing).request(...fetchService)).toEqual({ sid: SERVICE_SID });
  });

  it('combined observers each hear every attempt; a call refused before sending is no attempt', async () => {
    server.handler = () => ({ status: 200, body: { sid: SERVICE_SID } });
    const first = recording({ a: '1' });
    const second = recording({ b: '2' });
    const client = makeClient(combineObservers([first.observer, undefined, second.observer]));
    await client.request(...fetchService);
    expect(server.requests[0]?.headers).toMatchObject({ a: '1', b: '2' });
    await caught(() => client.request('conversations.v1.FetchService', {}));
    expect([first.events.length, second.events.length]).toEqual([1, 1]);
  });
});

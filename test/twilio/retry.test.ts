import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TwilioError, type TwilioClient } from '../../src/twilio/index.js';
import type { SleepFunction, TwilioConfigInput } from '../../src/twilio/index.js';
import { SERVICE_SID, caught, clientFor } from './support/fixtures.js';
import { ScriptedServer } from './support/scripted-server.js';

let server: ScriptedServer;
let clients: TwilioClient[] = [];
let sleeps: number[];

const recordingSleep: SleepFunction = (ms) => {
  sleeps.push(ms);
  return Promise.resolve();
};

beforeEach(async () => {
  server = await ScriptedServer.start();
  sleeps = [];
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
  await server.close();
});

function makeClient(
  overrides: Partial<TwilioConfigInput> = {},
  sleep = recordingSleep,
): TwilioClient {
  const client = clientFor(server, overrides, { sleep });
  clients.push(client);
  return client;
}

const throttled = { status: 429, body: { code: 20429, message: 'Too Many Requests', status: 429 } };
const unavailable = {
  status: 503,
  body: { code: 20503, message: 'Service Unavailable', status: 503 },
};
const create = [
  'conversations.v1.CreateServiceConversation',
  { ChatServiceSid: SERVICE_SID },
] as const;
const fetch = ['conversations.v1.FetchService', { Sid: SERVICE_SID }] as const;

describe('retries', () => {
  it('retries a 429 on POST (Twilio never processed it)', async () => {
    server.handler = (_req, i) => (i < 2 ? throttled : { status: 201, body: { sid: 'CH1' } });
    const result = await makeClient().request(...create);
    expect(result).toEqual({ sid: 'CH1' });
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
  });

  it('does not retry a 503 on POST', async () => {
    server.handler = () => unavailable;
    const error = await caught(() => makeClient().request(...create));
    expect(error).toMatchObject({
      kind: 'twilio',
      status: 503,
      code: 20503,
      attempts: 1,
      retryable: false,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 503 on GET up to maxAttempts', async () => {
    server.handler = () => unavailable;
    const error = await caught(() => makeClient({ maxAttempts: 3 }).request(...fetch));
    expect(error).toMatchObject({ kind: 'twilio', status: 503, attempts: 3, retryable: true });
    expect(server.requests).toHaveLength(3);
    server.handler = (_req, i) =>
      i < 4 ? unavailable : { status: 200, body: { sid: SERVICE_SID } };
    expect(await makeClient({ maxAttempts: 3 }).request(...fetch)).toEqual({ sid: SERVICE_SID });
  });

  it('retries a POST whose connection was refused (nothing was sent), like a GET', async () => {
    server.handler = () => 'hang';
    await server.close();
    const post = await caught(() => makeClient({ maxAttempts: 2 }).request(...create));
    expect(post).toMatchObject({
      kind: 'connection',
      attempts: 2,
      retryable: true,
      outcome: 'not-sent',
    });
    const get = await caught(() => makeClient({ maxAttempts: 3 }).request(...fetch));
    expect(get).toMatchObject({ kind: 'connection', attempts: 3, retryable: true });
    server = await ScriptedServer.start();
  });

  it('waits with full-jitter exponential backoff between attempts', async () => {
    server.handler = () => unavailable;
    const client = clientFor(
      server,
      { maxAttempts: 5, backoffBaseMs: 10, backoffCapMs: 40 },
      { sleep: recordingSleep, random: () => 0.5 },
    );
    clients.push(client);
    await caught(() => client.request(...fetch));
    // ceilings 10, 20, 40, 40 (capped) halved by random() = 0.5
    expect(sleeps).toEqual([5, 10, 20, 20]);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    // The HTTP date is read against the injected wall clock, so the wait is exact.
    const now = Date.UTC(2030, 0, 15, 9, 0, 0);
    server.handler = (_req, i) =>
      i === 0
        ? { ...throttled, headers: { 'retry-after': '2' } }
        : i === 1
          ? { ...throttled, headers: { 'retry-after': new Date(now + 30_000).toUTCString() } }
          : { status: 201, body: {} };
    const client = clientFor(
      server,
      { deadlineMs: 120_000 },
      { sleep: recordingSleep, wallClock: () => now },
    );
    clients.push(client);
    await client.request(...create);
    expect(sleeps).toEqual([2000, 30_000]);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up at once with kind timeout when Retry-After lies beyond the deadline', async () => {
    server.handler = () => ({ ...throttled, headers: { 'retry-after': '30' } });
    const error = await caught(() => makeClient({ deadlineMs: 5_000 }).request(...create));
    expect(error).toMatchObject({ kind: 'timeout', status: 429, code: 20429, attempts: 1 });
    expect(sleeps).toEqual([]);
  });

  it('respects the overall deadline: the call fails with kind timeout and bounded attempts', async () => {
    server.handler = () => unavailable;
    // Time passes only in the backoff sleeps, on the client's injected clock: how many attempts
    // fit follows from the numbers alone, however slowly the machine runs.
    let now = 0;
    const clockedSleep: SleepFunction = (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    };
    const client = clientFor(
      server,
      { maxAttempts: 20, deadlineMs: 300_000, backoffBaseMs: 60_000, backoffCapMs: 60_000 },
      { sleep: clockedSleep, random: () => 0.5, now: () => now },
    );
    clients.push(client);
    const error = await caught(() => client.request(...fetch));
    if (!(error instanceof TwilioError)) throw error;
    expect(error.kind).toBe('timeout');
    expect(error.status).toBe(503);
    // Waits of 30 s: attempts at 0, 30, ..., 270 s; after the 10th, a wait would reach the
    // deadline, so the call gives up at once instead of sleeping into it.
    expect(error.attempts).toBe(10);
    expect(server.requests).toHaveLength(10);
    expect(sleeps).toEqual(Array.from({ length: 9 }, () => 30_000));
  });

  it('stops a request the server never answers when the deadline passes', async () => {
    server.handler = () => 'hang';
    const error = await caught(() =>
      makeClient({ deadlineMs: 100, headersTimeoutMs: 60_000 }).request(...fetch),
    );
    expect(error).toMatchObject({ kind: 'timeout', attempts: 1, retryable: true });
    expect((error as Error).message).toContain('deadline of 100 ms exceeded');
  });
});

/**
 * The per-call `retry: 'rate-limit-only'` policy that mutations use: a write is repeated only
 * after a 429 (Twilio did nothing), never after a 5xx or a broken connection, even for DELETE.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SleepFunction, TwilioClient } from '../../src/twilio/index.js';
import { SERVICE_SID, caught, clientFor } from './support/fixtures.js';
import { ScriptedServer } from './support/scripted-server.js';

let server: ScriptedServer;
let client: TwilioClient;

const noSleep: SleepFunction = () => Promise.resolve();

beforeEach(async () => {
  server = await ScriptedServer.start();
  client = clientFor(server, { maxAttempts: 3 }, { sleep: noSleep });
});
afterEach(async () => {
  await client.close();
  await server.close();
});

const throttled = { status: 429, body: { code: 20429, message: 'Too Many Requests', status: 429 } };
const unavailable = {
  status: 503,
  body: { code: 20503, message: 'Service Unavailable', status: 503 },
};
const remove = [
  'conversations.v1.DeleteServiceConversation',
  { ChatServiceSid: SERVICE_SID, Sid: `CH${'a'.repeat(32)}` },
] as const;

describe("retry: 'rate-limit-only'", () => {
  it('sends a DELETE answered 503 once (the default policy would repeat it)', async () => {
    server.handler = () => unavailable;
    const error = await caught(() =>
      client.request(remove[0], remove[1], { retry: 'rate-limit-only' }),
    );
    expect(error).toMatchObject({ kind: 'twilio', status: 503, attempts: 1, retryable: true });
    expect(server.requests).toHaveLength(1);

    await caught(() => client.request(...remove));
    expect(server.requests).toHaveLength(1 + 3);
  });

  it('still repeats a 429 up to maxAttempts', async () => {
    server.handler = (_req, i) => (i < 2 ? throttled : { status: 204 });
    await client.request(remove[0], remove[1], { retry: 'rate-limit-only' });
    expect(server.requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE', 'DELETE']);
  });

  it('does not repeat a DELETE after a broken connection', async () => {
    await server.close();
    const error = await caught(() =>
      client.request(remove[0], remove[1], { retry: 'rate-limit-only' }),
    );
    expect(error).toMatchObject({ kind: 'connection', attempts: 1 });
    server = await ScriptedServer.start();
  });
});

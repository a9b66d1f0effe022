/**
 * Whether Twilio may have acted on a failed call (`outcome`), against the real emulator and its
 * fault controls: only a call that certainly did nothing is `not-sent` or `rejected`. Also: a
 * GET whose answer is malformed JSON is repeated like a 5xx; a POST's never is.
 */
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createTwilioConfig, TwilioClient } from '../../src/twilio/index.js';
import { emulatorClient, emulatorConfig, type ClientTuning } from '../support/emulator-client.js';
import { caught } from './support/fixtures.js';

let emulator: RunningEmulator;
let serviceSid: string;
let clients: TwilioClient[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  const config = (await client().request('conversations.v1.FetchConfiguration')) as {
    default_chat_service_sid: string;
  };
  serviceSid = config.default_chat_service_sid;
  emulator.clearRequests();
});
afterEach(async () => {
  emulator.setFaults([]);
  emulator.clearRequests();
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
});
afterAll(() => emulator.close());

function client(tuning: ClientTuning = {}): TwilioClient {
  const made = emulatorClient(emulator, tuning);
  clients.push(made);
  return made;
}

const CREATE = 'conversations.v1.CreateServiceConversation';
const LIST = 'conversations.v1.ListServiceConversation';

function create(c: TwilioClient) {
  return caught(() => c.request(CREATE, { ChatServiceSid: serviceSid, FriendlyName: 'Outcome' }));
}

function served(): { method: string; status: number }[] {
  return emulator.requestLog().requests.map(({ method, status }) => ({ method, status }));
}

async function refusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('outcome of a failed write', () => {
  it.each([
    ['hangs until its timeout', 'hang', 'timeout', 0],
    ['has its connection reset after it was sent', 'reset', 'connection', 0],
    ['is answered 500', 'server-error', 'twilio', 500],
    ['gets a 2xx answer that cannot be read', 'malformed', 'http', 200],
  ] as const)(
    'is unknown when the POST %s, and it is not repeated',
    async (_, fault, kind, status) => {
      emulator.setFaults([{ kind: fault, count: 1, method: 'POST' }]);
      const error = await create(client({ maxAttempts: 3, headersTimeoutMs: 1_000 }));
      expect(error).toMatchObject({
        kind,
        method: 'POST',
        outcome: 'unknown',
        retryable: false,
        attempts: 1,
      });
      expect(served()).toEqual([{ method: 'POST', status }]);
    },
  );

  it('is rejected, and retryable, after 429s beyond the retries', async () => {
    emulator.setFaults([{ kind: 'rate-limit', count: 2, method: 'POST' }]);
    const error = await create(client({ maxAttempts: 2 }));
    expect(error).toMatchObject({
      status: 429,
      code: 20429,
      outcome: 'rejected',
      retryable: true,
      attempts: 2,
    });
  });

  it('is not-sent, and retryable, when the connection is refused', async () => {
    const port = await refusedPort();
    const refused = new TwilioClient({
      config: createTwilioConfig({
        ...emulatorConfig(emulator),
        baseUrls: { conversations: `http://127.0.0.1:${port}` },
        maxAttempts: 2,
      }),
    });
    clients.push(refused);
    const error = await create(refused);
    expect(error).toMatchObject({
      kind: 'connection',
      outcome: 'not-sent',
      retryable: true,
      attempts: 2,
    });
  });

  it('is not-sent when validation stops it before sending', async () => {
    const error = await caught(() =>
      client().request(CREATE, { ChatServiceSid: 'not-a-sid', FriendlyName: 'x' }),
    );
    expect(error).toMatchObject({ kind: 'validation', outcome: 'not-sent', attempts: 0 });
    expect(served()).toEqual([]);
  });
});

describe('a malformed JSON answer to a GET', () => {
  it('is repeated like a 5xx', async () => {
    emulator.setFaults([{ kind: 'malformed', count: 1, method: 'GET' }]);
    const page = await client({ maxAttempts: 2 }).page(LIST, { ChatServiceSid: serviceSid });
    expect(page.items.length).toBeGreaterThan(0);
    expect(served()).toEqual([
      { method: 'GET', status: 200 },
      { method: 'GET', status: 200 },
    ]);
  });

  it('fails as retryable kind http when the retries run out', async () => {
    emulator.setFaults([{ kind: 'malformed', count: 2, method: 'GET' }]);
    const error = await caught(() =>
      client({ maxAttempts: 2 }).page(LIST, { ChatServiceSid: serviceSid }),
    );
    expect(error).toMatchObject({ kind: 'http', status: 200, retryable: true, attempts: 2 });
    expect((error as Error).message).toContain('response is not JSON');
  });
});

import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TwilioError, type TwilioClient, type TwilioConfigInput } from '../../src/twilio/index.js';
import { SERVICE_SID, caught, clientFor } from './support/fixtures.js';
import { ScriptedServer, delay } from './support/scripted-server.js';

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

function makeClient(overrides: Partial<TwilioConfigInput> = {}): TwilioClient {
  const client = clientFor(server, overrides);
  clients.push(client);
  return client;
}

const fetch = ['conversations.v1.FetchService', { Sid: SERVICE_SID }] as const;

async function failure(promise: () => Promise<unknown>): Promise<TwilioError> {
  const error = await caught(promise);
  if (!(error instanceof TwilioError)) throw error;
  return error;
}

describe('error mapping', () => {
  it('maps a Twilio JSON error body to kind twilio with code, message, moreInfo and request id', async () => {
    server.handler = () => ({
      status: 404,
      headers: { 'twilio-request-id': 'RQ' + '0'.repeat(32) },
      body: {
        code: 20404,
        message: 'The requested resource /Services/ISx was not found',
        more_info: 'https://www.twilio.com/docs/errors/20404',
        status: 404,
      },
    });
    const error = await failure(() => makeClient().request(...fetch));
    expect(error).toBeInstanceOf(TwilioError);
    expect(error.toJSON()).toEqual({
      name: 'TwilioError',
      kind: 'twilio',
      message: 'The requested resource /Services/ISx was not found',
      operationId: 'conversations.v1.FetchService',
      status: 404,
      code: 20404,
      moreInfo: 'https://www.twilio.com/docs/errors/20404',
      requestId: 'RQ' + '0'.repeat(32),
      retryable: false,
      attempts: 1,
      parameter: null,
      outcome: 'rejected',
      method: 'GET',
    });
  });

  it('maps a non-JSON error body to kind http', async () => {
    server.handler = () => ({ status: 502, body: '<html>Bad gateway</html>' });
    const error = await failure(() => makeClient({ maxAttempts: 1 }).request(...fetch));
    expect(error).toMatchObject({ kind: 'http', status: 502, code: null, retryable: true });
    expect(error.message).toContain('HTTP 502 without a Twilio error body');
  });

  it('maps a 2xx body that is not JSON, or that the parser rejects, to kind http', async () => {
    server.handler = () => ({ status: 200, body: 'not json' });
    expect(await failure(() => makeClient().request(...fetch))).toMatchObject({
      kind: 'http',
      status: 200,
    });
    server.handler = () => ({ status: 200, body: { sid: 1 } });
    const parseFailure = await failure(() =>
      makeClient().request(...fetch, {
        parse: () => {
          throw new Error('sid must be a string');
        },
      }),
    );
    expect(parseFailure.kind).toBe('http');
    expect((parseFailure.cause as Error).message).toBe('sid must be a string');
  });

  it('maps connection refused to kind connection', async () => {
    const port = await freePort();
    const client = makeClient({
      maxAttempts: 1,
      baseUrls: { conversations: `http://127.0.0.1:${port}` },
    });
    const error = await failure(() => client.request(...fetch));
    expect(error).toMatchObject({ kind: 'connection', attempts: 1 });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('maps a server that never answers to kind timeout (headers timeout)', async () => {
    server.handler = () => 'hang';
    const error = await failure(() =>
      makeClient({ maxAttempts: 1, headersTimeoutMs: 50 }).request(...fetch),
    );
    expect(error).toMatchObject({ kind: 'timeout', attempts: 1, retryable: true });
    expect(error.message).toContain('UND_ERR_HEADERS_TIMEOUT');
  });

  it('maps an abort during the request to kind aborted', async () => {
    server.handler = () => 'hang';
    const controller = new AbortController();
    const pending = failure(() => makeClient().request(...fetch, { signal: controller.signal }));
    while (server.requests.length === 0) await delay(1);
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'aborted', attempts: 1, retryable: false });
  });

  it('stops pending retries when the signal aborts during the backoff sleep', async () => {
    server.handler = () => ({ status: 503, body: { code: 20503, message: 'down' } });
    const controller = new AbortController();
    const client = clientFor(
      server,
      { maxAttempts: 5 },
      {
        sleep: (_ms, signal) => {
          controller.abort();
          return signal.aborted ? Promise.reject(signal.reason) : Promise.resolve();
        },
      },
    );
    clients.push(client);
    const error = await failure(() => client.request(...fetch, { signal: controller.signal }));
    expect(error).toMatchObject({ kind: 'aborted', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('rejects with kind aborted without sending when the signal is already aborted', async () => {
    const error = await failure(() =>
      makeClient().request(...fetch, { signal: AbortSignal.abort() }),
    );
    expect(error).toMatchObject({ kind: 'aborted', attempts: 0 });
    expect(server.requests).toHaveLength(0);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

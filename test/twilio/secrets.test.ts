import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  TwilioError,
  loadTwilioConfig,
  type TwilioClient,
  type TwilioConfigInput,
} from '../../src/twilio/index.js';
import {
  ACCOUNT_SID,
  API_KEY,
  API_SECRET,
  AUTH_TOKEN,
  SERVICE_SID,
  caught,
  clientFor,
} from './support/fixtures.js';
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

function makeClient(overrides: Partial<TwilioConfigInput> = {}): TwilioClient {
  const client = clientFor(server, overrides);
  clients.push(client);
  return client;
}

const basicOf = (user: string, password: string) =>
  Buffer.from(`${user}:${password}`).toString('base64');

/** Every way an error can be printed or serialised, its cause chain included. */
function renderings(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 10; depth += 1) {
    if (current instanceof Error) {
      parts.push(current.message, String(current.stack), JSON.stringify(current), String(current));
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  parts.push(inspect(error, { depth: 10, showHidden: true }));
  return parts.join('\n');
}

function expectNoSecrets(error: unknown, secrets: readonly string[]): void {
  expect(error).toBeInstanceOf(TwilioError);
  const text = renderings(error);
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
}

/** A hostile upstream that reflects the credentials it received into its error body. */
function reflectingAuthorization(status: number) {
  return (request: { headers: Record<string, unknown> }) => {
    const authorization = String(request.headers.authorization);
    const decoded = Buffer.from(authorization.replace(/^Basic /, ''), 'base64').toString('utf8');
    return {
      status,
      body: {
        code: 20003,
        message: `Authenticate failed for ${authorization} (${decoded})`,
        more_info: `https://example.test/?auth=${encodeURIComponent(authorization)}&raw=${decoded}`,
        status,
      },
    };
  };
}

describe('no credential in any error', () => {
  it('redacts an Auth Token and Authorization header that a server echoes back', async () => {
    server.handler = reflectingAuthorization(401);
    const error = await caught(() =>
      makeClient().request('conversations.v1.FetchService', { Sid: SERVICE_SID }),
    );
    expect(error).toMatchObject({ kind: 'twilio', code: 20003, status: 401 });
    expectNoSecrets(error, [AUTH_TOKEN, basicOf(ACCOUNT_SID, AUTH_TOKEN)]);
  });

  it('redacts an API key secret that a server echoes back', async () => {
    server.handler = reflectingAuthorization(403);
    const client = makeClient({
      credentials: { accountSid: ACCOUNT_SID, apiKey: API_KEY, apiSecret: API_SECRET },
    });
    const error = await caught(() =>
      client.request('conversations.v1.FetchService', { Sid: SERVICE_SID }),
    );
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${basicOf(API_KEY, API_SECRET)}`);
    expectNoSecrets(error, [API_SECRET, basicOf(API_KEY, API_SECRET)]);
  });

  it('keeps credentials out of non-JSON bodies, parser failures and connection failures', async () => {
    server.handler = (request) => ({
      status: 500,
      body: `<pre>${String(request.headers.authorization)}</pre>`,
    });
    const client = makeClient({ maxAttempts: 1 });
    expectNoSecrets(
      await caught(() => client.request('conversations.v1.FetchService', { Sid: SERVICE_SID })),
      [AUTH_TOKEN, basicOf(ACCOUNT_SID, AUTH_TOKEN)],
    );
    server.handler = () => ({ status: 200, body: {} });
    expectNoSecrets(
      await caught(() =>
        client.request(
          'conversations.v1.FetchService',
          { Sid: SERVICE_SID },
          {
            parse: () => {
              throw new Error(`bad record, token ${AUTH_TOKEN}`);
            },
          },
        ),
      ),
      [AUTH_TOKEN],
    );
    await server.close();
    expectNoSecrets(
      await caught(() => client.request('conversations.v1.FetchService', { Sid: SERVICE_SID })),
      [AUTH_TOKEN, basicOf(ACCOUNT_SID, AUTH_TOKEN)],
    );
    server = await ScriptedServer.start();
  });

  it('keeps credentials out of configuration errors', () => {
    let error: unknown;
    try {
      loadTwilioConfig({
        TWILIO_ACCOUNT_SID: AUTH_TOKEN,
        TWILIO_API_KEY: API_SECRET,
        TWILIO_API_SECRET: API_SECRET,
      });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ kind: 'config' });
    expectNoSecrets(error, [AUTH_TOKEN, API_SECRET]);
  });
});

/**
 * A graphql-ws connection authenticates from its connection parameters with the verifier of
 * /graphql (issue 10, item 2): `{ authorization: "Bearer …" }` or a bare `{ token }`. A token that
 * fails a check is refused before any subscription opens, at no Twilio cost.
 */
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startStack, type Stack } from '../server/support/stack.js';
import {
  adminSecret,
  bearer,
  emulatorKey,
  goodClaims,
  shapedToken,
  twilioNodeToken,
} from '../server/support/tokens.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ access: { mode: 'access-token', adminSecret, keys: [emulatorKey] } });
});
afterAll(() => stack.close());

/** How a connection with `connectionParams` ends its handshake: opened, or the close code. */
async function handshake(connectionParams: Record<string, unknown>): Promise<'opened' | number> {
  const client = createClient({
    url: stack.gateway.graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams,
  });
  try {
    return await new Promise<'opened' | number>((resolve) => {
      client.on('connected', () => resolve('opened'));
      client.on('closed', (event) => resolve((event as { code: number }).code));
    });
  } finally {
    await client.dispose();
  }
}

describe('graphql-ws connection parameters', () => {
  const token = () => twilioNodeToken({ accountSid: stack.emulator.accountSid, identity: 'alice' });

  it('accept a token as { token } or as { authorization: "Bearer …" }, and the admin secret', async () => {
    expect(await handshake({ token: token() })).toBe('opened');
    expect(await handshake(bearer(token()))).toBe('opened');
    expect(await handshake({ Authorization: `Bearer ${adminSecret}` })).toBe('opened');
  });

  it('refuse a token that fails a check, or none, before anything reaches Twilio', async () => {
    stack.emulator.clearRequests();
    const expired = await shapedToken({
      payload: {
        ...goodClaims(stack.emulator.accountSid),
        exp: Math.floor(Date.now() / 1000) - 3600,
      },
    });
    for (const params of [{ token: expired }, { token: 'garbage' }, { token: 42 }, {}]) {
      // A refused credential closes the connection with 4401 (src/server/realtime/websocket.ts).
      expect(await handshake(params), JSON.stringify(params).slice(0, 40)).toBe(4401);
    }
    expect(stack.emulator.requestLog().total).toBe(0);
  });
});

import { createClient as createSseClient } from 'graphql-sse';
import twilio from 'twilio';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_AUTH_TOKEN } from '../../src/emulator/index.js';
import { SLOW_CONSUMER_CLOSE_CODE } from '../../src/server/realtime/index.js';
import { startFakeRouter } from './support/fake-router.js';
import { startLive, subscribe, untilOpen, wsClient, type Live } from './support/live.js';

const started: Live[] = [];

afterAll(async () => {
  await Promise.all(started.map((l) => l.close()));
});

async function live(options: Parameters<typeof startLive>[0] = {}): Promise<Live> {
  const l = await startLive(options);
  started.push(l);
  return l;
}

async function counter(l: Live, name: string): Promise<number> {
  const text = await (await fetch(`${l.gateway.url}metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

/** A signed onMessageAdded delivery straight to the receiver, as Twilio would post it. */
async function deliverMessage(l: Live, index: number, body: string): Promise<void> {
  const params = {
    EventType: 'onMessageAdded',
    AccountSid: l.emulator.accountSid,
    ChatServiceSid: l.serviceSid,
    ConversationSid: l.conversation.sid,
    MessageSid: `IM${index.toString(16).padStart(32, '0')}`,
    Author: 'flood',
    Body: body,
    Index: String(index),
    RetryCount: '0',
  };
  const response = await fetch(l.gateway.webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(
        DEFAULT_AUTH_TOKEN,
        l.gateway.webhookUrl,
        params,
      ),
    },
    body: new URLSearchParams(params).toString(),
  });
  expect(response.status).toBe(200);
  await l.gateway.realtime.webhooksIdle();
}

describe('a slow consumer', () => {
  it('is closed with 1013 once its buffer overflows; a fast subscriber of the same events gets them all', async () => {
    const l = await live({ realtime: { limits: { bufferSize: 4 } } });
    const sockets: WebSocket[] = [];
    class Recorded extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols);
        sockets.push(this);
      }
    }
    const slow = wsClient(l, { webSocketImpl: Recorded as unknown as typeof WebSocket });
    const fast = wsClient(l);
    const query = 'subscription ($id: ID!) { messageAdded(conversationId: $id) { index body } }';
    const slowClosed = new Promise<{ code: number; reason: string }>((resolve) =>
      slow.on('closed', (event) => resolve(event as { code: number; reason: string })),
    );
    const slowFrames = subscribe(slow, query, { id: l.conversation.id });
    slowFrames.next().catch(() => undefined);
    const fastFrames = subscribe(fast, query, { id: l.conversation.id });
    const fastFirst = fastFrames.next();
    await untilOpen(l.gateway, 2);

    // The slow client stops reading; the server keeps writing until the socket buffers fill.
    sockets[0]?.pause();
    const body = 'x'.repeat(200_000);
    let published = 0;
    while ((await counter(l, 'gateway_subscription_slow_consumers_total')) === 0) {
      expect(published).toBeLessThan(1_000);
      await deliverMessage(l, published, body);

      published += 1;
    }
    sockets[0]?.resume();
    expect(await slowClosed).toEqual(
      expect.objectContaining({
        code: SLOW_CONSUMER_CLOSE_CODE,
        reason: 'Subscriber too slow: more than 4 events were waiting to be sent.',
      }),
    );
    // The fast one saw every event, in order.
    const indexes = [((await fastFirst).data?.messageAdded as { index: number }).index];
    while (indexes.length < published) {
      indexes.push(((await fastFrames.next()).data?.messageAdded as { index: number }).index);
    }
    expect(indexes).toEqual([...Array(published).keys()]);
    await untilOpen(l.gateway, 1);
    await fast.dispose();
    await slow.dispose();
  });
});

describe('graceful shutdown', () => {
  it('completes every subscription (WebSocket, SSE, Router callback) and closes sockets with 1001', async () => {
    const l = await live();
    const router = await startFakeRouter();
    try {
      const query = 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }';
      const ws = wsClient(l);
      const wsClosed = new Promise<number>((resolve) =>
        ws.on('closed', (event) => resolve((event as { code: number }).code)),
      );
      const one = subscribe(ws, query, { id: l.conversation.id });
      const two = subscribe(
        ws,
        'subscription ($id: ID!) { participantAdded(conversationId: $id) { id } }',
        {
          id: l.conversation.id,
        },
      );
      const oneDone = one.completed();
      const twoDone = two.completed();
      const sse = createSseClient({ url: `${l.gateway.url}graphql/stream`, retryAttempts: 0 });
      const sseResults = sse.iterate({ query, variables: { id: l.conversation.id } });
      const sseDone = sseResults.next();
      await fetch(l.gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query,
          variables: { id: l.conversation.id },
          extensions: {
            subscription: {
              callbackUrl: `${router.url}/callback/bye`,
              subscriptionId: 'bye',
              verifier: 'v',
              heartbeatIntervalMs: 0,
            },
          },
        }),
      });
      expect((await router.next('bye')).body.action).toBe('check');
      await Promise.all([
        untilOpen(l.gateway, 2),
        untilOpen(l.gateway, 1, 'sse'),
        untilOpen(l.gateway, 1, 'callback'),
      ]);

      await l.gateway.close();

      await oneDone;
      await twoDone;
      expect(await wsClosed).toBe(1001);
      expect(await sseDone).toEqual({ done: true, value: undefined });
      expect((await router.next('bye')).body).toEqual({
        kind: 'subscription',
        action: 'complete',
        id: 'bye',
        verifier: 'v',
      });
      sse.dispose();
      await ws.dispose();
    } finally {
      await router.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeRouter, type FakeRouter } from './support/fake-router.js';
import { startLive, untilOpen, type Live } from './support/live.js';

let live: Live;
let router: FakeRouter;

beforeAll(async () => {
  live = await startLive();
  router = await startFakeRouter();
});

afterAll(async () => {
  await live?.close();
  await router?.close();
});

/** The Router's subscription request to this subgraph. */
async function routerSubscribes(id: string, query: string, heartbeatIntervalMs: number) {
  const response = await fetch(live.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      query,
      variables: { id: live.conversation.id },
      extensions: {
        subscription: {
          callbackUrl: `${router.url}/callback/${id}`,
          subscriptionId: id,
          verifier: `verifier-${id}`,
          heartbeatIntervalMs,
        },
      },
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("Apollo Router's HTTP callback protocol", () => {
  it('checks the callback, answers {data: null}, then posts each event as `next`', async () => {
    const answer = await routerSubscribes(
      'sub-1',
      'subscription ($id: ID!) { messageAdded(conversationId: $id) { body author index } }',
      0,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data).toBeNull();
    const check = await router.next('sub-1');
    expect(check.headers['subscription-protocol']).toBe('callback/1.0');
    expect(check.headers['content-type']).toBe('application/json');
    expect(check.body).toEqual({
      kind: 'subscription',
      action: 'check',
      id: 'sub-1',
      verifier: 'verifier-sub-1',
    });
    await untilOpen(live.gateway, 1, 'callback');

    live.emulator.clearRequests();
    await live.run(
      `mutation ($id: ID!) { sendMessage(input: { conversationId: $id, author: "dave", body: "via the Router", webhookEnabled: true }) { message { id } } }`,
      { id: live.conversation.id },
    );
    const next = await router.next('sub-1');
    expect(next.body).toEqual({
      kind: 'subscription',
      action: 'next',
      id: 'sub-1',
      verifier: 'verifier-sub-1',
      payload: {
        data: {
          messageAdded: { body: 'via the Router', author: 'dave', index: expect.any(Number) },
        },
      },
    });
    await live.settled();
    expect(live.emulator.requestLog().total).toBe(1);
  });

  it('sends heartbeats, and ends the subscription when the Router no longer knows it', async () => {
    await routerSubscribes(
      'sub-2',
      'subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }',
      20,
    );
    expect((await router.next('sub-2')).body.action).toBe('check');
    await untilOpen(live.gateway, 2, 'callback');
    router.answer('sub-2', 404);
    const heartbeat = await router.next('sub-2');
    expect(heartbeat.body).toEqual({
      kind: 'subscription',
      action: 'check',
      id: 'sub-2',
      verifier: 'verifier-sub-2',
    });
    await untilOpen(live.gateway, 1, 'callback');
  });

  it('answers a subscription POSTed without the callback extension with how to subscribe', async () => {
    const response = await fetch(live.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }',
        variables: { id: live.conversation.id },
      }),
    });
    const body = (await response.json()) as { errors?: { message: string; extensions: unknown }[] };
    expect(body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('Subscriptions are served over WebSocket'),
      extensions: { code: 'BAD_REQUEST' },
    });
  });
});

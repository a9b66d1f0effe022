import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionsOverHttpMessage } from '../../src/server/transports.js';
import { postGraphQL, startStack, type Stack } from './support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

const noCost = { estimate: 0, requests: 0, retries: 0, durationMs: 0 };
const refused = {
  errors: [{ message: subscriptionsOverHttpMessage, extensions: { code: 'BAD_REQUEST' } }],
};

describe('a subscription sent over HTTP', () => {
  it('is a client error over POST (400 BAD_REQUEST), not an internal one', async () => {
    const { status, body } = await postGraphQL(
      stack.gateway,
      'subscription { messageAdded(conversationId: "djE6eA") { body } }',
    );
    expect(status).toBe(400);
    expect(body).toMatchObject(refused);
    expect(body.errors).toHaveLength(1);
    expect(body.extensions?.upstream).toEqual(noCost);
    expect(JSON.stringify(body)).not.toContain('INTERNAL_SERVER_ERROR');
  });

  it('says where subscriptions are served: WebSocket, Server-Sent Events, the callback protocol', () => {
    expect(subscriptionsOverHttpMessage).toMatch(/^Subscriptions are served over WebSocket/);
    expect(subscriptionsOverHttpMessage).toContain('/graphql/stream');
    expect(subscriptionsOverHttpMessage).toContain('callback protocol');
  });

  it('is judged by the operation the request selects', async () => {
    const document = `query Now { configuration { defaultChatServiceSid } }
      subscription Later { messageAdded(conversationId: "djE6eA") { body } }`;
    const select = (operationName: string) =>
      fetch(stack.gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: document, operationName }),
      });
    const later = await select('Later');
    expect(later.status).toBe(400);
    expect(await later.json()).toMatchObject(refused);
    const now = await select('Now');
    expect(now.status).toBe(200);
    expect(await now.json()).toMatchObject({
      data: { configuration: { defaultChatServiceSid: expect.stringMatching(/^IS/) } },
    });
  });

  it('is a client error over GET too, with the same message (not 405: POST would not serve it)', async () => {
    const url = new URL(stack.gateway.graphqlUrl);
    url.searchParams.set(
      'query',
      'subscription { messageAdded(conversationId: "djE6eA") { body } }',
    );
    const response = await fetch(url);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ...refused, extensions: { upstream: noCost } });
  });

  it('still answers a mutation over GET with 405, naming POST', async () => {
    const url = new URL(stack.gateway.graphqlUrl);
    url.searchParams.set(
      'query',
      'mutation { deleteMessage(input: {}) { userErrors { message } } }',
    );
    const response = await fetch(url);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

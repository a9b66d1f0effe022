/**
 * Partial data over HTTP: a field that fails on its own (a bad argument, its own Twilio request)
 * is null with one error at its path, and its siblings and parents keep their data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startStack, type GraphQLBody, type Stack } from './support/stack.js';

let stack: Stack;
let conversationSid: string;

beforeAll(async () => {
  stack = await startStack();
  const { body } = await postGraphQL(
    stack.gateway,
    '{ conversations(first: 1) { nodes { sid } } }',
  );
  const data = body.data as { conversations: { nodes: { sid: string }[] } };
  conversationSid = data.conversations.nodes[0]?.sid ?? '';
  expect(conversationSid).toMatch(/^CH/);
});
afterAll(async () => {
  await stack?.close();
});

function onlyError(body: GraphQLBody) {
  expect(body.errors).toHaveLength(1);
  return body.errors?.[0];
}

describe('partial data', () => {
  it('a malformed `after` deep in a query nulls only `messages`: the conversation keeps friendlyName', async () => {
    const { status, body } = await postGraphQL(
      stack.gateway,
      `query ($sid: String!) {
        conversation(sid: $sid) {
          sid
          friendlyName
          messages(after: "x") { edges { cursor node { body } } }
          participants(first: 2) { nodes { identity } }
        }
      }`,
      { sid: conversationSid },
    );
    expect(status).toBe(200);
    const conversation = body.data?.conversation as Record<string, unknown>;
    expect(conversation.sid).toBe(conversationSid);
    expect(typeof conversation.friendlyName).toBe('string');
    expect(conversation.messages).toBeNull();
    expect((conversation.participants as { nodes: unknown[] }).nodes.length).toBeGreaterThan(0);
    const error = onlyError(body);
    expect(error?.path).toEqual(['conversation', 'messages']);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    expect(error?.message).toContain('`after` is not a valid cursor');
  });

  it('a Twilio failure of a nested list stays at that list', async () => {
    stack.emulator.setFaults([
      {
        kind: 'unavailable',
        count: 1,
        operationId: 'conversations.v1.ListServiceConversationParticipant',
      },
    ]);
    const { body } = await postGraphQL(
      stack.gateway,
      `query ($sid: String!) {
        conversation(sid: $sid) {
          friendlyName
          participants(first: 2) { nodes { identity } }
          messages(last: 1) { nodes { body } }
        }
      }`,
      { sid: conversationSid },
    );
    const conversation = body.data?.conversation as Record<string, unknown>;
    expect(typeof conversation.friendlyName).toBe('string');
    expect(conversation.participants).toBeNull();
    expect((conversation.messages as { nodes: unknown[] }).nodes).toHaveLength(1);
    const error = onlyError(body);
    expect(error?.path).toEqual(['conversation', 'participants']);
    expect(error?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
  });

  it('a bad argument of a root list leaves the other root fields their data', async () => {
    const { body } = await postGraphQL(
      stack.gateway,
      '{ configuration { defaultChatServiceSid } conversations(first: 500) { nodes { sid } } users(first: 1) { nodes { identity } } }',
    );
    expect(body.data?.conversations).toBeNull();
    expect(body.data?.configuration).toMatchObject({ defaultChatServiceSid: expect.any(String) });
    expect((body.data?.users as { nodes: unknown[] }).nodes).toHaveLength(1);
    const error = onlyError(body);
    expect(error?.path).toEqual(['conversations']);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });

  it('too many ids for `nodes` null only `nodes`', async () => {
    const { body } = await postGraphQL(
      stack.gateway,
      'query ($ids: [ID!]!) { nodes(ids: $ids) { id } configuration { defaultChatServiceSid } }',
      { ids: Array.from({ length: 51 }, () => 'x') },
    );
    expect(body.data?.nodes).toBeNull();
    expect(body.data?.configuration).toMatchObject({ defaultChatServiceSid: expect.any(String) });
    const error = onlyError(body);
    expect(error?.path).toEqual(['nodes']);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'ids' });
  });

  it('a Twilio failure of the account configuration leaves the other root fields their data', async () => {
    stack.emulator.setFaults([
      { kind: 'unavailable', count: 1, operationId: 'conversations.v1.FetchConfiguration' },
    ]);
    const { body } = await postGraphQL(
      stack.gateway,
      '{ configuration { defaultChatServiceSid } services(first: 1) { nodes { sid } } }',
    );
    expect(body.data?.configuration).toBeNull();
    expect((body.data?.services as { nodes: unknown[] }).nodes).toHaveLength(1);
    const error = onlyError(body);
    expect(error?.path).toEqual(['configuration']);
    expect(error?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });
});

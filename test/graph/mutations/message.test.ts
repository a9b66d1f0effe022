/**
 * Message mutations: round trip (read through Conversations and Chat's `wasEdited`), the edge
 * of a sent message, bad input before Twilio and Twilio's answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EMPTY_SEED,
  FAKE,
  USER_ERRORS,
  createConversation,
  expectRejectedByTwilio,
  expectRejectedLocally,
  payloadOf,
  startMutationHarness,
  type MutationHarness,
} from './support/mutations.js';

let h: MutationHarness;
let conversationId = '';
let conversationSid = '';

beforeAll(async () => {
  h = await startMutationHarness(EMPTY_SEED);
  ({ id: conversationId, sid: conversationSid } = await createConversation(h, 'Chat'));
});
afterAll(() => h.close());

const SEND = `mutation ($input: SendMessageInput!) {
  sendMessage(input: $input) {
    message { id sid index author body attributes conversation { sid } }
    messageEdge { cursor node { sid } }
    ${USER_ERRORS}
  }
}`;
const UPDATE = `mutation ($input: UpdateMessageInput!) {
  updateMessage(input: $input) { message { id body attributes } ${USER_ERRORS} }
}`;
const DELETE = `mutation ($input: DeleteMessageInput!) {
  deleteMessage(input: $input) { deletedMessageId ${USER_ERRORS} }
}`;
const READ = `query ($id: ID!) { node(id: $id) { ... on Message { body author attributes } } }`;
const READ_CHAT = `query ($id: ID!) { node(id: $id) { ... on Message { wasEdited type } } }`;

interface Sent {
  message: { id: string; sid: string; index: number };
  messageEdge: { cursor: string; node: { sid: string } };
}

describe('round trip', () => {
  it('sends, reads (both APIs), updates, reads, deletes, reads null', async () => {
    const sent = await h.run(SEND, {
      input: { conversationId, author: 'ann', body: 'Hello', attributes: { kind: 'greeting' } },
    });
    const payload = payloadOf<Sent>(sent, 'sendMessage');
    expect(payload.userErrors).toEqual([]);
    expect(payload.message).toMatchObject({
      author: 'ann',
      body: 'Hello',
      attributes: { kind: 'greeting' },
      conversation: { sid: conversationSid },
    });
    expect(sent.served.map((e) => e.operationId)).toEqual([
      'conversations.v1.CreateServiceConversationMessage',
    ]);
    const id = payload.message.id;
    expect((await h.run(READ, { id })).data.node).toEqual({
      body: 'Hello',
      author: 'ann',
      attributes: { kind: 'greeting' },
    });
    expect((await h.run(READ_CHAT, { id })).data.node).toEqual({ wasEdited: false, type: 'TEXT' });

    const updated = await h.run(UPDATE, { input: { id, body: 'Hello, world' } });
    expect(payloadOf(updated, 'updateMessage')).toMatchObject({
      message: { body: 'Hello, world' },
      userErrors: [],
    });
    expect((await h.run(READ, { id })).data.node).toMatchObject({ body: 'Hello, world' });
    expect((await h.run(READ_CHAT, { id })).data.node).toMatchObject({ wasEdited: true });

    const deleted = await h.run(DELETE, {
      input: { serviceSid: h.serviceSid, conversationSid, sid: payload.message.sid },
    });
    expect(payloadOf(deleted, 'deleteMessage')).toEqual({ deletedMessageId: id, userErrors: [] });
    expect((await h.run(READ, { id })).data.node).toBeNull();
  });

  it("the edge's cursor continues the message list after the new message", async () => {
    const first = payloadOf<Sent>(
      await h.run(SEND, { input: { conversationId, body: 'one' } }),
      'sendMessage',
    );
    await h.run(SEND, { input: { conversationId, body: 'two' } });
    const page = await h.run(
      `query ($id: ID!, $after: String!) {
        node(id: $id) { ... on Conversation { messages(first: 5, after: $after) { nodes { body } } } }
      }`,
      { id: conversationId, after: first.messageEdge.cursor },
    );
    expect(page.result.errors).toBeUndefined();
    expect(page.data.node).toEqual({ messages: { nodes: [{ body: 'two' }] } });
    // One page that starts after the new message: the conversation itself is not read when
    // nothing but its messages is selected (issue 8, item 8).
    expect(page.served.map((e) => e.operationId)).toEqual([
      'conversations.v1.ListServiceConversationMessage',
    ]);
  });
});

describe('bad input', () => {
  it('rejects a missing body, bad SIDs, too large attributes and a too long body without a request', async () => {
    expectRejectedLocally(await h.run(SEND, { input: { conversationId } }), 'sendMessage', {
      field: ['input', 'body'],
      code: 'REQUIRED',
    });
    expectRejectedLocally(
      await h.run(SEND, { input: { conversationId, mediaSid: 'ME12' } }),
      'sendMessage',
      { field: ['input', 'mediaSid'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(SEND, {
        input: { conversationId, body: 'x', attributes: { a: 'b'.repeat(4100) } },
      }),
      'sendMessage',
      { field: ['input', 'attributes'], code: 'TOO_LONG' },
    );
    expectRejectedLocally(
      await h.run(SEND, { input: { conversationId, body: 'x'.repeat(32 * 1024 + 1) } }),
      'sendMessage',
      { field: ['input', 'body'], code: 'TOO_LONG' },
    );
    expectRejectedLocally(
      await h.run(SEND, { input: { conversationId, body: 'x', contentVariables: 'nope' } }),
      'sendMessage',
      { field: ['input', 'contentVariables'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(UPDATE, {
        input: { serviceSid: h.serviceSid, conversationSid, sid: 'IMnope', body: 'x' },
      }),
      'updateMessage',
      { field: ['input', 'sid'], code: 'INVALID' },
    );
  });

  it('reports an unknown conversation and an unknown message from Twilio', async () => {
    expectRejectedByTwilio(
      await h.run(SEND, {
        input: { serviceSid: h.serviceSid, conversationSid: FAKE.CH, body: 'x' },
      }),
      'sendMessage',
      { field: ['input', 'conversationSid'], code: 'NOT_FOUND', twilioCode: 20404 },
    );
    expectRejectedByTwilio(
      await h.run(DELETE, { input: { serviceSid: h.serviceSid, conversationSid, sid: FAKE.IM } }),
      'deleteMessage',
      { field: ['input', 'sid'], code: 'NOT_FOUND', twilioCode: 20404 },
    );
  });

  it('reports a closed conversation as CLOSED', async () => {
    const closed = await h.run(
      `mutation { createConversation(input: { state: CLOSED }) { conversation { id } } }`,
    );
    const id = (closed.data.createConversation as { conversation: { id: string } }).conversation.id;
    expectRejectedByTwilio(
      await h.run(SEND, { input: { conversationId: id, body: 'late' } }),
      'sendMessage',
      { field: null, code: 'CLOSED', twilioCode: 50377 },
    );
  });
});

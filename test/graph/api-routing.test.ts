/**
 * Gateway routing configuration (`ApiRouting`): the same queries and mutations reach the API
 * the configuration names, asserted by the exact operation ids the emulator served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRouting } from '../../src/graph/index.js';
import { routing, type Run } from './support/harness.js';
import { startMutationHarness, type MutationHarness } from './mutations/support/mutations.js';

let h: MutationHarness;
let conversationSid = '';
let identity = '';

beforeAll(async () => {
  h = await startMutationHarness({
    seed: { conversationsPerService: 2, messagesPerConversation: 3, usersPerService: 3 },
  });
  const r = await h.run(`{ conversations(first: 1) { nodes { sid participants(first: 1) {
    nodes { identity } } } } }`);
  const node = (
    r.data.conversations as {
      nodes: { sid: string; participants: { nodes: { identity: string }[] } }[];
    }
  ).nodes[0];
  conversationSid = node?.sid ?? '';
  identity = node?.participants.nodes[0]?.identity ?? '';
});
afterAll(() => h.close());

const ids = (run: Run) => run.served.map((e) => e.operationId);
const sorted = (run: Run) => [...ids(run)].sort();

const CONVERSATION = `query ($serviceSid: String, $sid: String!) {
  conversation(serviceSid: $serviceSid, sid: $sid) {
    friendlyName
    participants(first: 5) { nodes { identity } }
    messages(first: 5) { nodes { body author } }
  }
}`;
const USER = `query ($serviceSid: String, $identity: String!) {
  user(serviceSid: $serviceSid, identity: $identity) {
    friendlyName
    conversations(first: 5) { edges { unreadMessagesCount node { sid } } }
  }
}`;
const SEND = `mutation ($input: SendMessageInput!) {
  sendMessage(input: $input) { message { body author } userErrors { field code message } }
}`;

async function read(query: string, variables: Record<string, unknown>, config: ApiRouting) {
  const run = await h.run(query, variables, { routing: config });
  expect(run.result.errors).toBeUndefined();
  return run;
}

describe('primaryApi', () => {
  const chatV1 = routing({ primaryApi: 'chat-v1' });
  const chatV2 = routing({ primaryApi: 'chat-v2' });

  it('chat-v1 reads conversations, participants, messages and users through Chat v1', async () => {
    const conversation = await read(
      CONVERSATION,
      { serviceSid: h.serviceSid, sid: conversationSid },
      chatV1,
    );
    expect(sorted(conversation)).toEqual([
      'chat.v1.FetchChannel',
      'chat.v1.ListMember',
      'chat.v1.ListMessage',
    ]);
    const user = await read(USER, { serviceSid: h.serviceSid, identity }, chatV1);
    expect(sorted(user)).toEqual(['chat.v1.FetchUser', 'chat.v1.ListUserChannel']);
  });

  it('chat-v2 reads the same objects through Chat v2 with the same answers', async () => {
    const variables = { serviceSid: h.serviceSid, sid: conversationSid };
    const v2 = await read(CONVERSATION, variables, chatV2);
    expect(sorted(v2)).toEqual([
      'chat.v2.FetchChannel',
      'chat.v2.ListMember',
      'chat.v2.ListMessage',
    ]);
    const conversations = await read(CONVERSATION, variables, routing({}));
    expect(sorted(conversations)).toEqual([
      'conversations.v1.FetchServiceConversation',
      'conversations.v1.ListServiceConversationMessage',
      'conversations.v1.ListServiceConversationParticipant',
    ]);
    expect(v2.data).toEqual(conversations.data);
    const user = await read(USER, { serviceSid: h.serviceSid, identity }, chatV2);
    expect(sorted(user)).toEqual(['chat.v2.FetchUser', 'chat.v2.ListUserChannel']);
  });

  it('Conversations-only fields still come from Conversations, Chat-only ones from the chosen Chat version', async () => {
    const run = await read(
      `query ($serviceSid: String!, $sid: String!) {
        conversation(serviceSid: $serviceSid, sid: $sid) { friendlyName state type membersCount }
      }`,
      { serviceSid: h.serviceSid, sid: conversationSid },
      chatV1,
    );
    expect(sorted(run)).toEqual([
      'chat.v1.FetchChannel',
      'conversations.v1.FetchServiceConversation',
    ]);
    expect(run.data.conversation).toMatchObject({ state: 'ACTIVE', type: 'PRIVATE' });
  });

  it('chat-v1 writes through Chat v1, falling back to Chat v2 where v1 lacks the operation', async () => {
    const sent = await h.run(
      SEND,
      { input: { serviceSid: h.serviceSid, conversationSid, author: identity, body: 'via v1' } },
      { routing: chatV1 },
    );
    expect(sent.data.sendMessage).toEqual({
      message: { body: 'via v1', author: identity },
      userErrors: [],
    });
    expect(ids(sent)).toEqual(['chat.v1.CreateMessage']);
    const created = await h.run(
      `mutation { createConversation(input: { friendlyName: "Routed" }) {
        conversation { friendlyName } userErrors { message } } }`,
      {},
      { routing: chatV2 },
    );
    expect(created.data.createConversation).toEqual({
      conversation: { friendlyName: 'Routed' },
      userErrors: [],
    });
    expect(ids(created)).toEqual(['conversations.v1.FetchConfiguration', 'chat.v2.CreateChannel']);
  });
});

describe('User.membership', () => {
  const MEMBERSHIP = `query ($serviceSid: String, $identity: String!, $sid: String!) {
    user(serviceSid: $serviceSid, identity: $identity) {
      membership(conversationSid: $sid) { conversation { sid } participantSid notificationLevel }
    }
  }`;

  it('reads one membership through the API each routing names', async () => {
    const results: unknown[] = [];
    for (const [config, serviceSid, operationId] of [
      [routing({}), true, 'conversations.v1.FetchServiceUserConversation'],
      [routing({ primaryApi: 'chat-v1' }), true, 'chat.v2.FetchUserChannel'],
      [
        routing({ conversationsPaths: 'default-service' }),
        false,
        'conversations.v1.FetchUserConversation',
      ],
    ] as const) {
      const run = await read(
        MEMBERSHIP,
        { ...(serviceSid ? { serviceSid: h.serviceSid } : {}), identity, sid: conversationSid },
        config,
      );
      expect(ids(run)).toContain(operationId);
      expect(ids(run).filter((id) => /UserConversation|UserChannel/.test(id ?? ''))).toEqual([
        operationId,
      ]);
      results.push(run.data.user);
    }
    expect(results[0]).toMatchObject({
      membership: {
        conversation: { sid: conversationSid },
        participantSid: expect.stringMatching(/^MB/),
      },
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});

describe('conversationsPaths: default-service', () => {
  const paths = routing({ conversationsPaths: 'default-service' });

  it('reads objects of the default service through the default-service paths', async () => {
    const run = await read(CONVERSATION, { sid: conversationSid }, paths);
    expect(ids(run)[0]).toBe('conversations.v1.FetchConfiguration');
    expect(sorted(run)).toEqual([
      'conversations.v1.FetchConfiguration',
      'conversations.v1.FetchConversation',
      'conversations.v1.ListConversationMessage',
      'conversations.v1.ListConversationParticipant',
    ]);
    const user = await read(USER, { identity }, paths);
    expect(sorted(user)).toEqual([
      'conversations.v1.FetchConfiguration',
      'conversations.v1.FetchUser',
      'conversations.v1.ListUserConversation',
    ]);
  });

  it('writes to the default service through its paths, and keeps other services on theirs', async () => {
    const sent = await h.run(
      SEND,
      { input: { conversationSid, author: identity, body: 'default path' } },
      { routing: paths },
    );
    expect(sent.data.sendMessage).toMatchObject({ userErrors: [] });
    expect(ids(sent)).toEqual([
      'conversations.v1.FetchConfiguration',
      'conversations.v1.CreateConversationMessage',
    ]);

    const service = await h.run(
      `mutation { createService(input: { friendlyName: "Other" }) { service { sid } } }`,
    );
    const other = (service.data.createService as { service: { sid: string } }).service.sid;
    const created = await h.run(
      `mutation ($serviceSid: String!) { createConversation(input: { serviceSid: $serviceSid,
        friendlyName: "Elsewhere" }) { conversation { sid } userErrors { message } } }`,
      { serviceSid: other },
      { routing: paths },
    );
    expect(created.data.createConversation).toMatchObject({ userErrors: [] });
    expect(ids(created)).toEqual([
      'conversations.v1.FetchConfiguration',
      'conversations.v1.CreateServiceConversation',
    ]);
  });
});

describe('chatHost: ip-messaging', () => {
  it('sends Chat v2 reads and writes to the IP Messaging host', async () => {
    const config = routing({ primaryApi: 'chat-v2', chatHost: 'ip-messaging' });
    const run = await read(
      CONVERSATION,
      { serviceSid: h.serviceSid, sid: conversationSid },
      config,
    );
    expect(sorted(run)).toEqual([
      'chat.v2.FetchChannel',
      'chat.v2.ListMember',
      'chat.v2.ListMessage',
    ]);
    expect(new Set(run.served.map((e) => e.host))).toEqual(new Set(['ip-messaging']));
    const sent = await h.run(
      SEND,
      { input: { serviceSid: h.serviceSid, conversationSid, author: identity, body: 'ipm' } },
      { routing: config },
    );
    expect(sent.served.map((e) => [e.operationId, e.host])).toEqual([
      ['chat.v2.CreateMessage', 'ip-messaging'],
    ]);
  });

  it('keeps Chat-only reads of the default routing on the IP Messaging host too, and the Chat host by default', async () => {
    const query = `query ($serviceSid: String!, $sid: String!) {
      conversation(serviceSid: $serviceSid, sid: $sid) { type } }`;
    const variables = { serviceSid: h.serviceSid, sid: conversationSid };
    const ipm = await read(query, variables, routing({ chatHost: 'ip-messaging' }));
    expect(ipm.served.map((e) => [e.operationId, e.host])).toEqual([
      ['chat.v2.FetchChannel', 'ip-messaging'],
    ]);
    const chat = await read(query, variables, routing({}));
    expect(chat.served.map((e) => [e.operationId, e.host])).toEqual([
      ['chat.v2.FetchChannel', 'chat'],
    ]);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Client } from 'graphql-ws';
import {
  startLive,
  subscribe,
  untilOpen,
  wsClient,
  type Frames,
  type Live,
} from './support/live.js';

let live: Live;
let client: Client;
let open = 0;

beforeAll(async () => {
  live = await startLive({ realtime: { limits: { subscriptionsPerConnection: 3 } } });
});

afterEach(async () => {
  await client?.dispose();
  open = 0;
  await untilOpen(live.gateway, 0);
});

afterAll(async () => {
  await live?.close();
});

/** Subscribes and waits until the gateway counts the subscription as open. */
async function watch(
  query: string,
  variables: Record<string, unknown>,
): Promise<{ frames: Frames; first: ReturnType<Frames['next']> }> {
  client ??= wsClient(live);
  const frames = subscribe(client, query, variables);
  const first = frames.next();
  // Awaited by the tests that expect a frame; others end before one comes.
  first.catch(() => undefined);
  open += 1;
  await untilOpen(live.gateway, open);
  return { frames, first };
}

async function newConversation(name: string): Promise<{ id: string; sid: string }> {
  const data = await live.run(
    `mutation ($name: String!) { createConversation(input: { friendlyName: $name }) { conversation { id sid } } }`,
    { name },
  );
  return (data.createConversation as { conversation: { id: string; sid: string } }).conversation;
}

async function send(conversationId: string, body: string): Promise<string> {
  const data = await live.run(
    `mutation ($id: ID!, $body: String!) {
      sendMessage(input: { conversationId: $id, author: "alice", body: $body, webhookEnabled: true }) { message { id } }
    }`,
    { id: conversationId, body },
  );
  return (data.sendMessage as { message: { id: string } }).message.id;
}

/** Twilio operations the emulator served since `clearRequests`, in order. */
function operations(): (string | null)[] {
  return live.emulator.requestLog().requests.map((r) => r.operationId);
}

beforeAll(() => {
  // One client per test; afterEach disposes it.
  client = undefined as unknown as Client;
});

describe('graphql-ws subscriptions, end to end through the emulator', () => {
  it('messageAdded { body author index } arrives without a Twilio request', async () => {
    client = wsClient(live);
    const { first } = await watch(
      'subscription ($id: ID!) { messageAdded(conversationId: $id) { body author index } }',
      { id: live.conversation.id },
    );
    live.emulator.clearRequests();
    await send(live.conversation.id, 'Hello, live world');
    const frame = await first;
    await live.settled();
    expect(frame).toEqual({
      data: {
        messageAdded: { body: 'Hello, live world', author: 'alice', index: expect.any(Number) },
      },
    });
    // The write itself, and nothing for the event.
    expect(operations()).toEqual(['conversations.v1.CreateServiceConversationMessage']);
  });

  it('a field the webhook does not carry costs one fetch per event, shared by identical subscribers', async () => {
    const conversation = await newConversation('Fetch once');
    client = wsClient(live);
    const query =
      'subscription ($id: ID!) { messageAdded(conversationId: $id) { body contentSid conversation { friendlyName } } }';
    const a = await watch(query, { id: conversation.id });
    const b = await watch(query, { id: conversation.id });
    live.emulator.clearRequests();
    await send(conversation.id, 'one');
    const expected = {
      data: {
        messageAdded: {
          body: 'one',
          contentSid: null,
          conversation: { friendlyName: 'Fetch once' },
        },
      },
    };
    expect(await a.first).toEqual(expected);
    expect(await b.first).toEqual(expected);
    await live.settled();
    expect(operations().sort()).toEqual(
      [
        'conversations.v1.CreateServiceConversationMessage',
        'conversations.v1.FetchServiceConversation',
        'conversations.v1.FetchServiceConversationMessage',
      ].sort(),
    );
  });

  it('messageUpdated and messageRemoved follow a message through its life', async () => {
    const conversation = await newConversation('Edits');
    client = wsClient(live);
    const updated = await watch(
      'subscription ($id: ID!) { messageUpdated(conversationId: $id) { id body updatedAt } }',
      { id: conversation.id },
    );
    const removed = await watch(
      'subscription ($id: ID!) { messageRemoved(conversationId: $id) { id body author index } }',
      { id: conversation.id },
    );
    const messageId = await send(conversation.id, 'draft');
    live.emulator.clearRequests();
    await live.run(
      `mutation ($id: ID!) { updateMessage(input: { id: $id, body: "final", webhookEnabled: true }) { message { id } } }`,
      { id: messageId },
    );
    expect(await updated.first).toEqual({
      data: { messageUpdated: { id: messageId, body: 'final', updatedAt: expect.any(String) } },
    });
    await live.run(
      `mutation ($id: ID!) { deleteMessage(input: { id: $id, webhookEnabled: true }) { deletedMessageId } }`,
      { id: messageId },
    );
    expect(await removed.first).toEqual({
      data: { messageRemoved: { id: messageId, body: 'final', author: 'alice', index: 0 } },
    });
    await live.settled();
    expect(operations()).toEqual([
      'conversations.v1.UpdateServiceConversationMessage',
      'conversations.v1.DeleteServiceConversationMessage',
    ]);
  });

  it('participantAdded, participantUpdated and participantRemoved: people joining and leaving', async () => {
    const conversation = await newConversation('People');
    client = wsClient(live);
    const fields = '{ id identity roleSid user { identity } }';
    const added = await watch(
      `subscription ($id: ID!) { participantAdded(conversationId: $id) ${fields} }`,
      {
        id: conversation.id,
      },
    );
    const updated = await watch(
      'subscription ($id: ID!) { participantUpdated(conversationId: $id) { id attributes } }',
      { id: conversation.id },
    );
    const removed = await watch(
      'subscription ($id: ID!) { participantRemoved(conversationId: $id) { id identity } }',
      { id: conversation.id },
    );
    const joined = await live.run(
      `mutation ($id: ID!) { addParticipant(input: { conversationId: $id, identity: "bob", webhookEnabled: true }) { participant { id } } }`,
      { id: conversation.id },
    );
    const participantId = (joined.addParticipant as { participant: { id: string } }).participant.id;
    expect(await added.first).toEqual({
      data: {
        participantAdded: {
          id: participantId,
          identity: 'bob',
          roleSid: expect.stringMatching(/^RL/),
          user: { identity: 'bob' },
        },
      },
    });
    await live.run(
      `mutation ($id: ID!) { updateParticipant(input: { id: $id, attributes: { mood: "happy" }, webhookEnabled: true }) { participant { id } } }`,
      { id: participantId },
    );
    expect(await updated.first).toEqual({
      data: { participantUpdated: { id: participantId, attributes: { mood: 'happy' } } },
    });
    await live.run(
      `mutation ($id: ID!) { removeParticipant(input: { id: $id, webhookEnabled: true }) { deletedParticipantId } }`,
      { id: participantId },
    );
    expect(await removed.first).toEqual({
      data: { participantRemoved: { id: participantId, identity: 'bob' } },
    });
  });

  it('conversationUpdated, then conversationRemoved ends every stream of the conversation', async () => {
    const conversation = await newConversation('Short-lived');
    client = wsClient(live);
    const updated = await watch(
      'subscription ($id: ID!) { conversationUpdated(conversationId: $id) { id friendlyName state } }',
      { id: conversation.id },
    );
    const removed = await watch(
      'subscription ($id: ID!) { conversationRemoved(conversationId: $id) { id friendlyName } }',
      { id: conversation.id },
    );
    const messages = await watch(
      'subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }',
      {
        id: conversation.id,
      },
    );
    await live.run(
      `mutation ($id: ID!) { updateConversation(input: { id: $id, friendlyName: "Renamed", webhookEnabled: true }) { conversation { id } } }`,
      { id: conversation.id },
    );
    expect(await updated.first).toEqual({
      data: {
        conversationUpdated: { id: conversation.id, friendlyName: 'Renamed', state: 'ACTIVE' },
      },
    });
    await live.run(
      `mutation ($id: ID!) { deleteConversation(input: { id: $id, webhookEnabled: true }) { deletedConversationId } }`,
      { id: conversation.id },
    );
    expect(await removed.first).toEqual({
      data: { conversationRemoved: { id: conversation.id, friendlyName: 'Renamed' } },
    });
    await removed.frames.completed();
    await updated.frames.completed();
    await expect(messages.first).rejects.toThrow('The subscription completed');
    open = 0;
  });

  it('a plain sendMessage reaches subscribers (writes are webhook-enabled by default); webhookEnabled: false reaches none', async () => {
    const conversation = await newConversation('Quiet');
    client = wsClient(live);
    const { first } = await watch(
      'subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }',
      {
        id: conversation.id,
      },
    );
    live.emulator.clearRequests();
    await live.run(
      `mutation ($id: ID!) { sendMessage(input: { conversationId: $id, body: "silent", webhookEnabled: false }) { message { id } } }`,
      { id: conversation.id },
    );
    await live.run(
      `mutation ($id: ID!) { sendMessage(input: { conversationId: $id, body: "plain" }) { message { id } } }`,
      { id: conversation.id },
    );
    expect(await first).toEqual({ data: { messageAdded: { body: 'plain' } } });
    await live.settled();
    // The header rode on the writes; it added no request.
    expect(operations()).toEqual([
      'conversations.v1.CreateServiceConversationMessage',
      'conversations.v1.CreateServiceConversationMessage',
    ]);
  });
});

describe('graphql-ws rules', () => {
  it('answers a bad conversation id and a query with an error, not a stream', async () => {
    client = wsClient(live);
    const bad = subscribe(client, 'subscription { messageAdded(conversationId: "nope") { body } }');
    expect(await bad.next()).toEqual({
      errors: [
        expect.objectContaining({
          message:
            'The value of `conversationId` is not an id issued by this graph (ids are opaque; pass them back unchanged).',
          path: ['messageAdded'],
          extensions: { code: 'BAD_USER_INPUT', argument: 'conversationId', retryable: false },
        }),
      ],
    });
    await bad.completed();
    const query = subscribe(client, '{ configuration { defaultChatServiceSid } }');
    await expect(query.next()).rejects.toMatchObject([
      expect.objectContaining({
        message: 'Only subscriptions are served here; send query operations to POST /graphql.',
      }),
    ]);
  });

  it('a client completing a subscription ends it on the server; the connection stays', async () => {
    client = wsClient(live);
    const query = 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }';
    const one = await watch(query, { id: live.conversation.id });
    const two = await watch(query, { id: live.conversation.id });
    await one.frames.stop();
    open -= 1;
    await untilOpen(live.gateway, 1);
    await send(live.conversation.id, 'still here');
    expect(await two.first).toEqual({ data: { messageAdded: { body: 'still here' } } });
  });

  it('caps the subscriptions of one connection', async () => {
    client = wsClient(live);
    const query = 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }';
    for (let i = 0; i < 3; i++) await watch(query, { id: live.conversation.id });
    const fourth = subscribe(client, query, { id: live.conversation.id });
    await expect(fourth.next()).rejects.toMatchObject([
      expect.objectContaining({
        message: 'Too many subscriptions on this connection (at most 3).',
        extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 3 },
      }),
    ]);
  });

  it('refuses a connection without the graphql-transport-ws subprotocol, and other paths', async () => {
    // Without graphql-transport-ws (e.g. the legacy subscriptions-transport-ws client).
    const legacy = new WebSocket(live.wsUrl);
    const code = await new Promise<number>((resolve) => legacy.once('close', (c) => resolve(c)));
    expect(code).toBe(4406);
    const elsewhere = new WebSocket(
      live.wsUrl.replace('/graphql', '/other'),
      'graphql-transport-ws',
    );
    const status = await new Promise<number | undefined>((resolve) => {
      elsewhere.once('unexpected-response', (_req, res) => resolve(res.statusCode));
      elsewhere.once('error', () => resolve(undefined));
    });
    expect(status).toBe(404);
  });
});

describe('graphql-ws connection lifecycle', () => {
  let quick: Live;

  beforeAll(async () => {
    quick = await startLive({
      realtime: { limits: { connectionInitTimeoutMs: 50, keepAliveMs: 30 } },
    });
  });

  afterAll(async () => {
    await quick?.close();
  });

  it('closes a connection that never sends connection_init (4408)', async () => {
    const socket = new WebSocket(quick.wsUrl, 'graphql-transport-ws');
    const [code, reason] = await new Promise<[number, string]>((resolve) =>
      socket.once('close', (c, r) => resolve([c, r.toString()])),
    );
    expect([code, reason]).toEqual([4408, 'Connection initialisation timeout']);
  });

  it('keeps connections alive with pings', async () => {
    const socket = new WebSocket(quick.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await new Promise((resolve) => socket.once('ping', resolve));
    socket.close();
  });
});

describe('Chat API webhooks', () => {
  let chat: Live;

  beforeAll(async () => {
    chat = await startLive({
      routing: { primaryApi: 'chat-v2', conversationsPaths: 'service', chatHost: 'chat' },
    });
  });

  afterAll(async () => {
    await chat?.close();
  });

  it('Chat onMessageSent and onMemberAdded arrive as messageAdded and participantAdded', async () => {
    const chatClient = wsClient(chat);
    try {
      const id = chat.conversation.id;
      const message = subscribe(
        chatClient,
        'subscription ($id: ID!) { messageAdded(conversationId: $id) { body author } }',
        { id },
      );
      const member = subscribe(
        chatClient,
        'subscription ($id: ID!) { participantAdded(conversationId: $id) { identity } }',
        { id },
      );
      const firstMessage = message.next();
      const firstMember = member.next();
      await untilOpen(chat.gateway, 2);
      chat.emulator.clearRequests();
      await chat.run(
        `mutation ($id: ID!) { sendMessage(input: { conversationId: $id, author: "erin", body: "through Chat", webhookEnabled: true }) { message { id } } }`,
        { id },
      );
      expect(await firstMessage).toEqual({
        data: { messageAdded: { body: 'through Chat', author: 'erin' } },
      });
      await chat.run(
        `mutation ($id: ID!) { addParticipant(input: { conversationId: $id, identity: "frank", webhookEnabled: true }) { participant { id } } }`,
        { id },
      );
      expect(await firstMember).toEqual({ data: { participantAdded: { identity: 'frank' } } });
      await chat.settled();
      expect(chat.emulator.requestLog().requests.map((r) => r.operationId)).toEqual([
        'chat.v2.CreateMessage',
        'chat.v2.CreateMember',
      ]);
      expect(chat.emulator.webhookDeliveries().map((d) => d.params.EventType)).toEqual(
        expect.arrayContaining(['onMessageSent', 'onMemberAdded']),
      );
    } finally {
      await chatClient.dispose();
    }
  });
});

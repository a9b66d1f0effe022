/**
 * Field-level source routing: each field is read from the API that has it, and a selection
 * that needs only one API calls only that API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type Run } from './support/harness.js';

let h: Harness;
let serviceSid = '';
let sid = '';
let uniqueName = '';

beforeAll(async () => {
  h = await startHarness({ seed: { conversationsPerService: 2, messagesPerConversation: 3 } });
  const r = await h.run(
    '{ configuration { defaultChatServiceSid } conversations(first: 1) { nodes { sid uniqueName } } }',
  );
  const data = r.data as {
    configuration: { defaultChatServiceSid: string };
    conversations: { nodes: { sid: string; uniqueName: string }[] };
  };
  serviceSid = data.configuration.defaultChatServiceSid;
  sid = data.conversations.nodes[0]?.sid ?? '';
  uniqueName = data.conversations.nodes[0]?.uniqueName ?? '';
});
afterAll(() => h.close());

function apis(run: Run): string[] {
  return [...new Set(run.served.map((e) => (e.operationId ?? '?').split('.')[0] ?? '?'))].sort();
}

const lookup = (fields: string) =>
  h.run(
    `query ($serviceSid: String!, $sid: String!) { conversation(serviceSid: $serviceSid, sid: $sid) { ${fields} } }`,
    { serviceSid, sid },
  );

describe('field-level source routing', () => {
  it('a Conversations-only selection makes no Chat request', async () => {
    const run = await lookup('friendlyName state timers { inactiveAt } messagingServiceSid');
    expect(run.result.errors).toBeUndefined();
    expect(apis(run)).toEqual(['conversations']);
    expect(run.served).toHaveLength(1);
    expect((run.data.conversation as { state: string }).state).toBe('ACTIVE');
  });

  it('a Chat-only selection makes no Conversations request', async () => {
    const run = await lookup('sid type membersCount messagesCount createdBy');
    expect(run.result.errors).toBeUndefined();
    expect(apis(run)).toEqual(['chat']);
    expect(run.served).toHaveLength(1);
    expect(run.data.conversation).toMatchObject({ sid, type: 'PRIVATE', messagesCount: 3 });
  });

  it('a mixed selection reads each API once and merges both into one object', async () => {
    const run = await lookup('id sid friendlyName uniqueName state type membersCount');
    expect(run.result.errors).toBeUndefined();
    expect(apis(run)).toEqual(['chat', 'conversations']);
    expect(run.served).toHaveLength(2);
    expect(run.ledgerRequests).toBe(2);
    expect(run.data.conversation).toMatchObject({
      sid,
      uniqueName,
      state: 'ACTIVE',
      type: 'PRIVATE',
    });
  });

  it('a conversation looked up by unique name is cached under its SID too', async () => {
    const run = await h.run(
      `query ($serviceSid: String!, $name: String!) {
        conversation(serviceSid: $serviceSid, uniqueName: $name) {
          sid
          friendlyName
          participants(first: 1) { nodes { conversation { sid friendlyName } } }
        }
      }`,
      { serviceSid, name: uniqueName },
    );
    expect(run.result.errors).toBeUndefined();
    const conversation = run.data.conversation as {
      sid: string;
      friendlyName: string;
      participants: { nodes: { conversation: { sid: string; friendlyName: string } }[] };
    };
    expect(conversation.participants.nodes[0]?.conversation).toEqual({
      sid: conversation.sid,
      friendlyName: conversation.friendlyName,
    });
    expect(run.served.map((e) => e.operationId)).toEqual([
      'conversations.v1.FetchServiceConversation',
      'conversations.v1.ListServiceConversationParticipant',
    ]);
  });

  it('a listed conversation is primed, so reaching it again through a participant costs nothing', async () => {
    const run = await h.run(
      `query ($serviceSid: String!) {
        conversations(serviceSid: $serviceSid, first: 1) {
          nodes { sid participants(first: 2) { nodes { conversation { sid friendlyName state } } } }
        }
      }`,
      { serviceSid },
    );
    expect(run.result.errors).toBeUndefined();
    expect(run.served.map((e) => e.operationId)).toEqual([
      'conversations.v1.ListServiceConversation',
      'conversations.v1.ListServiceConversationParticipant',
    ]);
  });

  it('public channels are listed through Chat when `type` is given', async () => {
    const run = await h.run(
      `query ($serviceSid: String!) {
        conversations(serviceSid: $serviceSid, type: [PUBLIC], first: 10) { nodes { sid type friendlyName } }
      }`,
      { serviceSid },
    );
    expect(run.result.errors).toBeUndefined();
    expect(apis(run)).toEqual(['chat']);
    const nodes = (run.data.conversations as { nodes: { type: string }[] }).nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.type === 'PUBLIC')).toBe(true);
  });
});

/** Requests per product (`chat`, `conversations`) the emulator served for a run. */
function perProduct(run: Run): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of run.served) {
    const product = (entry.operationId ?? '?').split('.')[0] ?? '?';
    counts[product] = (counts[product] ?? 0) + 1;
  }
  return counts;
}

describe('Chat-only look-ahead beyond Conversation', () => {
  let identity = '';
  let userSid = '';
  let messageSid = '';
  let messageId = '';
  let userId = '';
  let serviceId = '';

  beforeAll(async () => {
    const r = await h.run(
      `query ($serviceSid: String!, $sid: String!) {
        service(sid: $serviceSid) { id }
        users(serviceSid: $serviceSid, first: 1) { nodes { id sid identity } }
        conversation(serviceSid: $serviceSid, sid: $sid) { messages(first: 1) { nodes { id sid } } }
      }`,
      { serviceSid, sid },
    );
    const data = r.data as {
      service: { id: string };
      users: { nodes: { id: string; sid: string; identity: string }[] };
      conversation: { messages: { nodes: { id: string; sid: string }[] } };
    };
    serviceId = data.service.id;
    identity = data.users.nodes[0]?.identity ?? '';
    userSid = data.users.nodes[0]?.sid ?? '';
    userId = data.users.nodes[0]?.id ?? '';
    messageSid = data.conversation.messages.nodes[0]?.sid ?? '';
    messageId = data.conversation.messages.nodes[0]?.id ?? '';
  });

  it('user(...) asking only for Chat-only fields reads Chat alone; Conversations fields read Conversations alone', async () => {
    const chat = await h.run(
      `query ($s: String!, $i: String!) { user(serviceSid: $s, identity: $i) { sid joinedChannelsCount } }`,
      { s: serviceSid, i: identity },
    );
    expect(chat.result.errors).toBeUndefined();
    expect(perProduct(chat)).toEqual({ chat: 1 });
    expect(chat.data.user).toMatchObject({ sid: userSid });
    expect(typeof (chat.data.user as { joinedChannelsCount: unknown }).joinedChannelsCount).toBe(
      'number',
    );
    const conversations = await h.run(
      `query ($s: String!, $i: String!) { user(serviceSid: $s, identity: $i) { sid friendlyName isOnline } }`,
      { s: serviceSid, i: identity },
    );
    expect(perProduct(conversations)).toEqual({ conversations: 1 });
  });

  it('message asking only for Chat-only fields reads Chat alone; Conversations fields read Conversations alone', async () => {
    const query = (own: string, fields: string) =>
      h.run(
        `query ($s: String!, $c: String!, $m: String!) {
          conversation(serviceSid: $s, sid: $c) { ${own} message(sid: $m) { ${fields} } }
        }`,
        { s: serviceSid, c: sid, m: messageSid },
      );
    // The conversation's own lookup follows the Conversation rule; the message is read
    // through Chat alone (node(id) below shows a whole operation without Conversations).
    const messageReads = (run: Run) =>
      run.served.map((e) => e.operationId).filter((id) => id?.includes('Message'));
    const chat = await query('sid', 'sid wasEdited type lastUpdatedBy');
    expect(chat.result.errors).toBeUndefined();
    expect(messageReads(chat)).toEqual(['chat.v2.FetchMessage']);
    expect(chat.data.conversation).toMatchObject({
      message: { sid: messageSid, wasEdited: false, type: 'TEXT' },
    });
    const conversations = await query('friendlyName', 'sid body author index');
    expect(perProduct(conversations)).toEqual({ conversations: 2 });
    expect(messageReads(conversations)).toEqual([
      'conversations.v1.FetchServiceConversationMessage',
    ]);
  });

  it('service(...) asking only for Chat service settings reads Chat alone; Conversations settings read Conversations alone', async () => {
    const chat = await h.run(
      `query ($s: String!) { service(sid: $s) { sid readStatusEnabled typingIndicatorTimeout limits { userChannels } } }`,
      { s: serviceSid },
    );
    expect(chat.result.errors).toBeUndefined();
    expect(perProduct(chat)).toEqual({ chat: 1 });
    expect(chat.data.service).toMatchObject({ sid: serviceSid });
    const conversations = await h.run(
      `query ($s: String!) { service(sid: $s) { sid friendlyName configuration { reachabilityEnabled } } }`,
      { s: serviceSid },
    );
    expect(Object.keys(perProduct(conversations))).toEqual(['conversations']);
  });

  it('node(id) follows the same rule for users, messages and services', async () => {
    for (const [id, fragment] of [
      [userId, '... on User { joinedChannelsCount }'],
      [messageId, '... on Message { wasEdited type }'],
      [serviceId, '... on Service { readStatusEnabled media { compatibilityMessage } }'],
    ] as const) {
      const chat = await h.run(`query ($id: ID!) { node(id: $id) { id ${fragment} } }`, { id });
      expect(chat.result.errors).toBeUndefined();
      expect(perProduct(chat)).toEqual({ chat: 1 });
      expect((chat.data.node as { id: string }).id).toBe(id);
    }
    const user = await h.run(
      `query ($id: ID!) { node(id: $id) { id ... on User { identity friendlyName } } }`,
      { id: userId },
    );
    expect(perProduct(user)).toEqual({ conversations: 1 });
  });
});

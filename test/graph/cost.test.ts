/**
 * Upstream cost of typical operations, counted on both sides: the emulator's request log and the
 * client's ledger must agree, and must match the exact budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type Run } from './support/harness.js';

function expectCost(run: Run, requests: number): void {
  expect(run.result.errors).toBeUndefined();
  expect(run.served).toHaveLength(requests);
  expect(run.ledgerRequests).toBe(requests);
}

function expectNoRepeats(run: Run): void {
  const paths = run.served.map((entry) => `${entry.method} ${entry.path}`);
  expect(new Set(paths).size).toBe(paths.length);
}

async function firstConversation(h: Harness) {
  const r = await h.run(
    '{ configuration { defaultChatServiceSid } conversations(first: 2) { nodes { sid } } }',
  );
  const data = r.data as {
    configuration: { defaultChatServiceSid: string };
    conversations: { nodes: { sid: string }[] };
  };
  return {
    serviceSid: data.configuration.defaultChatServiceSid,
    sids: data.conversations.nodes.map((n) => n.sid),
  };
}

const PARTICIPANTS_WITH_USERS = `
  query ($serviceSid: String!, $a: String!, $b: String!) {
    a: conversation(serviceSid: $serviceSid, sid: $a) {
      friendlyName
      participants(first: 50) { nodes { identity user { friendlyName } } }
    }
    b: conversation(serviceSid: $serviceSid, sid: $b) {
      friendlyName
      participants(first: 50) { nodes { identity user { friendlyName } } }
    }
  }`;

describe('a conversation with 50 participants who are distinct users', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      seed: {
        usersPerService: 50,
        participantsPerConversation: 50,
        conversationsPerService: 1,
        messagesPerConversation: 1,
        publicChannelsPerService: 0,
      },
    });
  });
  afterAll(() => h.close());

  it('costs exactly 52 requests: the conversation, one participant page and one per user', async () => {
    const { serviceSid, sids } = await firstConversation(h);
    const run = await h.run(
      `query ($serviceSid: String!, $sid: String!) {
        conversation(serviceSid: $serviceSid, sid: $sid) {
          friendlyName
          participants(first: 50) { nodes { identity user { friendlyName } } }
        }
      }`,
      { serviceSid, sid: sids[0] },
    );
    expectCost(run, 52);
    expectNoRepeats(run);
    const nodes = (
      run.data.conversation as {
        participants: { nodes: { identity: string; user: { friendlyName: string } | null }[] };
      }
    ).participants.nodes;
    expect(nodes).toHaveLength(50);
    expect(new Set(nodes.map((n) => n.identity)).size).toBe(50);
    expect(nodes.every((n) => n.user !== null && typeof n.user.friendlyName === 'string')).toBe(
      true,
    );
  });
});

describe('two aliased conversations sharing the same 25 users', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      seed: {
        usersPerService: 25,
        participantsPerConversation: 25,
        conversationsPerService: 2,
        messagesPerConversation: 1,
        publicChannelsPerService: 0,
      },
    });
  });
  afterAll(() => h.close());

  it('costs exactly 29 requests: each user is fetched once for both conversations', async () => {
    const { serviceSid, sids } = await firstConversation(h);
    const run = await h.run(PARTICIPANTS_WITH_USERS, { serviceSid, a: sids[0], b: sids[1] });
    expectCost(run, 29);
    expectNoRepeats(run);
    const byOperation = new Map<string, number>();
    for (const entry of run.served) {
      byOperation.set(
        entry.operationId ?? '?',
        (byOperation.get(entry.operationId ?? '?') ?? 0) + 1,
      );
    }
    expect(Object.fromEntries(byOperation)).toEqual({
      'conversations.v1.FetchServiceConversation': 2,
      'conversations.v1.ListServiceConversationParticipant': 2,
      'conversations.v1.FetchServiceUser': 25,
    });
  });

  it('sends an identical list request only once per operation', async () => {
    const { serviceSid, sids } = await firstConversation(h);
    const run = await h.run(PARTICIPANTS_WITH_USERS, { serviceSid, a: sids[0], b: sids[0] });
    expectCost(run, 27);
    expectNoRepeats(run);
  });
});

describe("an inbox: a user's 20 conversations with unread counts and the last message", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      seed: {
        usersPerService: 3,
        participantsPerConversation: 3,
        conversationsPerService: 24,
        messagesPerConversation: 12,
        publicChannelsPerService: 0,
      },
    });
  });
  afterAll(() => h.close());

  const INBOX = `
    query ($serviceSid: String, $identity: String!) {
      user(serviceSid: $serviceSid, identity: $identity) {
        conversations(first: 20) {
          edges {
            unreadMessagesCount
            node { sid friendlyName messages(last: 1) { nodes { body author } } }
          }
        }
      }
    }`;

  it('costs at most 22 requests and never fetches a conversation', async () => {
    const { serviceSid } = await firstConversation(h);
    const run = await h.run(INBOX, { serviceSid, identity: 'bob' });
    expect(run.result.errors).toBeUndefined();
    expect(run.served.length).toBeLessThanOrEqual(22);
    expect(run.ledgerRequests).toBe(run.served.length);
    const operations = run.served.map((e) => e.operationId);
    expect(
      operations.filter(
        (id) => id === 'conversations.v1.FetchServiceConversation' || id === 'chat.v2.FetchChannel',
      ),
    ).toEqual([]);
    expect(
      operations.filter((id) => id === 'conversations.v1.ListServiceUserConversation'),
    ).toHaveLength(1);
    const edges = (
      run.data.user as {
        conversations: {
          edges: { node: { friendlyName: string; messages: { nodes: unknown[] } } }[];
        };
      }
    ).conversations.edges;
    expect(edges).toHaveLength(20);
    expect(
      edges.every(
        (e) => typeof e.node.friendlyName === 'string' && e.node.messages.nodes.length === 1,
      ),
    ).toBe(true);
  });

  it('reports the unread counts the emulator keeps', async () => {
    const { serviceSid } = await firstConversation(h);
    const run = await h.run(INBOX, { serviceSid, identity: 'bob' });
    const edges = (
      run.data.user as {
        conversations: { edges: { unreadMessagesCount: number | null; node: { sid: string } }[] };
      }
    ).conversations.edges;
    const page = await h.client.page(
      'conversations.v1.ListServiceUserConversation',
      { ChatServiceSid: serviceSid, UserSid: 'bob' },
      { pageSize: 50 },
    );
    const upstream = new Map(
      page.items.map((item) => {
        const record = item as { conversation_sid: string; unread_messages_count: number | null };
        return [record.conversation_sid, record.unread_messages_count];
      }),
    );
    for (const edge of edges) expect(edge.unreadMessagesCount).toBe(upstream.get(edge.node.sid));
    expect(new Set(edges.map((e) => e.unreadMessagesCount)).size).toBeGreaterThan(1);
  });

  it('without serviceSid adds exactly one request for the account configuration', async () => {
    const run = await h.run(INBOX, { identity: 'bob' });
    expect(run.result.errors).toBeUndefined();
    expect(run.served.length).toBeLessThanOrEqual(23);
    expect(
      run.served.filter((e) => e.operationId === 'conversations.v1.FetchConfiguration'),
    ).toHaveLength(1);
  });
});

/**
 * A frontend's flow through the graph: create a conversation, add three chat participants, send
 * messages as two authors, mark it read for one participant, and read each user's inbox with
 * the right unread counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EMPTY_SEED,
  USER_ERRORS,
  payloadOf,
  startMutationHarness,
  writes,
  type MutationHarness,
} from './support/mutations.js';

let h: MutationHarness;
beforeAll(async () => {
  h = await startMutationHarness(EMPTY_SEED);
});
afterAll(() => h.close());

const INBOX = `query ($serviceSid: String!, $identity: String!) {
  user(serviceSid: $serviceSid, identity: $identity) {
    conversations(first: 10) {
      edges { unreadMessagesCount lastReadMessageIndex node { friendlyName } }
    }
  }
}`;

interface Inbox {
  user: {
    conversations: {
      edges: {
        unreadMessagesCount: number | null;
        lastReadMessageIndex: number | null;
        node: { friendlyName: string };
      }[];
    };
  };
}

describe('chat app flow', () => {
  it('creates, joins, talks, marks read, and shows unread counts per inbox', async () => {
    const users = await h.run(
      `mutation {
        a: createUser(input: { identity: "amy" }) { ${USER_ERRORS} }
        b: createUser(input: { identity: "ben" }) { ${USER_ERRORS} }
        c: createUser(input: { identity: "cid" }) { ${USER_ERRORS} }
      }`,
    );
    expect(users.result.errors).toBeUndefined();

    const created = await h.run(
      `mutation { createConversation(input: { friendlyName: "Team" }) { conversation { id } ${USER_ERRORS} } }`,
    );
    const conversationId = payloadOf<{ conversation: { id: string } }>(
      created,
      'createConversation',
    ).conversation.id;

    const joined = await h.run(
      `mutation ($id: ID!) {
        a: addParticipant(input: { conversationId: $id, identity: "amy" }) { participant { identity } ${USER_ERRORS} }
        b: addParticipant(input: { conversationId: $id, identity: "ben" }) { participant { identity } ${USER_ERRORS} }
        c: addParticipant(input: { conversationId: $id, identity: "cid" }) { participant { identity } ${USER_ERRORS} }
      }`,
      { id: conversationId },
    );
    expect(joined.result.errors).toBeUndefined();
    expect(writes(joined)).toHaveLength(3);

    const talk = await h.run(
      `mutation ($id: ID!) {
        m1: sendMessage(input: { conversationId: $id, author: "amy", body: "hi" }) { message { index } ${USER_ERRORS} }
        m2: sendMessage(input: { conversationId: $id, author: "ben", body: "hello" }) { message { index } ${USER_ERRORS} }
        m3: sendMessage(input: { conversationId: $id, author: "amy", body: "lunch?" }) { message { index } ${USER_ERRORS} }
      }`,
      { id: conversationId },
    );
    expect(talk.result.errors).toBeUndefined();
    // Root mutation fields run one after another, so the indexes follow the document order.
    expect([talk.data.m1, talk.data.m2, talk.data.m3]).toEqual([
      { message: { index: 0 }, userErrors: [] },
      { message: { index: 1 }, userErrors: [] },
      { message: { index: 2 }, userErrors: [] },
    ]);

    const read = await h.run(
      `mutation ($id: ID!) {
        markConversationRead(input: { identity: "ben", conversationId: $id }) {
          membership { lastReadMessageIndex unreadMessagesCount } ${USER_ERRORS}
        }
      }`,
      { id: conversationId },
    );
    expect(payloadOf(read, 'markConversationRead')).toEqual({
      membership: { lastReadMessageIndex: 2, unreadMessagesCount: 0 },
      userErrors: [],
    });

    const inbox = async (identity: string) =>
      (await h.run(INBOX, { serviceSid: h.serviceSid, identity })).data as unknown as Inbox;
    expect((await inbox('ben')).user.conversations.edges).toEqual([
      { unreadMessagesCount: 0, lastReadMessageIndex: 2, node: { friendlyName: 'Team' } },
    ]);
    // Nobody else has a read horizon yet: Twilio reports no unread count without one.
    for (const identity of ['amy', 'cid']) {
      const [edge] = (await inbox(identity)).user.conversations.edges;
      expect(edge?.node.friendlyName).toBe('Team');
      expect(edge?.lastReadMessageIndex).toBeNull();
    }

    // Cid reads up to the first message: two remain unread.
    await h.run(
      `mutation ($id: ID!) {
        markConversationRead(input: { identity: "cid", conversationId: $id, lastReadMessageIndex: 0 }) { ${USER_ERRORS} }
      }`,
      { id: conversationId },
    );
    expect((await inbox('cid')).user.conversations.edges[0]).toMatchObject({
      unreadMessagesCount: 2,
      lastReadMessageIndex: 0,
    });
  });
});

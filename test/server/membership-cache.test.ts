/**
 * Unread badges in a real normalized client cache: Apollo Client's InMemoryCache over HTTP
 * against the gateway and the emulator's demo data. The inbox edge's `membership` is a Node, so
 * when `markConversationRead` or a read-horizon `updateParticipant` returns the same object
 * (same id), the cached inbox shows the new count without being fetched again.
 */
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.js';

interface Membership {
  readonly id: string;
  readonly unreadMessagesCount: number | null;
  readonly lastReadMessageIndex: number | null;
}

interface InboxEdge {
  /** The deprecated edge copy, kept to show what a cache without the membership object sees. */
  readonly unreadMessagesCount: number | null;
  readonly membership: Membership & { readonly participant: { readonly id: string } | null };
  readonly node: { readonly id: string; readonly sid: string; readonly friendlyName: string };
}

interface Inbox {
  readonly user: {
    readonly id: string;
    readonly conversations: { readonly edges: readonly InboxEdge[] };
  };
}

const INBOX = gql`
  query Inbox {
    user(identity: "alice") {
      id
      conversations(first: 20) {
        edges {
          unreadMessagesCount
          membership {
            id
            unreadMessagesCount
            lastReadMessageIndex
            participant {
              id
            }
          }
          node {
            id
            sid
            friendlyName
          }
        }
      }
    }
  }
`;

const MARK_READ = gql`
  mutation MarkRead($conversationSid: String!) {
    markConversationRead(input: { identity: "alice", conversationSid: $conversationSid }) {
      membership {
        id
        unreadMessagesCount
        lastReadMessageIndex
      }
      userErrors {
        message
      }
    }
  }
`;

const MOVE_HORIZON = gql`
  mutation MoveHorizon($participantId: ID!, $index: Int!) {
    updateParticipant(input: { id: $participantId, lastReadMessageIndex: $index }) {
      participant {
        id
        lastReadMessageIndex
      }
      membership {
        id
        unreadMessagesCount
        lastReadMessageIndex
      }
      userErrors {
        message
      }
    }
  }
`;

const REFETCH = gql`
  query Refetch($id: ID!) {
    node(id: $id) {
      id
      ... on ConversationMembership {
        unreadMessagesCount
        lastReadMessageIndex
      }
    }
  }
`;

let stack: Stack;
let client: ApolloClient;
/** HTTP requests Apollo Client sent to the gateway. */
let sent = 0;

beforeAll(async () => {
  stack = await startStack();
  const counting: typeof fetch = (input, init) => {
    sent += 1;
    return fetch(input, init);
  };
  client = new ApolloClient({
    link: new HttpLink({ uri: stack.gateway.graphqlUrl, fetch: counting }),
    cache: new InMemoryCache(),
  });
});
afterAll(async () => {
  client?.stop();
  await stack?.close();
});

function cachedInbox(): Inbox {
  const inbox = client.readQuery<Inbox>({ query: INBOX });
  if (inbox === null) throw new Error('the inbox is not in the cache');
  return inbox;
}

function edgeOf(inbox: Inbox, conversationSid: string): InboxEdge {
  const edge = inbox.user.conversations.edges.find((e) => e.node.sid === conversationSid);
  if (!edge) throw new Error(`no inbox edge for ${conversationSid}`);
  return edge;
}

describe('unread badges in Apollo Client InMemoryCache', () => {
  let unread: InboxEdge;

  it('reads the inbox once; each edge holds a membership with an id', async () => {
    const { data } = await client.query<Inbox>({ query: INBOX });
    const edges = data?.user.conversations.edges ?? [];
    expect(edges.length).toBeGreaterThanOrEqual(3);
    for (const edge of edges) expect(edge.membership.id).toEqual(expect.any(String));
    expect(new Set(edges.map((e) => e.membership.id)).size).toBe(edges.length);
    const found = edges.find((e) => (e.membership.unreadMessagesCount ?? 0) > 1);
    if (!found) throw new Error('the demo data gives alice no conversation with unread messages');
    unread = found;
    expect(unread.unreadMessagesCount).toBe(unread.membership.unreadMessagesCount);
  });

  it('markConversationRead returns the same membership, and the cached badge updates without a refetch', async () => {
    const before = sent;
    const { data } = await client.mutate<{
      markConversationRead: { membership: Membership; userErrors: unknown[] };
    }>({ mutation: MARK_READ, variables: { conversationSid: unread.node.sid } });
    const payload = data?.markConversationRead;
    expect(payload?.userErrors).toEqual([]);
    expect(payload?.membership.id).toBe(unread.membership.id);
    expect(payload?.membership.unreadMessagesCount).toBe(0);
    expect(payload?.membership.lastReadMessageIndex).not.toBeNull();

    const cached = edgeOf(cachedInbox(), unread.node.sid);
    expect(cached.membership).toMatchObject({
      id: unread.membership.id,
      unreadMessagesCount: 0,
      lastReadMessageIndex: payload?.membership.lastReadMessageIndex,
    });
    // The edge copy has no id to normalize by, so the cache keeps the old badge there.
    expect(cached.unreadMessagesCount).toBe(unread.membership.unreadMessagesCount);
    // A cache-only read is answered from the cache: only the mutation went over the wire.
    const fromCache = await client.query<Inbox>({ query: INBOX, fetchPolicy: 'cache-only' });
    expect(edgeOf(fromCache.data as Inbox, unread.node.sid).membership.unreadMessagesCount).toBe(0);
    expect(sent - before).toBe(1);

    // What the cache shows is what the graph now answers, on the inbox path and by id.
    const fresh = await client.query<Inbox>({ query: INBOX, fetchPolicy: 'network-only' });
    const freshEdge = edgeOf(fresh.data as Inbox, unread.node.sid);
    expect(freshEdge.membership).toMatchObject(payload?.membership ?? {});
    const byId = await client.query<{ node: Membership }>({
      query: REFETCH,
      variables: { id: unread.membership.id },
      fetchPolicy: 'network-only',
    });
    expect(byId.data?.node).toMatchObject(payload?.membership ?? {});
  });

  it("updateParticipant's read-horizon change returns the same membership and moves the cached badge", async () => {
    const participantId = unread.membership.participant?.id ?? '';
    expect(participantId).not.toBe('');
    const read = edgeOf(cachedInbox(), unread.node.sid).membership;
    const horizon = (read.lastReadMessageIndex ?? 0) - 1;
    expect(horizon).toBeGreaterThanOrEqual(0);

    const before = sent;
    const { data } = await client.mutate<{
      updateParticipant: {
        participant: { id: string; lastReadMessageIndex: number | null };
        membership: Membership;
        userErrors: unknown[];
      };
    }>({ mutation: MOVE_HORIZON, variables: { participantId, index: horizon } });
    const payload = data?.updateParticipant;
    expect(payload?.userErrors).toEqual([]);
    expect(payload?.participant).toEqual({
      __typename: 'Participant',
      id: participantId,
      lastReadMessageIndex: horizon,
    });
    expect(payload?.membership.id).toBe(unread.membership.id);
    expect(payload?.membership.lastReadMessageIndex).toBe(horizon);
    expect(payload?.membership.unreadMessagesCount).toBeGreaterThan(0);

    const cached = edgeOf(cachedInbox(), unread.node.sid).membership;
    expect(cached).toMatchObject({
      id: unread.membership.id,
      lastReadMessageIndex: horizon,
      unreadMessagesCount: payload?.membership.unreadMessagesCount,
    });
    expect(sent - before).toBe(1);

    const fresh = await client.query<Inbox>({ query: INBOX, fetchPolicy: 'network-only' });
    expect(edgeOf(fresh.data as Inbox, unread.node.sid).membership).toMatchObject(
      payload?.membership ?? {},
    );
  });
});

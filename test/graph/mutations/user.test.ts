/**
 * User and membership mutations: round trips (with Chat's joined count), naming a user by
 * identity, bad input before Twilio, duplicate identity, and memberships (read horizon,
 * notification level, leaving).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EMPTY_SEED,
  FAKE,
  USER_ERRORS,
  expectRejectedByTwilio,
  expectRejectedLocally,
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

const CREATE = `mutation ($input: CreateUserInput!) {
  createUser(input: $input) {
    user { id sid identity friendlyName attributes }
    userEdge { cursor node { identity } }
    ${USER_ERRORS}
  }
}`;
const UPDATE = `mutation ($input: UpdateUserInput!) {
  updateUser(input: $input) { user { id friendlyName attributes } ${USER_ERRORS} }
}`;
const DELETE = `mutation ($input: DeleteUserInput!) {
  deleteUser(input: $input) { deletedUserId ${USER_ERRORS} }
}`;
const READ = `query ($serviceSid: String!, $identity: String!) {
  user(serviceSid: $serviceSid, identity: $identity) { sid friendlyName attributes joinedChannelsCount }
}`;

interface Created {
  user: { id: string; sid: string; identity: string };
}

describe('users', () => {
  it('creates, reads (with the Chat-only count), updates by identity, reads, deletes by identity, reads null', async () => {
    const created = await h.run(CREATE, {
      input: { identity: 'carla', friendlyName: 'Carla', attributes: { team: 'ops' } },
    });
    const payload = payloadOf<Created>(created, 'createUser');
    expect(payload).toMatchObject({
      user: { identity: 'carla', friendlyName: 'Carla', attributes: { team: 'ops' } },
      userEdge: { node: { identity: 'carla' } },
      userErrors: [],
    });
    expect(writes(created).map((e) => e.operationId)).toEqual([
      'conversations.v1.CreateServiceUser',
    ]);
    const vars = { serviceSid: h.serviceSid, identity: 'carla' };
    expect((await h.run(READ, vars)).data.user).toEqual({
      sid: payload.user.sid,
      friendlyName: 'Carla',
      attributes: { team: 'ops' },
      joinedChannelsCount: 0,
    });

    const updated = await h.run(UPDATE, {
      input: { serviceSid: h.serviceSid, identity: 'carla', friendlyName: 'Carla R.' },
    });
    expect(payloadOf(updated, 'updateUser')).toMatchObject({
      user: { id: payload.user.id, friendlyName: 'Carla R.' },
      userErrors: [],
    });
    expect((await h.run(READ, vars)).data.user).toMatchObject({ friendlyName: 'Carla R.' });

    const deleted = await h.run(DELETE, { input: { serviceSid: h.serviceSid, identity: 'carla' } });
    expect(payloadOf(deleted, 'deleteUser')).toEqual({
      deletedUserId: payload.user.id,
      userErrors: [],
    });
    expect((await h.run(READ, vars)).data.user).toBeNull();
  });

  it('rejects bad input without a request', async () => {
    expectRejectedLocally(
      await h.run(CREATE, { input: { identity: 'x'.repeat(257) } }),
      'createUser',
      { field: ['input', 'identity'], code: 'TOO_LONG' },
    );
    expectRejectedLocally(await h.run(CREATE, { input: { identity: FAKE.US } }), 'createUser', {
      field: ['input', 'identity'],
      code: 'INVALID',
    });
    expectRejectedLocally(
      await h.run(CREATE, { input: { identity: 'ok', roleSid: 'RLzz' } }),
      'createUser',
      { field: ['input', 'roleSid'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(CREATE, { input: { identity: 'ok', attributes: 42 } }),
      'createUser',
      { field: ['input', 'attributes'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(UPDATE, { input: { serviceSid: 'IS1', sid: FAKE.US } }),
      'updateUser',
      { field: ['input', 'serviceSid'], code: 'INVALID' },
    );
    const both = await h.run(UPDATE, {
      input: { serviceSid: h.serviceSid, sid: FAKE.US, identity: 'carla' },
    });
    expect(payloadOf(both, 'updateUser').userErrors[0]).toMatchObject({
      field: ['input', 'identity'],
      code: 'INVALID',
    });
    expect(both.served).toEqual([]);
  });

  it('reports a duplicate identity and an unknown user from Twilio', async () => {
    await h.run(CREATE, { input: { identity: 'dave' } });
    expectRejectedByTwilio(
      await h.run(CREATE, { input: { serviceSid: h.serviceSid, identity: 'dave' } }),
      'createUser',
      { field: ['input', 'identity'], code: 'ALREADY_EXISTS', twilioCode: 50201 },
    );
    expectRejectedByTwilio(
      await h.run(UPDATE, { input: { serviceSid: h.serviceSid, sid: FAKE.US, friendlyName: 'x' } }),
      'updateUser',
      { field: ['input', 'sid'], code: 'NOT_FOUND', twilioCode: 20404 },
    );
  });
});

const MEMBERSHIP = `membership {
  userSid unreadMessagesCount lastReadMessageIndex notificationLevel participantSid
  conversation { sid friendlyName }
}`;

/** A new user in a new conversation holding three messages (indexes 0 to 2). */
async function memberWithMessages(identity: string, friendlyName: string) {
  const setup = await h.run(
    `mutation ($identity: String!, $friendlyName: String!) {
      createUser(input: { identity: $identity }) { user { id sid } }
      createConversation(input: { friendlyName: $friendlyName, participants: [{ identity: $identity }] }) {
        conversation { id sid }
      }
    }`,
    { identity, friendlyName },
  );
  expect(setup.result.errors).toBeUndefined();
  const user = (setup.data.createUser as { user: { id: string; sid: string } }).user;
  const conversation = (
    setup.data.createConversation as { conversation: { id: string; sid: string } }
  ).conversation;
  for (const body of ['a', 'b', 'c']) {
    await h.run(
      `mutation ($id: ID!, $body: String!) { sendMessage(input: { conversationId: $id, body: $body }) { ${USER_ERRORS} } }`,
      { id: conversation.id, body },
    );
  }
  return { user, conversation };
}

describe('memberships', () => {
  it('mutes, marks read, and leaves a conversation', async () => {
    const { user, conversation } = await memberWithMessages('mona', 'News');
    const userId = user.id;

    const muted = await h.run(
      `mutation ($userId: ID!, $conversationId: ID!) {
        updateConversationMembership(input: { userId: $userId, conversationId: $conversationId, notificationLevel: MUTED }) {
          ${MEMBERSHIP} ${USER_ERRORS}
        }
      }`,
      { userId, conversationId: conversation.id },
    );
    expect(payloadOf(muted, 'updateConversationMembership')).toMatchObject({
      membership: {
        notificationLevel: 'MUTED',
        conversation: { sid: conversation.sid, friendlyName: 'News' },
      },
      userErrors: [],
    });

    // No index given: the newest message is looked up (one read) and marked read.
    const read = await h.run(
      `mutation ($sid: String!) {
        markConversationRead(input: { identity: "mona", conversationSid: $sid }) { ${MEMBERSHIP} ${USER_ERRORS} }
      }`,
      { sid: conversation.sid },
    );
    expect(payloadOf(read, 'markConversationRead')).toMatchObject({
      membership: { lastReadMessageIndex: 2, unreadMessagesCount: 0, notificationLevel: 'MUTED' },
      userErrors: [],
    });
    expect(writes(read).map((e) => e.operationId)).toEqual([
      'conversations.v1.UpdateServiceUserConversation',
    ]);

    const left = await h.run(
      `mutation ($userId: ID!, $conversationId: ID!) {
        leaveConversation(input: { userId: $userId, conversationId: $conversationId }) { leftConversationId ${USER_ERRORS} }
      }`,
      { userId, conversationId: conversation.id },
    );
    expect(payloadOf(left, 'leaveConversation')).toEqual({
      leftConversationId: conversation.id,
      userErrors: [],
    });
    const inbox = await h.run(
      `query ($id: ID!) { node(id: $id) { ... on User { conversations(first: 10) { nodes { sid } } } } }`,
      { id: userId },
    );
    expect(inbox.data.node).toEqual({ conversations: { nodes: [] } });
  });

  it('converts the membership Chat answers (Chat v2 and v1 routing write one user channel)', async () => {
    const { user, conversation } = await memberWithMessages('lena', 'Chat route');
    const userSid = user.sid;
    const fields =
      'membership { lastReadMessageIndex participantSid notificationLevel conversation { sid } }';
    for (const primaryApi of ['chat-v2', 'chat-v1'] as const) {
      const routing = { primaryApi, conversationsPaths: 'service', chatHost: 'chat' } as const;
      const updated = await h.run(
        `mutation ($userSid: String!, $conversationSid: String!) {
          updateConversationMembership(input: { userSid: $userSid, conversationSid: $conversationSid, lastReadMessageIndex: 1, notificationLevel: MUTED }) {
            ${fields} ${USER_ERRORS}
          }
        }`,
        { userSid, conversationSid: conversation.sid },
        { routing },
      );
      expect(writes(updated).map((e) => e.operationId)).toEqual(['chat.v2.UpdateUserChannel']);
      expect(payloadOf(updated, 'updateConversationMembership')).toEqual({
        membership: {
          lastReadMessageIndex: 1,
          participantSid: expect.stringMatching(/^MB/),
          notificationLevel: 'MUTED',
          conversation: { sid: conversation.sid },
        },
        userErrors: [],
      });

      const read = await h.run(
        `mutation ($userSid: String!, $conversationSid: String!) {
          markConversationRead(input: { userSid: $userSid, conversationSid: $conversationSid }) {
            ${fields} ${USER_ERRORS}
          }
        }`,
        { userSid, conversationSid: conversation.sid },
        { routing },
      );
      expect(writes(read).map((e) => e.operationId)).toEqual(['chat.v2.UpdateUserChannel']);
      expect(payloadOf(read, 'markConversationRead')).toEqual({
        membership: {
          lastReadMessageIndex: 2,
          participantSid: expect.stringMatching(/^MB/),
          notificationLevel: 'MUTED',
          conversation: { sid: conversation.sid },
        },
        userErrors: [],
      });
    }
  });

  it('is one object with one id on every path: inbox edge, User.membership, node(id) and the three mutations', async () => {
    const { user, conversation } = await memberWithMessages('nico', 'Same object');
    const fields = 'id unreadMessagesCount lastReadMessageIndex notificationLevel';
    const reads = `query ($userId: ID!, $conversationSid: String!) {
      node(id: $userId) {
        ... on User {
          conversations(first: 10) { edges { membership { ${fields} participant { id } } } }
          membership(conversationSid: $conversationSid) { ${fields} }
        }
      }
    }`;
    const chat = {
      primaryApi: 'chat-v2',
      conversationsPaths: 'service',
      chatHost: 'chat',
    } as const;
    const ids = new Set<string>();
    for (const [index, routing] of [undefined, chat].entries()) {
      const options = routing ? { routing } : {};
      const marked = await h.run(
        `mutation ($userId: ID!, $conversationId: ID!, $index: Int!) {
          markConversationRead(input: { userId: $userId, conversationId: $conversationId, lastReadMessageIndex: $index }) {
            membership { ${fields} } ${USER_ERRORS}
          }
        }`,
        { userId: user.id, conversationId: conversation.id, index },
        options,
      );
      const membership = payloadOf<{ membership: Record<string, unknown> & { id: string } }>(
        marked,
        'markConversationRead',
      ).membership;
      expect(membership).toMatchObject({
        lastReadMessageIndex: index,
        unreadMessagesCount: 2 - index,
      });
      ids.add(membership.id);

      const read = await h.run(
        reads,
        { userId: user.id, conversationSid: conversation.sid },
        options,
      );
      expect(read.result.errors).toBeUndefined();
      const node = read.data.node as {
        conversations: {
          edges: { membership: Record<string, unknown> & { participant: { id: string } } }[];
        };
        membership: Record<string, unknown>;
      };
      const [edge] = node.conversations.edges;
      const { participant, ...fromEdge } = edge?.membership ?? { participant: { id: '' } };
      expect(fromEdge).toEqual(membership);
      expect(node.membership).toEqual(membership);

      const byId = await h.run(
        `query ($id: ID!) { node(id: $id) { __typename ... on ConversationMembership { ${fields} } } }`,
        { id: membership.id },
        options,
      );
      expect(byId.data.node).toEqual({ __typename: 'ConversationMembership', ...membership });
      expect(byId.served).toHaveLength(1);

      const moved = await h.run(
        `mutation ($id: ID!, $index: Int!) {
          updateParticipant(input: { id: $id, lastReadMessageIndex: $index }) {
            participant { lastReadMessageIndex } membership { ${fields} } ${USER_ERRORS}
          }
        }`,
        { id: participant.id, index: index + 1 },
        options,
      );
      expect(payloadOf(moved, 'updateParticipant')).toEqual({
        participant: { lastReadMessageIndex: index + 1 },
        membership: {
          ...membership,
          lastReadMessageIndex: index + 1,
          unreadMessagesCount: 1 - index,
        },
        userErrors: [],
      });
      // The write, then one read of the membership by the participant's identity.
      expect(moved.served).toHaveLength(2);

      const muted = await h.run(
        `mutation ($userId: ID!, $conversationId: ID!) {
          updateConversationMembership(input: { userId: $userId, conversationId: $conversationId, notificationLevel: MUTED }) {
            membership { id notificationLevel } ${USER_ERRORS}
          }
        }`,
        { userId: user.id, conversationId: conversation.id },
        options,
      );
      expect(payloadOf(muted, 'updateConversationMembership')).toEqual({
        membership: { id: membership.id, notificationLevel: 'MUTED' },
        userErrors: [],
      });
    }
    // The same id through Conversations and through Chat.
    expect(ids.size).toBe(1);
  });

  it("updateParticipant's membership is null for a non-chat participant and costs nothing unselected", async () => {
    const created = await h.run(
      `mutation {
        createConversation(input: { friendlyName: "SMS", participants: [{ messagingBinding: { address: "+15550003333", proxyAddress: "+15550004444" } }] }) {
          conversation { participants(first: 5) { nodes { id } } } ${USER_ERRORS}
        }
      }`,
    );
    const payload = payloadOf<{ conversation: { participants: { nodes: { id: string }[] } } }>(
      created,
      'createConversation',
    );
    const [sms] = payload.conversation.participants.nodes;
    const update = (selection: string) =>
      h.run(
        `mutation ($id: ID!) { updateParticipant(input: { id: $id, lastReadMessageIndex: 0 }) { ${selection} ${USER_ERRORS} } }`,
        { id: sms?.id },
      );
    const withMembership = await update('participant { id } membership { id }');
    expect(payloadOf(withMembership, 'updateParticipant')).toEqual({
      participant: { id: sms?.id },
      membership: null,
      userErrors: [],
    });
    expect(withMembership.served).toHaveLength(1);
    const without = await update('participant { id }');
    expect(writes(without)).toHaveLength(1);
    expect(without.served).toHaveLength(1);
  });

  it('rejects bad naming and an unsupported header without a request', async () => {
    expectRejectedLocally(
      await h.run(
        `mutation { markConversationRead(input: { identity: "mona" }) { ${USER_ERRORS} } }`,
      ),
      'markConversationRead',
      { field: ['input', 'conversationSid'], code: 'REQUIRED' },
    );
    expectRejectedLocally(
      await h.run(
        `mutation ($sid: String!) { markConversationRead(input: { serviceSid: $sid, identity: "mona", conversationSid: "CH1", lastReadMessageIndex: 1 }) { ${USER_ERRORS} } }`,
        { sid: h.serviceSid },
      ),
      'markConversationRead',
      { field: ['input', 'conversationSid'], code: 'INVALID' },
    );
    // The Conversations route for leaving takes no X-Twilio-Webhook-Enabled header.
    expectRejectedLocally(
      await h.run(
        `mutation ($s: String!, $c: String!) { leaveConversation(input: { serviceSid: $s, identity: "mona", conversationSid: $c, webhookEnabled: true }) { ${USER_ERRORS} } }`,
        { s: h.serviceSid, c: FAKE.CH },
      ),
      'leaveConversation',
      { field: ['input', 'webhookEnabled'], code: 'INVALID' },
    );
  });

  it('reports a user who is not a member as NOT_FOUND', async () => {
    expectRejectedByTwilio(
      await h.run(
        `mutation ($s: String!, $c: String!) { markConversationRead(input: { serviceSid: $s, identity: "dave", conversationSid: $c, lastReadMessageIndex: 0 }) { ${USER_ERRORS} } }`,
        { s: h.serviceSid, c: FAKE.CH },
      ),
      'markConversationRead',
      { field: ['input', 'conversationSid'], code: 'NOT_FOUND', twilioCode: 20404 },
    );
  });
});

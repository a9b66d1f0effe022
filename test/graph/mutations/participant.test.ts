/**
 * Participant mutations: round trip (read through Conversations and Chat's member count), bad
 * input before Twilio, and Twilio's answers (unknown conversation, duplicate identity, closed).
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
  writes,
  type MutationHarness,
} from './support/mutations.js';

let h: MutationHarness;
let conversationId = '';
let conversationSid = '';

beforeAll(async () => {
  h = await startMutationHarness(EMPTY_SEED);
  ({ id: conversationId, sid: conversationSid } = await createConversation(h, 'Room'));
});
afterAll(() => h.close());

const ADD = `mutation ($input: AddParticipantInput!) {
  addParticipant(input: $input) {
    participant { id sid identity attributes roleSid conversation { sid } }
    participantEdge { cursor node { sid } }
    ${USER_ERRORS}
  }
}`;
const UPDATE = `mutation ($input: UpdateParticipantInput!) {
  updateParticipant(input: $input) { participant { id attributes lastReadMessageIndex } ${USER_ERRORS} }
}`;
const REMOVE = `mutation ($input: RemoveParticipantInput!) {
  removeParticipant(input: $input) { deletedParticipantId ${USER_ERRORS} }
}`;
const READ = `query ($serviceSid: String!, $conversation: String!, $sid: String!) {
  conversation(serviceSid: $serviceSid, sid: $conversation) {
    participant(sid: $sid) { identity attributes lastReadMessageIndex }
  }
}`;
const MEMBERS = `query ($serviceSid: String!, $conversation: String!) {
  conversation(serviceSid: $serviceSid, sid: $conversation) { membersCount }
}`;

interface Added {
  participant: { id: string; sid: string; identity: string };
  participantEdge: { cursor: string; node: { sid: string } };
}

describe('round trip', () => {
  it('adds, reads (Conversations and Chat), updates, reads, removes, reads null', async () => {
    const added = await h.run(ADD, {
      input: {
        conversationId,
        identity: 'zoe',
        attributes: { color: 'blue' },
        webhookEnabled: true,
      },
    });
    const payload = payloadOf<Added>(added, 'addParticipant');
    expect(payload.userErrors).toEqual([]);
    expect(payload.participant).toMatchObject({
      identity: 'zoe',
      attributes: { color: 'blue' },
      conversation: { sid: conversationSid },
    });
    expect(payload.participantEdge.node.sid).toBe(payload.participant.sid);
    expect(added.served.map((e) => e.operationId)).toEqual([
      'conversations.v1.CreateServiceConversationParticipant',
    ]);
    const vars = {
      serviceSid: h.serviceSid,
      conversation: conversationSid,
      sid: payload.participant.sid,
    };
    expect((await h.run(READ, vars)).data.conversation).toEqual({
      participant: { identity: 'zoe', attributes: { color: 'blue' }, lastReadMessageIndex: null },
    });
    expect((await h.run(MEMBERS, vars)).data.conversation).toEqual({ membersCount: 1 });

    const updated = await h.run(UPDATE, {
      input: {
        serviceSid: h.serviceSid,
        conversationSid,
        sid: payload.participant.sid,
        attributes: '{"color":"red"}',
        lastReadMessageIndex: 0,
      },
    });
    expect(payloadOf(updated, 'updateParticipant')).toMatchObject({
      participant: { attributes: { color: 'red' }, lastReadMessageIndex: 0 },
      userErrors: [],
    });
    expect((await h.run(READ, vars)).data.conversation).toEqual({
      participant: { identity: 'zoe', attributes: { color: 'red' }, lastReadMessageIndex: 0 },
    });

    const removed = await h.run(REMOVE, { input: { id: payload.participant.id } });
    expect(payloadOf(removed, 'removeParticipant')).toEqual({
      deletedParticipantId: payload.participant.id,
      userErrors: [],
    });
    expect((await h.run(READ, vars)).data.conversation).toEqual({ participant: null });
    expect((await h.run(MEMBERS, vars)).data.conversation).toEqual({ membersCount: 0 });
  });

  it('lists the new participant in the same request after adding it', async () => {
    const run = await h.run(
      `mutation ($id: ID!) {
        addParticipant(input: { conversationId: $id, identity: "yan" }) { ${USER_ERRORS} }
      }`,
      { id: conversationId },
    );
    expect(payloadOf(run, 'addParticipant').userErrors).toEqual([]);
    const read = await h.run(
      `query ($id: ID!) { node(id: $id) { ... on Conversation { participants(first: 50) { nodes { identity } } } } }`,
      { id: conversationId },
    );
    expect(
      (
        read.data.node as { participants: { nodes: { identity: string }[] } }
      ).participants.nodes.map((n) => n.identity),
    ).toContain('yan');
  });
});

describe('reads after a write in the same request', () => {
  it('see the written record (primed) and fresh lists (cached pages dropped)', async () => {
    const run = await h.run(
      `mutation ($id: ID!) {
        before: updateConversation(input: { id: $id, friendlyName: "Renamed room" }) {
          conversation { participants(first: 50) { nodes { identity } } }
        }
        after: addParticipant(input: { conversationId: $id, identity: "late-joiner" }) {
          participant {
            conversation { friendlyName participants(first: 50) { nodes { identity } } }
          }
        }
      }`,
      { id: conversationId },
    );
    expect(run.result.errors).toBeUndefined();
    const names = (list: { nodes: { identity: string }[] }) => list.nodes.map((n) => n.identity);
    const before = run.data.before as {
      conversation: { participants: { nodes: { identity: string }[] } };
    };
    const after = run.data.after as {
      participant: {
        conversation: { friendlyName: string; participants: { nodes: { identity: string }[] } };
      };
    };
    expect(names(before.conversation.participants)).not.toContain('late-joiner');
    expect(names(after.participant.conversation.participants)).toContain('late-joiner');
    expect(after.participant.conversation.friendlyName).toBe('Renamed room');
    // The renamed conversation came from the update's answer: no fetch of it.
    expect(run.served.map((e) => e.operationId)).toEqual([
      'conversations.v1.UpdateServiceConversation',
      'conversations.v1.ListServiceConversationParticipant',
      'conversations.v1.CreateServiceConversationParticipant',
      'conversations.v1.ListServiceConversationParticipant',
    ]);
  });
});

describe('bad input', () => {
  it('rejects invalid SIDs, a too long identity, bad attributes and missing identity without a request', async () => {
    expectRejectedLocally(
      await h.run(ADD, { input: { conversationId, identity: 'a', roleSid: 'RL1' } }),
      'addParticipant',
      { field: ['input', 'roleSid'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(ADD, {
        input: { serviceSid: h.serviceSid, conversationSid: 'CHxyz', identity: 'a' },
      }),
      'addParticipant',
      { field: ['input', 'conversationSid'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(ADD, { input: { conversationId, identity: 'i'.repeat(257) } }),
      'addParticipant',
      { field: ['input', 'identity'], code: 'TOO_LONG' },
    );
    expectRejectedLocally(
      await h.run(ADD, {
        input: { conversationId, identity: 'a', attributes: { x: 'y'.repeat(4096) } },
      }),
      'addParticipant',
      { field: ['input', 'attributes'], code: 'TOO_LONG' },
    );
    expectRejectedLocally(await h.run(ADD, { input: { conversationId } }), 'addParticipant', {
      field: ['input', 'identity'],
      code: 'REQUIRED',
    });
    expectRejectedLocally(
      await h.run(UPDATE, { input: { id: conversationId, attributes: {} } }),
      'updateParticipant',
      { field: ['input', 'id'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(UPDATE, {
        input: {
          serviceSid: h.serviceSid,
          conversationSid,
          sid: FAKE.MB,
          lastReadMessageIndex: -1,
        },
      }),
      'updateParticipant',
      { field: ['input', 'lastReadMessageIndex'], code: 'INVALID' },
    );
  });

  it('reports an unknown conversation, a duplicate identity and a closed conversation from Twilio', async () => {
    expectRejectedByTwilio(
      await h.run(ADD, {
        input: { serviceSid: h.serviceSid, conversationSid: FAKE.CH, identity: 'a' },
      }),
      'addParticipant',
      { field: ['input', 'conversationSid'], code: 'NOT_FOUND', twilioCode: 20404 },
    );
    await h.run(ADD, { input: { conversationId, identity: 'dup' } });
    expectRejectedByTwilio(
      await h.run(ADD, { input: { conversationId, identity: 'dup' } }),
      'addParticipant',
      { field: ['input', 'identity'], code: 'ALREADY_EXISTS', twilioCode: 50433 },
    );
    const closed = await h.run(
      `mutation { createConversation(input: { state: CLOSED }) { conversation { id } } }`,
    );
    const closedId = (closed.data.createConversation as { conversation: { id: string } })
      .conversation.id;
    const run = await h.run(ADD, { input: { conversationId: closedId, identity: 'late' } });
    expect(payloadOf(run, 'addParticipant').userErrors[0]).toMatchObject({
      code: 'CLOSED',
      twilioCode: 50377,
    });
    expect(writes(run)).toHaveLength(1);
  });
});

/**
 * Conversation mutations: round trips through Conversations and Chat views, Chat-only writes,
 * and bad input rejected before Twilio or by Twilio.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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
  h = await startMutationHarness({ seed: { conversationsPerService: 1, usersPerService: 3 } });
});
afterAll(() => h.close());

const CREATE = `mutation ($input: CreateConversationInput!) {
  createConversation(input: $input) {
    conversation { id sid serviceSid friendlyName uniqueName attributes state timers { inactiveAt closedAt } }
    conversationEdge { cursor node { sid } }
    ${USER_ERRORS}
  }
}`;
const UPDATE = `mutation ($input: UpdateConversationInput!) {
  updateConversation(input: $input) {
    conversation { id sid friendlyName attributes state }
    ${USER_ERRORS}
  }
}`;
const DELETE = `mutation ($input: DeleteConversationInput!) {
  deleteConversation(input: $input) { deletedConversationId ${USER_ERRORS} }
}`;
const READ = `query ($sid: String!) {
  conversation(sid: $sid) { sid friendlyName attributes state }
}`;
const READ_CHAT = `query ($serviceSid: String!, $sid: String!) {
  conversation(serviceSid: $serviceSid, sid: $sid) { sid type membersCount messagesCount createdBy }
}`;

interface Created {
  conversation: {
    id: string;
    sid: string;
    serviceSid: string;
    friendlyName: string;
    uniqueName: string | null;
    attributes: Record<string, unknown>;
    state: string;
    timers: { inactiveAt: string | null; closedAt: string | null } | null;
  };
  conversationEdge: { cursor: string; node: { sid: string } };
}

describe('round trip', () => {
  it('creates, reads (both APIs), updates, reads, deletes, and then reads null', async () => {
    const created = await h.run(CREATE, {
      input: {
        friendlyName: 'Support',
        uniqueName: 'round-trip',
        attributes: { topic: 'billing' },
        state: 'ACTIVE',
        timers: { inactive: 'PT5M', closed: 'P1D' },
        webhookEnabled: false,
      },
    });
    const payload = payloadOf<Created>(created, 'createConversation');
    expect(payload.userErrors).toEqual([]);
    expect(payload.conversation).toMatchObject({
      serviceSid: h.serviceSid,
      friendlyName: 'Support',
      uniqueName: 'round-trip',
      attributes: { topic: 'billing' },
      state: 'ACTIVE',
    });
    expect(payload.conversation.timers?.inactiveAt).not.toBeNull();
    expect(payload.conversationEdge.node.sid).toBe(payload.conversation.sid);
    // One write (after the default service lookup): the payload comes from Twilio's answer.
    expect(created.served.map((e) => e.operationId)).toEqual([
      'conversations.v1.FetchConfiguration',
      'conversations.v1.CreateServiceConversation',
    ]);
    expect(writes(created)[0]).toMatchObject({
      method: 'POST',
      operationId: 'conversations.v1.CreateServiceConversation',
    });
    const sid = payload.conversation.sid;

    const read = await h.run(READ, { sid });
    expect(read.data.conversation).toMatchObject({ friendlyName: 'Support', state: 'ACTIVE' });
    const chat = await h.run(READ_CHAT, { serviceSid: h.serviceSid, sid });
    expect(chat.data.conversation).toMatchObject({
      sid,
      type: 'PRIVATE',
      membersCount: 0,
      messagesCount: 0,
    });
    expect(chat.served.map((e) => e.operationId)).toEqual(['chat.v2.FetchChannel']);

    const updated = await h.run(UPDATE, {
      input: { id: payload.conversation.id, friendlyName: 'Support (EU)', state: 'INACTIVE' },
    });
    expect(payloadOf<{ conversation: unknown }>(updated, 'updateConversation')).toMatchObject({
      conversation: { friendlyName: 'Support (EU)', state: 'INACTIVE' },
      userErrors: [],
    });
    expect((await h.run(READ, { sid })).data.conversation).toMatchObject({
      friendlyName: 'Support (EU)',
      state: 'INACTIVE',
    });

    const deleted = await h.run(DELETE, { input: { serviceSid: h.serviceSid, sid } });
    expect(payloadOf(deleted, 'deleteConversation')).toEqual({
      deletedConversationId: payload.conversation.id,
      userErrors: [],
    });
    expect(deleted.served.map((e) => e.method)).toEqual(['DELETE']);
    expect((await h.run(READ, { sid })).data.conversation).toBeNull();
  });

  it('a second mutation in the same request builds on the first', async () => {
    const created = payloadOf<Created>(
      await h.run(CREATE, { input: { friendlyName: 'Before' } }),
      'createConversation',
    );
    const run = await h.run(
      `mutation ($id: ID!, $sid: String!) {
        updateConversation(input: { id: $id, friendlyName: "After" }) { ${USER_ERRORS} }
        later: updateConversation(input: { id: $id, attributes: "{\\"a\\":1}" }) {
          conversation { friendlyName attributes }
        }
      }`,
      { id: created.conversation.id, sid: created.conversation.sid },
    );
    expect(run.result.errors).toBeUndefined();
    expect(run.data.later).toEqual({
      conversation: { friendlyName: 'After', attributes: { a: 1 } },
    });
  });

  it('creates a conversation with its participants in one request', async () => {
    const run = await h.run(
      `mutation ($input: CreateConversationInput!) {
        createConversation(input: $input) {
          conversation { sid participants(first: 10) { nodes { identity attributes } } }
          ${USER_ERRORS}
        }
      }`,
      {
        input: {
          friendlyName: 'Trio',
          participants: [
            { identity: 'ann', attributes: { lead: true } },
            { identity: 'bob' },
            { messagingBinding: { address: '+15550001111', proxyAddress: '+15550002222' } },
          ],
        },
      },
    );
    const payload = payloadOf<{
      conversation: { participants: { nodes: { identity: string | null }[] } };
    }>(run, 'createConversation');
    expect(payload.userErrors).toEqual([]);
    expect(payload.conversation.participants.nodes.map((n) => n.identity).sort()).toEqual([
      'ann',
      'bob',
      null,
    ]);
    expect(writes(run).map((e) => e.operationId)).toEqual([
      'conversations.v1.CreateServiceConversationWithParticipants',
    ]);
  });

  it('creates a public Chat channel with `type` and makes it private through Chat v3', async () => {
    const run = await h.run(
      `mutation {
        createConversation(input: { friendlyName: "Lobby", type: PUBLIC, createdBy: "ann" }) {
          conversation { id sid type createdBy friendlyName }
          ${USER_ERRORS}
        }
      }`,
    );
    const payload = payloadOf<{ conversation: { id: string; sid: string } }>(
      run,
      'createConversation',
    );
    expect(payload.conversation).toMatchObject({
      type: 'PUBLIC',
      createdBy: 'ann',
      friendlyName: 'Lobby',
    });
    expect(writes(run).map((e) => e.operationId)).toEqual(['chat.v2.CreateChannel']);

    const made = await h.run(
      `mutation ($id: ID!) {
        makeChannelPrivate(input: { id: $id, webhookEnabled: false }) {
          conversation { type friendlyName }
          ${USER_ERRORS}
        }
      }`,
      { id: payload.conversation.id },
    );
    expect(payloadOf(made, 'makeChannelPrivate')).toEqual({
      conversation: { type: 'PRIVATE', friendlyName: 'Lobby' },
      userErrors: [],
    });
    expect(made.served.map((e) => e.operationId)).toEqual(['chat.v3.UpdateChannel']);
    const read = await h.run(READ, { sid: payload.conversation.sid });
    expect(read.data.conversation).toMatchObject({ friendlyName: 'Lobby' });
  });
});

describe('bad input', () => {
  it('rejects an invalid SID without a request', async () => {
    expectRejectedLocally(
      await h.run(CREATE, { input: { messagingServiceSid: 'MG123' } }),
      'createConversation',
      { field: ['input', 'messagingServiceSid'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(UPDATE, { input: { sid: 'nope', friendlyName: 'x' } }),
      'updateConversation',
      { field: ['input', 'sid'], code: 'INVALID' },
    );
  });

  it('rejects a too long name, bad or too large attributes and a bad timer without a request', async () => {
    expectRejectedLocally(
      await h.run(CREATE, { input: { friendlyName: 'x'.repeat(257) } }),
      'createConversation',
      { field: ['input', 'friendlyName'], code: 'TOO_LONG' },
    );
    expectRejectedLocally(
      await h.run(CREATE, { input: { attributes: '{not json' } }),
      'createConversation',
      { field: ['input', 'attributes'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(CREATE, { input: { attributes: [1, 2] } }),
      'createConversation',
      { field: ['input', 'attributes'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(CREATE, { input: { attributes: { blob: 'x'.repeat(16 * 1024) } } }),
      'createConversation',
      { field: ['input', 'attributes'], code: 'TOO_LONG' },
    );
    expectRejectedLocally(
      await h.run(CREATE, { input: { state: 'ACTIVE', timers: { inactive: 'ten minutes' } } }),
      'createConversation',
      { field: ['input', 'timers', 'inactive'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(CREATE, { input: { state: 'ACTIVE', timers: { closed: 'PT5M' } } }),
      'createConversation',
      { field: ['input', 'timers', 'closed'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(CREATE, { input: { timers: { inactive: 'PT5M' } } }),
      'createConversation',
      { field: ['input', 'state'], code: 'REQUIRED' },
    );
  });

  it('rejects a wrong enum value: unknown to the graph before execution, not writable as a userError', async () => {
    const unknown = await h.run(CREATE, { input: { state: 'OPEN' } });
    expect(unknown.result.errors?.[0]?.message).toMatch(/ConversationState/);
    expect(unknown.served).toEqual([]);
    expectRejectedLocally(
      await h.run(CREATE, { input: { state: 'INITIALIZING' } }),
      'createConversation',
      { field: ['input', 'state'], code: 'INVALID' },
    );
  });

  it('reports every problem of one input together', async () => {
    const run = await h.run(CREATE, {
      input: { friendlyName: '', uniqueName: FAKE.CH, messagingServiceSid: 'x' },
    });
    const payload = payloadOf<Record<string, unknown>>(run, 'createConversation');
    expect(payload.userErrors.map((e) => e.field?.join('.')).sort()).toEqual([
      'input.friendlyName',
      'input.messagingServiceSid',
      'input.uniqueName',
    ]);
    expect(run.served).toEqual([]);
  });

  it('rejects Conversations settings on a Chat channel create, and Chat ones without `type`', async () => {
    expectRejectedLocally(
      await h.run(CREATE, { input: { type: 'PRIVATE', state: 'ACTIVE' } }),
      'createConversation',
      { field: ['input', 'state'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(CREATE, { input: { createdBy: 'ann' } }),
      'createConversation',
      { field: ['input', 'createdBy'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(CREATE, { input: { type: 'PUBLIC', friendlyName: 'x'.repeat(65) } }),
      'createConversation',
      { field: ['input', 'friendlyName'], code: 'TOO_LONG' },
    );
  });

  it('reports a duplicate unique name from Twilio', async () => {
    await h.run(CREATE, { input: { uniqueName: 'taken' } });
    expectRejectedByTwilio(
      await h.run(CREATE, { input: { uniqueName: 'taken' } }),
      'createConversation',
      { field: ['input', 'uniqueName'], code: 'ALREADY_EXISTS', twilioCode: 50353 },
    );
  });

  it('reports an unknown conversation and an id of the wrong type', async () => {
    expectRejectedByTwilio(
      await h.run(UPDATE, { input: { sid: FAKE.CH, friendlyName: 'x' } }),
      'updateConversation',
      { field: ['input', 'sid'], code: 'NOT_FOUND', twilioCode: 20404 },
    );
    const user = await h.run('{ users(first: 1) { nodes { id } } }');
    const userId = (user.data.users as { nodes: { id: string }[] }).nodes[0]?.id;
    expectRejectedLocally(await h.run(DELETE, { input: { id: userId } }), 'deleteConversation', {
      field: ['input', 'id'],
      code: 'INVALID',
    });
  });

  it('reports a closed conversation as CLOSED', async () => {
    const created = payloadOf<Created>(
      await h.run(CREATE, { input: { friendlyName: 'Done', state: 'CLOSED' } }),
      'createConversation',
    );
    expectRejectedByTwilio(
      await h.run(UPDATE, { input: { id: created.conversation.id, friendlyName: 'Again' } }),
      'updateConversation',
      { field: null, code: 'CLOSED', twilioCode: 50377 },
    );
  });
});

/**
 * Conversation webhooks and Chat invites: round trips, bad input before Twilio, and Twilio's
 * answers (unknown conversation, five-webhook limit, duplicate invite).
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
  ({ id: conversationId, sid: conversationSid } = await createConversation(h, 'Hooks'));
});
afterAll(() => h.close());

const CREATE_HOOK = `mutation ($input: CreateConversationWebhookInput!) {
  createConversationWebhook(input: $input) {
    webhook { id sid target configuration { url method filters } }
    webhookEdge { node { sid } }
    ${USER_ERRORS}
  }
}`;
const HOOKS = `query ($id: ID!) {
  node(id: $id) { ... on Conversation { webhooks(first: 5) { nodes { sid configuration { url method } } } } }
}`;

describe('conversation webhooks', () => {
  it('creates, lists, updates, lists, deletes, lists', async () => {
    const created = await h.run(CREATE_HOOK, {
      input: {
        conversationId,
        target: 'WEBHOOK',
        url: 'https://example.com/hook',
        method: 'POST',
        filters: ['onMessageAdded'],
      },
    });
    const payload = payloadOf<{ webhook: { id: string; sid: string } }>(
      created,
      'createConversationWebhook',
    );
    expect(payload).toMatchObject({
      webhook: {
        target: 'WEBHOOK',
        configuration: {
          url: 'https://example.com/hook',
          method: 'POST',
          filters: ['onMessageAdded'],
        },
      },
      userErrors: [],
    });
    expect(writes(created).map((e) => e.operationId)).toEqual([
      'conversations.v1.CreateServiceConversationScopedWebhook',
    ]);
    expect((await h.run(HOOKS, { id: conversationId })).data.node).toEqual({
      webhooks: {
        nodes: [
          {
            sid: payload.webhook.sid,
            configuration: { url: 'https://example.com/hook', method: 'POST' },
          },
        ],
      },
    });
    const updated = await h.run(
      `mutation ($id: ID!) {
        updateConversationWebhook(input: { id: $id, url: "https://example.com/v2", method: GET }) {
          webhook { configuration { url method } } ${USER_ERRORS}
        }
      }`,
      { id: payload.webhook.id },
    );
    expect(payloadOf(updated, 'updateConversationWebhook')).toEqual({
      webhook: { configuration: { url: 'https://example.com/v2', method: 'GET' } },
      userErrors: [],
    });
    const deleted = await h.run(
      `mutation ($id: ID!) { deleteConversationWebhook(input: { id: $id }) { deletedWebhookId ${USER_ERRORS} } }`,
      { id: payload.webhook.id },
    );
    expect(payloadOf(deleted, 'deleteConversationWebhook')).toEqual({
      deletedWebhookId: payload.webhook.id,
      userErrors: [],
    });
    expect((await h.run(HOOKS, { id: conversationId })).data.node).toEqual({
      webhooks: { nodes: [] },
    });
  });

  it('rejects bad input without a request', async () => {
    expectRejectedLocally(
      await h.run(CREATE_HOOK, { input: { conversationId, target: 'WEBHOOK' } }),
      'createConversationWebhook',
      { field: ['input', 'url'], code: 'REQUIRED' },
    );
    expectRejectedLocally(
      await h.run(CREATE_HOOK, { input: { conversationId, target: 'WEBHOOK', url: 'ftp://x' } }),
      'createConversationWebhook',
      { field: ['input', 'url'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(CREATE_HOOK, { input: { conversationId, target: 'STUDIO', flowSid: 'FW1' } }),
      'createConversationWebhook',
      { field: ['input', 'flowSid'], code: 'INVALID' },
    );
  });

  it('reports an unknown conversation and the five-webhook limit from Twilio', async () => {
    expectRejectedByTwilio(
      await h.run(CREATE_HOOK, {
        input: {
          serviceSid: h.serviceSid,
          conversationSid: FAKE.CH,
          target: 'TRIGGER',
          url: 'https://e.com',
        },
      }),
      'createConversationWebhook',
      { field: ['input', 'conversationSid'], code: 'NOT_FOUND', twilioCode: 20404 },
    );
    for (let i = 0; i < 5; i += 1) {
      await h.run(CREATE_HOOK, {
        input: { conversationId, target: 'WEBHOOK', url: `https://e.com/${i}` },
      });
    }
    const run = await h.run(CREATE_HOOK, {
      input: { conversationId, target: 'WEBHOOK', url: 'https://e.com/6' },
    });
    expect(payloadOf(run, 'createConversationWebhook').userErrors[0]).toMatchObject({
      code: 'LIMIT_REACHED',
    });
    expect(writes(run)).toHaveLength(1);
  });
});

const CREATE_INVITE = `mutation ($input: CreateInviteInput!) {
  createInvite(input: $input) {
    invite { id sid identity conversation { sid } }
    inviteEdge { node { sid } }
    ${USER_ERRORS}
  }
}`;
const INVITES = `query ($id: ID!) {
  node(id: $id) { ... on Conversation { invites(first: 10) { nodes { identity } } } }
}`;

describe('invites (Chat only)', () => {
  it('creates through Chat, lists, deletes, lists', async () => {
    const created = await h.run(CREATE_INVITE, { input: { conversationId, identity: 'fay' } });
    const payload = payloadOf<{ invite: { id: string } }>(created, 'createInvite');
    expect(payload).toMatchObject({
      invite: { identity: 'fay', conversation: { sid: conversationSid } },
      userErrors: [],
    });
    expect(writes(created).map((e) => e.operationId)).toEqual(['chat.v2.CreateInvite']);
    expect((await h.run(INVITES, { id: conversationId })).data.node).toEqual({
      invites: { nodes: [{ identity: 'fay' }] },
    });
    const deleted = await h.run(
      `mutation ($id: ID!) { deleteInvite(input: { id: $id }) { deletedInviteId ${USER_ERRORS} } }`,
      { id: payload.invite.id },
    );
    expect(payloadOf(deleted, 'deleteInvite')).toEqual({
      deletedInviteId: payload.invite.id,
      userErrors: [],
    });
    expect((await h.run(INVITES, { id: conversationId })).data.node).toEqual({
      invites: { nodes: [] },
    });
  });

  it('rejects bad input locally and a duplicate invite from Twilio', async () => {
    expectRejectedLocally(
      await h.run(CREATE_INVITE, { input: { conversationId, identity: '' } }),
      'createInvite',
      { field: ['input', 'identity'], code: 'INVALID' },
    );
    await h.run(CREATE_INVITE, { input: { conversationId, identity: 'gus' } });
    const run = await h.run(CREATE_INVITE, { input: { conversationId, identity: 'gus' } });
    expect(payloadOf(run, 'createInvite').userErrors[0]).toMatchObject({
      field: ['input', 'identity'],
      code: 'ALREADY_EXISTS',
    });
    expect(writes(run)).toHaveLength(1);
  });
});

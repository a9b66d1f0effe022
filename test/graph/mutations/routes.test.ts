/**
 * The write route table: every POST/DELETE operation of the conversation, participant, message,
 * user, membership, webhook and invite families is reachable from exactly one family row, each
 * family's default is a real column, and the parameter renaming for Chat routes round-trips.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WRITE_API,
  WRITE_OPERATIONS,
  adaptParams,
  apiParamName,
  canonicalParamName,
  routeFor,
  type RouteChoice,
  type WriteApi,
  type WriteFamily,
} from '../../../src/loaders/index.js';
import { DEFAULT_ROUTING, type ApiRouting } from '../../../src/graph/index.js';
import { findOperation, operations } from '../../../src/registry/index.js';

/** Resources of these families, as the registry names them after the verb. */
const OUR_RESOURCES = new Set([
  'Channel',
  'Conversation',
  'ServiceConversation',
  'ConversationWithParticipants',
  'ServiceConversationWithParticipants',
  'Member',
  'ConversationParticipant',
  'ServiceConversationParticipant',
  'Message',
  'ConversationMessage',
  'ServiceConversationMessage',
  'User',
  'ServiceUser',
  'UserChannel',
  'UserConversation',
  'ServiceUserConversation',
  'ChannelWebhook',
  'ConversationScopedWebhook',
  'ServiceConversationScopedWebhook',
  'Invite',
]);

function ourWriteOperations(): string[] {
  return operations
    .filter((op) => op.method !== 'GET')
    .filter((op) => OUR_RESOURCES.has(op.operationName.replace(/^(Create|Update|Delete)/, '')))
    .map((op) => op.id);
}

describe('write routes', () => {
  const routed = Object.values(WRITE_OPERATIONS).flatMap((row) => Object.values(row) as string[]);

  it('names only registry operations that write', () => {
    for (const id of routed) {
      const op = findOperation(id);
      expect(op, id).toBeDefined();
      expect(op?.method).not.toBe('GET');
    }
  });

  it('reaches every write operation of these families', () => {
    const ours = ourWriteOperations();
    expect(ours.filter((id) => !routed.includes(id))).toEqual([]);
    // Conversations (both address forms) and Chat v1/v2/v3 writes of these families.
    expect(ours).toHaveLength(70);
  });

  it('has a default route for every family', () => {
    for (const family of Object.keys(WRITE_OPERATIONS) as WriteFamily[]) {
      expect(() => routeFor(family)).not.toThrow();
      expect(routeFor(family).api).toBe(DEFAULT_WRITE_API[family]);
    }
    expect(() => routeFor('invite.create', 'conversations')).toThrow(/no operation/);
  });

  it('renames parameters for Chat and back, and adapts the webhook method casing', () => {
    const apis: WriteApi[] = ['chat-v1', 'chat-v2', 'chat-v3', 'conversations'];
    for (const api of apis) {
      for (const name of ['ChatServiceSid', 'ConversationSid', 'Author', 'Body', 'Target']) {
        const renamed = apiParamName('webhook.create', api, name);
        expect(renamed).not.toBeNull();
        expect(canonicalParamName('webhook.create', api, renamed ?? '')).toBe(name);
      }
    }
    expect(apiParamName('user.create', 'conversations-default', 'ChatServiceSid')).toBeNull();
    expect(
      adaptParams('webhook.update', 'chat-v2', {
        ConversationSid: 'CH1',
        Target: 'webhook',
        'Configuration.Method': 'POST',
        X: null,
      }),
    ).toEqual({
      ChannelSid: 'CH1',
      Type: 'webhook',
      'Configuration.Method': 'POST',
    });
    expect(
      adaptParams('webhook.update', 'conversations', { 'Configuration.Method': 'POST' }),
    ).toEqual({
      'Configuration.Method': 'post',
    });
  });

  it("reads Chat's Type back as Type outside the webhook families", () => {
    for (const family of ['channel.create', 'role.create', 'credential.create'] as const) {
      expect(canonicalParamName(family, 'chat-v2', 'Type')).toBe('Type');
      expect(apiParamName(family, 'chat-v1', 'Type')).toBe('Type');
    }
    expect(canonicalParamName('webhook.create', 'chat-v2', 'Type')).toBe('Target');
  });

  it('picks the column by routing: primary API, Chat v1 falling back to v2, default-service paths', () => {
    const routing = (
      primaryApi: ApiRouting['primaryApi'],
      paths: ApiRouting['conversationsPaths'] = 'service',
    ): RouteChoice => ({
      routing: { primaryApi, conversationsPaths: paths, chatHost: 'chat' },
    });
    expect(routeFor('participant.create', routing('chat-v1')).operationId).toBe(
      'chat.v1.CreateMember',
    );
    expect(routeFor('membership.update', routing('chat-v1')).operationId).toBe(
      'chat.v2.UpdateUserChannel',
    );
    expect(routeFor('binding.delete', routing('chat-v1')).operationId).toBe(
      'chat.v2.DeleteBinding',
    );
    expect(routeFor('message.create', routing('chat-v2')).operationId).toBe(
      'chat.v2.CreateMessage',
    );
    // Conversations-only families stay on Conversations; Chat-only ones follow the Chat version.
    expect(routeFor('serviceConfiguration.update', routing('chat-v1')).api).toBe('conversations');
    expect(routeFor('invite.create', routing('chat-v1')).operationId).toBe('chat.v1.CreateInvite');
    expect(routeFor('invite.create', routing('conversations')).operationId).toBe(
      'chat.v2.CreateInvite',
    );
    const paths = routing('conversations', 'default-service');
    expect(routeFor('message.create', { ...paths, inDefaultService: true }).operationId).toBe(
      'conversations.v1.CreateConversationMessage',
    );
    expect(routeFor('message.create', { ...paths, inDefaultService: false }).operationId).toBe(
      'conversations.v1.CreateServiceConversationMessage',
    );
    expect(routeFor('credential.create', { ...paths, inDefaultService: true }).operationId).toBe(
      'conversations.v1.CreateCredential',
    );
    for (const family of Object.keys(WRITE_OPERATIONS) as WriteFamily[]) {
      expect(routeFor(family, { routing: DEFAULT_ROUTING }).api).toBe(DEFAULT_WRITE_API[family]);
    }
  });
});

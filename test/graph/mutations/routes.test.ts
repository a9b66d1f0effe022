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
  type WriteApi,
  type WriteFamily,
} from '../../../src/graph/mutations/routes.js';
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
        const renamed = apiParamName(api, name);
        expect(renamed).not.toBeNull();
        expect(canonicalParamName(api, renamed ?? '')).toBe(name);
      }
    }
    expect(apiParamName('conversations-default', 'ChatServiceSid')).toBeNull();
    expect(
      adaptParams('chat-v2', { ConversationSid: 'CH1', 'Configuration.Method': 'POST', X: null }),
    ).toEqual({
      ChannelSid: 'CH1',
      'Configuration.Method': 'POST',
    });
    expect(adaptParams('conversations', { 'Configuration.Method': 'POST' })).toEqual({
      'Configuration.Method': 'post',
    });
  });
});

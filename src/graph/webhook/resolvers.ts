/**
 * Conversation-scoped webhooks (Chat: channel webhooks): the type and its mutations (glue to
 * ./writes.ts).
 */
import type { Resolvers } from '../../generated/graphql.js';
import { webhookTarget } from '../enums.js';
import { encodeId } from '../ids.js';
import { runMutation } from '../mutation/payloads.js';
import {
  createConversationWebhook,
  deleteConversationWebhook,
  updateConversationWebhook,
} from './writes.js';

export const webhookResolvers: Resolvers = {
  Webhook: {
    id: (w) => encodeId('Webhook', [w.serviceSid, w.conversationSid, w.sid]),
    target: (w) => webhookTarget(w.target),
  },
  WebhookConnection: { nodes: (c) => c.edges.map((e) => e.node) },
  Mutation: {
    createConversationWebhook: (_root, { input }, ctx) =>
      runMutation(() => createConversationWebhook(ctx, input)),
    updateConversationWebhook: (_root, { input }, ctx) =>
      runMutation(() => updateConversationWebhook(ctx, input)),
    deleteConversationWebhook: (_root, { input }, ctx) =>
      runMutation(() => deleteConversationWebhook(ctx, input)),
  },
};

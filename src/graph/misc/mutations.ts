/**
 * Conversation webhook and Chat invite mutations: glue to src/graph/mutations/webhooks.ts and
 * invites.ts.
 */
import type { Resolvers } from '../../generated/graphql.js';
import { createInvite, deleteInvite } from '../mutations/invites.js';
import { runMutation } from '../mutations/payloads.js';
import {
  createConversationWebhook,
  deleteConversationWebhook,
  updateConversationWebhook,
} from '../mutations/webhooks.js';

export const miscMutations: Resolvers = {
  Mutation: {
    createConversationWebhook: (_root, { input }, ctx) =>
      runMutation(() => createConversationWebhook(ctx, input)),
    updateConversationWebhook: (_root, { input }, ctx) =>
      runMutation(() => updateConversationWebhook(ctx, input)),
    deleteConversationWebhook: (_root, { input }, ctx) =>
      runMutation(() => deleteConversationWebhook(ctx, input)),
    createInvite: (_root, { input }, ctx) => runMutation(() => createInvite(ctx, input)),
    deleteInvite: (_root, { input }, ctx) => runMutation(() => deleteInvite(ctx, input)),
  },
};

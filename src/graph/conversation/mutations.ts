/**
 * Conversation mutations: glue to the helpers in src/graph/mutations/conversations.ts.
 */
import type { Resolvers } from '../../generated/graphql.js';
import {
  createConversation,
  deleteConversation,
  makeChannelPrivate,
  updateConversation,
} from '../mutations/conversations.js';
import { runMutation } from '../mutations/payloads.js';

export const conversationMutations: Resolvers = {
  Mutation: {
    createConversation: (_root, { input }, ctx) =>
      runMutation(() => createConversation(ctx, input)),
    updateConversation: (_root, { input }, ctx) =>
      runMutation(() => updateConversation(ctx, input)),
    deleteConversation: (_root, { input }, ctx) =>
      runMutation(() => deleteConversation(ctx, input)),
    makeChannelPrivate: (_root, { input }, ctx) =>
      runMutation(() => makeChannelPrivate(ctx, input)),
  },
};

/**
 * Message mutations: glue to src/graph/mutations/messages.ts.
 */
import type { Resolvers } from '../../generated/graphql.js';
import { deleteMessage, sendMessage, updateMessage } from '../mutations/messages.js';
import { runMutation } from '../mutations/payloads.js';

export const messageMutations: Resolvers = {
  Mutation: {
    sendMessage: (_root, { input }, ctx) => runMutation(() => sendMessage(ctx, input)),
    updateMessage: (_root, { input }, ctx) => runMutation(() => updateMessage(ctx, input)),
    deleteMessage: (_root, { input }, ctx) => runMutation(() => deleteMessage(ctx, input)),
  },
};

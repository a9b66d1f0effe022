/**
 * User and membership mutations: glue to src/graph/mutations/users.ts and memberships.ts.
 */
import type { Resolvers } from '../../generated/graphql.js';
import {
  leaveConversation,
  markConversationRead,
  updateConversationMembership,
} from '../mutations/memberships.js';
import { runMutation } from '../mutations/payloads.js';
import { createUser, deleteUser, updateUser } from '../mutations/users.js';

export const userMutations: Resolvers = {
  Mutation: {
    createUser: (_root, { input }, ctx) => runMutation(() => createUser(ctx, input)),
    updateUser: (_root, { input }, ctx) => runMutation(() => updateUser(ctx, input)),
    deleteUser: (_root, { input }, ctx) => runMutation(() => deleteUser(ctx, input)),
    markConversationRead: (_root, { input }, ctx) =>
      runMutation(() => markConversationRead(ctx, input)),
    updateConversationMembership: (_root, { input }, ctx) =>
      runMutation(() => updateConversationMembership(ctx, input)),
    leaveConversation: (_root, { input }, ctx) => runMutation(() => leaveConversation(ctx, input)),
  },
};

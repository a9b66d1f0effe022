/**
 * Chat invitations (no Conversations equivalent): the type and its mutations (glue to
 * ./writes.ts).
 */
import type { Resolvers } from '../../generated/graphql.js';
import { encodeId } from '../ids.js';
import { runMutation } from '../mutation/payloads.js';
import { conversationParent } from '../parents.js';
import { createInvite, deleteInvite } from './writes.js';

export const inviteResolvers: Resolvers = {
  Invite: {
    id: (i) => encodeId('Invite', [i.serviceSid, i.conversationSid, i.sid]),
    conversation: (i) => conversationParent({ serviceSid: i.serviceSid, sid: i.conversationSid }),
  },
  InviteConnection: { nodes: (c) => c.edges.map((e) => e.node) },
  Mutation: {
    createInvite: (_root, { input }, ctx) => runMutation(() => createInvite(ctx, input)),
    deleteInvite: (_root, { input }, ctx) => runMutation(() => deleteInvite(ctx, input)),
  },
};

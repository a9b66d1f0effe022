/**
 * Participant mutations: glue to src/graph/mutations/participants.ts. An updated chat
 * participant also answers with its user's membership, the object inbox edges hold, so a
 * read-horizon change reaches cached unread counts.
 */
import type { Resolvers } from '../../generated/graphql.js';
import { addParticipant, removeParticipant, updateParticipant } from '../mutations/participants.js';
import { runMutation } from '../mutations/payloads.js';
import { participantField } from './resolvers.js';

export const participantMutations: Resolvers = {
  Mutation: {
    addParticipant: (_root, { input }, ctx) => runMutation(() => addParticipant(ctx, input)),
    updateParticipant: (_root, { input }, ctx) => runMutation(() => updateParticipant(ctx, input)),
    removeParticipant: (_root, { input }, ctx) => runMutation(() => removeParticipant(ctx, input)),
  },
  UpdateParticipantPayload: {
    membership: async ({ participant: p }, _args, ctx) => {
      const identity = p ? await participantField(p, ctx, 'identity') : null;
      if (!p || !identity) return null;
      // Twilio takes the identity in place of the user SID and answers with the SID.
      return ctx.loaders.userConversation.load([p.serviceSid, identity, p.conversationSid]);
    },
  },
};

/**
 * Participant mutations: glue to src/graph/mutations/participants.ts.
 */
import type { Resolvers } from '../../generated/graphql.js';
import { addParticipant, removeParticipant, updateParticipant } from '../mutations/participants.js';
import { runMutation } from '../mutations/payloads.js';

export const participantMutations: Resolvers = {
  Mutation: {
    addParticipant: (_root, { input }, ctx) => runMutation(() => addParticipant(ctx, input)),
    updateParticipant: (_root, { input }, ctx) => runMutation(() => updateParticipant(ctx, input)),
    removeParticipant: (_root, { input }, ctx) => runMutation(() => removeParticipant(ctx, input)),
  },
};

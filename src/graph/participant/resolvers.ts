/**
 * Participant: fields from what a page or membership copy already gave, else one read; the
 * user is looked up by identity through the one user cache (one request per distinct user).
 * The participant mutations and `Query.participantConversations` are glue here too.
 */
import type { ParticipantRecord } from '../../loaders/index.js';
import type { ParticipantResolvers, Resolvers } from '../../generated/graphql.js';
import type { GraphContext } from '../context.js';
import { decodeIdOf, encodeId } from '../ids.js';
import { runMutation } from '../mutation/payloads.js';
import {
  conversationParent,
  participantParent,
  type Known,
  type ParticipantParent,
} from '../parents.js';
import { resolveServiceSid } from '../shared/arguments.js';
import { listParticipantConversations } from './conversations.js';
import { addParticipant, removeParticipant, updateParticipant } from './writes.js';

/**
 * A field of the participant: the value in hand when the parent has it (a Chat-served record
 * lacks the fields only Conversations has), else one read of the source that serves it.
 */
export function participantField<K extends keyof ParticipantRecord>(
  parent: ParticipantParent,
  ctx: GraphContext,
  key: K,
  onlyConversations = false,
): Known<ParticipantRecord[K]> | Promise<Known<ParticipantRecord[K]>> {
  // In hand: answered without a promise, so graphql-js completes a listed object synchronously.
  if (key in parent.known && parent.known[key] !== undefined) return parent.known[key] ?? null;
  const loader = onlyConversations
    ? ctx.loaders.conversationsOnly.participant
    : ctx.loaders.participant;
  return loader
    .load([parent.serviceSid, parent.conversationSid, parent.sid])
    .then((record) => (record ? (record[key] ?? null) : null));
}

const Participant: ParticipantResolvers = {
  __resolveReference: async (reference, ctx) => {
    const ref: Record<string, unknown> = { ...reference };
    if (typeof ref.id !== 'string') return null;
    const [serviceSid = '', conversationSid = '', sid = ''] = decodeIdOf('Participant', ref.id);
    const record = await ctx.loaders.participant.load([serviceSid, conversationSid, sid]);
    return record ? participantParent(record) : null;
  },
  id: (p) => encodeId('Participant', [p.serviceSid, p.conversationSid, p.sid]),
  sid: (p) => p.sid,
  serviceSid: (p) => p.serviceSid,
  conversationSid: (p) => p.conversationSid,
  identity: (p, _args, ctx) => participantField(p, ctx, 'identity'),
  attributes: (p, _args, ctx) => participantField(p, ctx, 'attributes'),
  roleSid: (p, _args, ctx) => participantField(p, ctx, 'roleSid'),
  lastReadMessageIndex: (p, _args, ctx) => participantField(p, ctx, 'lastReadMessageIndex'),
  lastReadTimestamp: (p, _args, ctx) => participantField(p, ctx, 'lastReadTimestamp'),
  messagingBinding: (p, _args, ctx) => participantField(p, ctx, 'messagingBinding', true),
  createdAt: (p, _args, ctx) => participantField(p, ctx, 'createdAt'),
  updatedAt: (p, _args, ctx) => participantField(p, ctx, 'updatedAt'),
  conversation: (p) => conversationParent({ serviceSid: p.serviceSid, sid: p.conversationSid }),
  user: async (p, _args, ctx) => {
    const identity = await participantField(p, ctx, 'identity');
    if (identity === null || identity === '') return null;
    return ctx.loaders.user.load([p.serviceSid, identity]);
  },
  role: async (p, _args, ctx) => {
    const roleSid = await participantField(p, ctx, 'roleSid');
    return roleSid ? ctx.loaders.role.load([p.serviceSid, roleSid]) : null;
  },
};

export const participantResolvers: Resolvers = {
  Query: {
    participantConversations: async (_root, args, ctx) =>
      listParticipantConversations(ctx, await resolveServiceSid(ctx, args.serviceSid), args),
  },
  Participant,
  ParticipantConnection: { nodes: (c) => c.edges.map((e) => e.node) },
  ParticipantConversationConnection: { nodes: (c) => c.edges.map((e) => e.node) },
  ParticipantConversationEdge: {
    participant: (e) => participantParent(e.item.participant),
  },
  Mutation: {
    addParticipant: (_root, { input }, ctx) => runMutation(() => addParticipant(ctx, input)),
    updateParticipant: (_root, { input }, ctx) => runMutation(() => updateParticipant(ctx, input)),
    removeParticipant: (_root, { input }, ctx) => runMutation(() => removeParticipant(ctx, input)),
  },
  // An updated chat participant also answers with its user's membership, the object inbox edges
  // hold, so a read-horizon change reaches cached unread counts.
  UpdateParticipantPayload: {
    membership: async ({ participant: p }, _args, ctx) => {
      const identity = p ? await participantField(p, ctx, 'identity') : null;
      if (!p || !identity) return null;
      // Twilio takes the identity in place of the user SID and answers with the SID.
      return ctx.loaders.userConversation.load([p.serviceSid, identity, p.conversationSid]);
    },
  },
};

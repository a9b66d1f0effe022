/**
 * User and its memberships. `User.conversations` is one UserConversations page: each edge's
 * membership fields and its conversation's basic fields come from that page, no extra request.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { UserRecord } from '../../loaders/index.js';
import type { Resolvers, UserResolvers } from '../../generated/graphql.js';
import type { GraphContext } from '../context.js';
import { selectsOnly } from '../shared/selection.js';
import { resolveConnection } from '../connection.js';
import { notificationLevel, toWire } from '../enums.js';
import { decodeIdOf, encodeId } from '../ids.js';
import { membershipConversation, membershipParticipant } from '../parents.js';
import { checkSid } from '../shared/arguments.js';

/** Fields served by Chat alone, plus the keys every user path already has. */
const CHAT_SERVED = new Set(['joinedChannelsCount', 'id', 'sid', 'serviceSid', '__typename']);

/**
 * A user by SID or identity through the API the selection needs: Chat alone when only
 * Chat-only fields are selected (no Conversations request), the routed user loader otherwise.
 */
export async function lookupUser(
  ctx: GraphContext,
  info: GraphQLResolveInfo,
  path: readonly string[],
): Promise<UserRecord | null> {
  if (selectsOnly(info, CHAT_SERVED)) return (await ctx.loaders.chatUser.load(path))?.user ?? null;
  return ctx.loaders.user.load(path);
}

const User: UserResolvers = {
  __resolveReference: async (reference, ctx) => {
    const ref: Record<string, unknown> = { ...reference };
    if (typeof ref.id === 'string') {
      const [serviceSid = '', sid = ''] = decodeIdOf('User', ref.id);
      return ctx.loaders.user.load([serviceSid, sid]);
    }
    if (typeof ref.serviceSid === 'string' && typeof ref.identity === 'string') {
      return ctx.loaders.user.load([checkSid(ref.serviceSid, 'IS', 'serviceSid'), ref.identity]);
    }
    return null;
  },
  id: (u) => encodeId('User', [u.serviceSid, u.sid]),
  joinedChannelsCount: async (u, _args, ctx) =>
    (await ctx.loaders.chatUser.load([u.serviceSid, u.sid]))?.joinedChannelsCount ?? null,
  role: (u, _args, ctx) => (u.roleSid ? ctx.loaders.role.load([u.serviceSid, u.roleSid]) : null),
  conversations: (u, args, ctx) =>
    resolveConnection(
      ctx.loaders.lists.userConversations(u.serviceSid, u.sid),
      args,
      membershipConversation,
    ),
  membership: (u, args, ctx) => {
    const conversationSid = checkSid(args.conversationSid, 'CH', 'conversationSid');
    return ctx.loaders.userConversation.load([u.serviceSid, u.sid, conversationSid]);
  },
  bindings: (u, args, ctx) =>
    resolveConnection(
      ctx.loaders.lists.bindings(u.serviceSid, {
        identities: [u.identity],
        bindingTypes: (args.bindingType ?? []).map(toWire),
      }),
      args,
      (r) => r,
    ),
};

export const userResolvers: Resolvers = {
  User,
  ConversationMembership: {
    id: (m) =>
      encodeId('ConversationMembership', [m.serviceSid, m.userSid ?? '', m.conversationSid]),
    conversation: membershipConversation,
    notificationLevel: (m) => notificationLevel(m.notificationLevel),
    participant: membershipParticipant,
  },
  UserConnection: { nodes: (c) => c.edges.map((e) => e.node) },
  UserConversationConnection: { nodes: (c) => c.edges.map((e) => e.node) },
  UserConversationEdge: {
    membership: (e) => e.item,
    unreadMessagesCount: (e) => e.item.unreadMessagesCount,
    lastReadMessageIndex: (e) => e.item.lastReadMessageIndex,
    notificationLevel: (e) => notificationLevel(e.item.notificationLevel),
    participantSid: (e) => e.item.participantSid,
    participant: (e) => membershipParticipant(e.item),
  },
};

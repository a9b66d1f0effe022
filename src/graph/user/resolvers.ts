/**
 * User and its memberships. `User.conversations` is one UserConversations page: each edge's
 * membership fields and its conversation's basic fields come from that page, no extra request.
 * Root lookups and lists of users, and the user and membership mutations, are glue here too.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { readFor, type UserRecord } from '../../loaders/index.js';
import type { Resolvers, UserResolvers } from '../../generated/graphql.js';
import { resolveConnection } from '../connection.js';
import type { GraphContext } from '../context.js';
import { notificationLevel, toWire } from '../enums.js';
import { decodeIdOf, encodeId } from '../ids.js';
import { runMutation } from '../mutation/payloads.js';
import { membershipConversation, membershipParticipant } from './membership.js';
import { checkName, checkSid, exactlyOne, resolveServiceSid } from '../shared/arguments.js';
import { selectedFields } from '../shared/selection.js';
import {
  leaveConversation,
  markConversationRead,
  updateConversationMembership,
} from './memberships.js';
import { createUser, deleteUser, updateUser } from './writes.js';

/**
 * A user by SID or identity, reading only what the selection needs: the Chat read alone for
 * Chat-only fields, the user record otherwise.
 */
export async function lookupUser(
  ctx: GraphContext,
  info: GraphQLResolveInfo,
  path: readonly string[],
): Promise<UserRecord | null> {
  if (readFor('User', selectedFields(info)) === 'chat') {
    return (await ctx.loaders.chatUser.load(path))?.user ?? null;
  }
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
  Query: {
    user: async (_root, args, ctx, info) => {
      const key = exactlyOne({ sid: args.sid, identity: args.identity });
      const ref =
        key.name === 'sid' ? checkSid(key.value, 'US', 'sid') : checkName(key.value, 'identity');
      const serviceSid = await resolveServiceSid(ctx, args.serviceSid);
      return lookupUser(ctx, info, [serviceSid, ref]);
    },
    viewer: async (_root, _args, ctx, info) => {
      if (ctx.caller.kind !== 'token') return null;
      const serviceSid = await resolveServiceSid(
        ctx,
        ctx.caller.serviceSid,
        'grants.chat.service_sid',
      );
      return lookupUser(ctx, info, [serviceSid, ctx.caller.identity]);
    },
    users: async (_root, args, ctx) =>
      resolveConnection(
        ctx.loaders.lists.users(await resolveServiceSid(ctx, args.serviceSid)),
        args,
        (r) => r,
      ),
  },
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

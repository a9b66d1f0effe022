/**
 * Conversation: fields come from what is already known (a page or a membership copy) or from
 * one read of the source the loaders' field map names (what both APIs have, or what only Chat
 * or only Conversations has), so no API is called unless a selected field needs it. Root
 * lookups and lists of conversations and the conversation mutations are glue here too.
 */
import { getArgumentValues, isObjectType, type GraphQLResolveInfo } from 'graphql';
import {
  isNotFound,
  readFor,
  type ChannelRecord,
  type ConversationFilters,
  type ConversationRecord,
} from '../../loaders/index.js';
import type { ConversationResolvers, QueryResolvers, Resolvers } from '../../generated/graphql.js';
import { resolveConnection } from '../connection.js';
import type { GraphContext } from '../context.js';
import { channelType, conversationState, toWire } from '../enums.js';
import { badUserInput } from '../errors.js';
import { decodeIdOf, encodeId } from '../ids.js';
import { lookupMessage } from '../message/resolvers.js';
import { isSid } from '../mutation/checks.js';
import { runMutation } from '../mutation/payloads.js';
import {
  conversationParent,
  participantParent,
  type ConversationParent,
  type Known,
} from '../parents.js';
import { checkName, checkSid, exactlyOne, resolveServiceSid } from '../shared/arguments.js';
import { selectedFieldNodes } from '../shared/selection.js';
import {
  createConversation,
  deleteConversation,
  makeChannelPrivate,
  updateConversation,
} from './writes.js';

/**
 * A field of the conversation: the value in hand when the parent has it (a Chat-served record
 * lacks the fields only Conversations has), else one read of the source that serves it.
 */
export function conversationField<K extends keyof ConversationRecord>(
  parent: ConversationParent,
  ctx: GraphContext,
  key: K,
  onlyConversations = false,
): Known<ConversationRecord[K]> | Promise<Known<ConversationRecord[K]>> {
  // In hand: answered without a promise, so graphql-js completes a listed object synchronously.
  if (key in parent.known && parent.known[key] !== undefined) return parent.known[key] ?? null;
  const loader = onlyConversations
    ? ctx.loaders.conversationsOnly.conversation
    : ctx.loaders.conversation;
  return loader
    .load([parent.serviceSid, parent.sid])
    .then((record) => (record ? (record[key] ?? null) : null));
}

async function channelField<K extends keyof ChannelRecord>(
  parent: ConversationParent,
  ctx: GraphContext,
  key: K,
): Promise<ChannelRecord[K] | null> {
  const record =
    parent.channel ?? (await ctx.loaders.channel.load([parent.serviceSid, parent.sid]));
  return record ? record[key] : null;
}

/** The lists under a conversation: any of them answers whether the conversation exists. */
const LISTS = ['participants', 'messages', 'webhooks', 'invites'] as const;

/**
 * Looks a conversation up by SID or unique name, reading only what the selection needs: the
 * Chat read alone for Chat-only fields; nothing of the conversation itself when only its
 * lists are selected (the first list's page, which the list field then reuses, tells whether
 * the conversation exists). Null when it does not exist.
 */
export async function lookupConversation(
  ctx: GraphContext,
  info: GraphQLResolveInfo,
  serviceSid: string,
  ref: string,
): Promise<ConversationParent | null> {
  const nodes = selectedFieldNodes(info);
  const names = nodes.map((node) => node.name.value);
  const read = readFor('Conversation', names);
  // A unique name is not the SID the `id` and `sid` fields answer with.
  const named = !isSid(ref, 'CH') && names.some((name) => name === 'id' || name === 'sid');
  if (read === 'keys' && !named) {
    const list = nodes.find((node) => (LISTS as readonly string[]).includes(node.name.value));
    const type = info.schema.getType('Conversation');
    if (list !== undefined && isObjectType(type)) {
      const parent = conversationParent({ serviceSid, sid: ref });
      const field = type.getFields()[list.name.value];
      const resolve = Conversation[list.name.value as (typeof LISTS)[number]];
      if (field !== undefined && typeof resolve === 'function') {
        try {
          await resolve(parent, getArgumentValues(field, list, info.variableValues) as never, ctx);
        } catch (error) {
          if (isNotFound(error)) return null;
          // Anything else is the list field's to report, from the same cached page.
        }
        return parent;
      }
    }
  }
  if (read === 'chat' && !named) {
    const channel = await ctx.loaders.channel.load([serviceSid, ref]);
    return channel ? conversationParent({ serviceSid, sid: channel.sid }, channel) : null;
  }
  const record = await ctx.loaders.conversation.load([serviceSid, ref]);
  return record ? conversationParent(record) : null;
}

export interface ServiceConversationArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly state?: string | null;
  readonly createdAfter?: string | null;
  readonly createdBefore?: string | null;
  readonly type?: readonly string[] | null;
}

/** `Service.conversations` and `Query.conversations`: Conversations list, or Chat with `type`. */
export function listServiceConversations(
  ctx: GraphContext,
  serviceSid: string,
  args: ServiceConversationArgs,
) {
  const paging = { first: args.first ?? null, after: args.after ?? null };
  if (args.type != null) {
    for (const name of ['state', 'createdAfter', 'createdBefore'] as const) {
      if (args[name] != null) {
        throw badUserInput(`\`${name}\` cannot be combined with \`type\` (a Chat listing).`, name);
      }
    }
    return resolveConnection(
      ctx.loaders.lists.channels(serviceSid, args.type.map(toWire)),
      paging,
      (item) =>
        conversationParent(
          { ...item.conversation, serviceSid, sid: item.channel.sid },
          item.channel,
        ),
    );
  }
  const filters: ConversationFilters = {
    ...(args.state != null ? { state: toWire(args.state) } : {}),
    ...(args.createdAfter != null ? { startDate: args.createdAfter } : {}),
    ...(args.createdBefore != null ? { endDate: args.createdBefore } : {}),
  };
  return resolveConnection(ctx.loaders.lists.conversations(serviceSid, filters), paging, (r) =>
    conversationParent(r),
  );
}

const Conversation = {
  __resolveReference: async (reference, ctx) => {
    const ref: Record<string, unknown> = { ...reference };
    let serviceSid: string;
    let sid: string;
    if (typeof ref.id === 'string') {
      const sids = decodeIdOf('Conversation', ref.id);
      serviceSid = sids[0] ?? '';
      sid = sids[1] ?? '';
    } else if (typeof ref.serviceSid === 'string' && typeof ref.sid === 'string') {
      serviceSid = checkSid(ref.serviceSid, 'IS', 'serviceSid');
      sid = checkSid(ref.sid, 'CH', 'sid');
    } else {
      return null;
    }
    const record = await ctx.loaders.conversation.load([serviceSid, sid]);
    return record ? conversationParent(record) : null;
  },
  id: (p) => encodeId('Conversation', [p.serviceSid, p.sid]),
  sid: (p) => p.sid,
  serviceSid: (p) => p.serviceSid,
  service: (p, _args, ctx) => ctx.loaders.service.load([p.serviceSid]),
  uniqueName: (p, _args, ctx) => conversationField(p, ctx, 'uniqueName'),
  friendlyName: (p, _args, ctx) => conversationField(p, ctx, 'friendlyName'),
  attributes: (p, _args, ctx) => conversationField(p, ctx, 'attributes'),
  state: async (p, _args, ctx) => conversationState(await conversationField(p, ctx, 'state', true)),
  timers: (p, _args, ctx) => conversationField(p, ctx, 'timers', true),
  messagingServiceSid: (p, _args, ctx) => conversationField(p, ctx, 'messagingServiceSid', true),
  createdAt: (p, _args, ctx) => conversationField(p, ctx, 'createdAt'),
  updatedAt: (p, _args, ctx) => conversationField(p, ctx, 'updatedAt'),
  type: async (p, _args, ctx) => channelType(await channelField(p, ctx, 'type')),
  membersCount: (p, _args, ctx) => channelField(p, ctx, 'membersCount'),
  messagesCount: (p, _args, ctx) => channelField(p, ctx, 'messagesCount'),
  createdBy: (p, _args, ctx) => channelField(p, ctx, 'createdBy'),
  participants: (p, args, ctx) =>
    resolveConnection(
      ctx.loaders.lists.participants(p.serviceSid, p.sid),
      args,
      (r) => participantParent(r),
      { totalCount: p.channel?.membersCount ?? null },
    ),
  participant: async (p, args, ctx) => {
    const record = await ctx.loaders.participant.load([
      p.serviceSid,
      p.sid,
      checkSid(args.sid, 'MB', 'sid'),
    ]);
    return record ? participantParent(record) : null;
  },
  messages: (p, args, ctx) =>
    resolveConnection(ctx.loaders.lists.messages(p.serviceSid, p.sid), args, (r) => r, {
      order: args.order === 'DESC' ? 'desc' : 'asc',
      totalCount: p.channel?.messagesCount ?? null,
    }),
  message: (p, args, ctx, info) =>
    lookupMessage(ctx, info, [p.serviceSid, p.sid, checkSid(args.sid, 'IM', 'sid')]),
  webhooks: (p, args, ctx) =>
    resolveConnection(ctx.loaders.lists.webhooks(p.serviceSid, p.sid), args, (r) => r),
  invites: (p, args, ctx) =>
    resolveConnection(
      ctx.loaders.lists.invites(p.serviceSid, p.sid, args.identity ?? []),
      args,
      (r) => r,
    ),
} satisfies ConversationResolvers;

const Query: QueryResolvers = {
  conversation: async (_root, args, ctx, info) => {
    const key = exactlyOne({ sid: args.sid, uniqueName: args.uniqueName });
    const ref =
      key.name === 'sid' ? checkSid(key.value, 'CH', 'sid') : checkName(key.value, 'uniqueName');
    return lookupConversation(ctx, info, await resolveServiceSid(ctx, args.serviceSid), ref);
  },
  conversations: async (_root, args, ctx) =>
    listServiceConversations(ctx, await resolveServiceSid(ctx, args.serviceSid), args),
};

export const conversationResolvers: Resolvers = {
  Query,
  Conversation,
  ConversationConnection: { nodes: (c) => c.edges.map((e) => e.node) },
  ConversationTimers: {},
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

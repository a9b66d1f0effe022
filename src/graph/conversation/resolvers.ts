/**
 * Conversation: Conversations API fields come from what is already known (a page or a
 * membership copy) or from one fetch; Chat-only fields from the Chat channel loader, so neither
 * API is called unless a selected field needs it.
 */
import type {
  ChannelRecord,
  ConversationRecord,
  ConversationFilters,
} from '../../loaders/index.js';
import type { GraphQLResolveInfo } from 'graphql';
import type { ConversationResolvers, Resolvers } from '../../generated/graphql.js';
import { resolveConnection } from '../connection.js';
import type { GraphContext } from '../context.js';
import { channelType, conversationState, toWire } from '../enums.js';
import { badUserInput } from '../errors.js';
import { decodeIdOf, encodeId } from '../ids.js';
import { conversationParent, participantParent, type ConversationParent } from '../parents.js';
import { lookupMessage } from '../message/resolvers.js';
import { checkSid } from '../shared/arguments.js';
import { selectsOnly } from '../shared/selection.js';

/** Fields only the Conversations API has: read there whatever API the routing prefers. */
const CONVERSATIONS_ONLY: ReadonlySet<keyof ConversationRecord> = new Set([
  'state',
  'timers',
  'messagingServiceSid',
]);

export async function conversationField<K extends keyof ConversationRecord>(
  parent: ConversationParent,
  ctx: GraphContext,
  key: K,
): Promise<ConversationRecord[K] | null> {
  const only = CONVERSATIONS_ONLY.has(key);
  // A record another API served holds these as null; only a Conversations copy is the answer.
  const trusted = !only || ctx.routing.primaryApi === 'conversations';
  if (trusted && key in parent.known) return parent.known[key] ?? null;
  const loader = only ? ctx.loaders.conversationsOnly.conversation : ctx.loaders.conversation;
  const record = await loader.load([parent.serviceSid, parent.sid]);
  return record ? record[key] : null;
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

/** Fields served by Chat alone, plus the keys every parent already has. */
const CHAT_SERVED = new Set([
  'type',
  'membersCount',
  'messagesCount',
  'createdBy',
  'id',
  'sid',
  'serviceSid',
  '__typename',
]);

/**
 * Looks a conversation up by SID or unique name through the API the selection needs: Chat when
 * only Chat-only fields are selected, Conversations otherwise. Null when it does not exist.
 */
export async function lookupConversation(
  ctx: GraphContext,
  info: GraphQLResolveInfo,
  serviceSid: string,
  ref: string,
): Promise<ConversationParent | null> {
  if (selectsOnly(info, CHAT_SERVED)) {
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

const Conversation: ConversationResolvers = {
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
  state: async (p, _args, ctx) => conversationState(await conversationField(p, ctx, 'state')),
  timers: (p, _args, ctx) => conversationField(p, ctx, 'timers'),
  messagingServiceSid: (p, _args, ctx) => conversationField(p, ctx, 'messagingServiceSid'),
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
};

export const conversationResolvers: Resolvers = {
  Conversation,
  ConversationConnection: { nodes: (c) => c.edges.map((e) => e.node) },
  ConversationTimers: {},
};

/**
 * Message: shared fields from the routed message loader; Chat-only fields (`wasEdited`,
 * `lastUpdatedBy`, `type`) through the Chat message loader and Conversations-only ones
 * (`participantSid`, `delivery`, `contentSid`) through Conversations, only when selected.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { ChatMessageRecord, MessageRecord } from '../../loaders/index.js';
import type { MessageResolvers, Resolvers } from '../../generated/graphql.js';
import { resolveConnection } from '../connection.js';
import type { GraphContext } from '../context.js';
import { deliveryAmount, deliveryStatus, messageType } from '../enums.js';
import { decodeIdOf, encodeId } from '../ids.js';
import { conversationParent, participantParent } from '../parents.js';
import { selectsOnly } from '../shared/selection.js';

async function chatField<K extends keyof ChatMessageRecord>(
  m: MessageRecord,
  ctx: GraphContext,
  key: K,
): Promise<ChatMessageRecord[K] | null> {
  const record = await ctx.loaders.chatMessage.load([m.serviceSid, m.conversationSid, m.sid]);
  return record ? record[key] : null;
}

/**
 * A field only Conversations has: the record's own value when Conversations served it,
 * otherwise one Conversations read (a Chat-served record holds null there).
 */
async function conversationsField<K extends keyof MessageRecord>(
  m: MessageRecord,
  ctx: GraphContext,
  key: K,
): Promise<MessageRecord[K] | null> {
  if (ctx.routing.primaryApi === 'conversations') return m[key];
  const record = await ctx.loaders.conversationsOnly.message.load([
    m.serviceSid,
    m.conversationSid,
    m.sid,
  ]);
  return record ? record[key] : null;
}

/** Fields served by Chat alone, plus the keys every message path already has. */
const CHAT_SERVED = new Set([
  'wasEdited',
  'lastUpdatedBy',
  'type',
  'id',
  'sid',
  'serviceSid',
  'conversationSid',
  '__typename',
]);

/**
 * A message by its path through the API the selection needs: Chat alone when only Chat-only
 * fields are selected (no Conversations request), the routed message loader otherwise.
 */
export async function lookupMessage(
  ctx: GraphContext,
  info: GraphQLResolveInfo,
  path: readonly string[],
): Promise<MessageRecord | null> {
  if (selectsOnly(info, CHAT_SERVED)) {
    return (await ctx.loaders.chatMessage.load(path))?.message ?? null;
  }
  return ctx.loaders.message.load(path);
}

const Message: MessageResolvers = {
  __resolveReference: async (reference, ctx) => {
    const ref: Record<string, unknown> = { ...reference };
    if (typeof ref.id !== 'string') return null;
    const [serviceSid = '', conversationSid = '', sid = ''] = decodeIdOf('Message', ref.id);
    return ctx.loaders.message.load([serviceSid, conversationSid, sid]);
  },
  id: (m) => encodeId('Message', [m.serviceSid, m.conversationSid, m.sid]),
  wasEdited: (m, _args, ctx) => chatField(m, ctx, 'wasEdited'),
  lastUpdatedBy: (m, _args, ctx) => chatField(m, ctx, 'lastUpdatedBy'),
  type: async (m, _args, ctx) => messageType(await chatField(m, ctx, 'type')),
  participantSid: (m, _args, ctx) => conversationsField(m, ctx, 'participantSid'),
  delivery: (m, _args, ctx) => conversationsField(m, ctx, 'delivery'),
  contentSid: (m, _args, ctx) => conversationsField(m, ctx, 'contentSid'),
  conversation: (m) => conversationParent({ serviceSid: m.serviceSid, sid: m.conversationSid }),
  participant: async (m, _args, ctx) => {
    const sid = await conversationsField(m, ctx, 'participantSid');
    return sid
      ? participantParent({ serviceSid: m.serviceSid, conversationSid: m.conversationSid, sid })
      : null;
  },
  deliveryReceipts: (m, args, ctx) =>
    resolveConnection(
      ctx.loaders.lists.deliveryReceipts(m.serviceSid, m.conversationSid, m.sid),
      args,
      (r) => r,
    ),
};

export const messageResolvers: Resolvers = {
  Message,
  MessageConnection: { nodes: (c) => c.edges.map((e) => e.node) },
  MessageDeliverySummary: {
    sent: (d) => deliveryAmount(d.sent),
    delivered: (d) => deliveryAmount(d.delivered),
    read: (d) => deliveryAmount(d.read),
    failed: (d) => deliveryAmount(d.failed),
    undelivered: (d) => deliveryAmount(d.undelivered),
  },
  DeliveryReceipt: {
    id: (r) => encodeId('DeliveryReceipt', [r.serviceSid, r.conversationSid, r.messageSid, r.sid]),
    status: (r) => deliveryStatus(r.status),
    message: (r, _args, ctx) =>
      ctx.loaders.message.load([r.serviceSid, r.conversationSid, r.messageSid]),
    participant: (r) =>
      r.participantSid
        ? participantParent({
            serviceSid: r.serviceSid,
            conversationSid: r.conversationSid,
            sid: r.participantSid,
          })
        : null,
  },
  DeliveryReceiptConnection: { nodes: (c) => c.edges.map((e) => e.node) },
};

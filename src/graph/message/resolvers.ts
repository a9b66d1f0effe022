/**
 * Message: Conversations record fields; Chat-only fields (`wasEdited`, `lastUpdatedBy`, `type`)
 * through the Chat message loader, only when selected.
 */
import type { ChatMessageRecord, MessageRecord } from '../../loaders/index.js';
import type { MessageResolvers, Resolvers } from '../../generated/graphql.js';
import { resolveConnection } from '../connection.js';
import type { GraphContext } from '../context.js';
import { deliveryAmount, deliveryStatus, messageType } from '../enums.js';
import { decodeIdOf, encodeId } from '../ids.js';
import { conversationParent, participantParent } from '../parents.js';

async function chatField<K extends keyof ChatMessageRecord>(
  m: MessageRecord,
  ctx: GraphContext,
  key: K,
): Promise<ChatMessageRecord[K] | null> {
  const record = await ctx.loaders.chatMessage.load([m.serviceSid, m.conversationSid, m.sid]);
  return record ? record[key] : null;
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
  conversation: (m) => conversationParent({ serviceSid: m.serviceSid, sid: m.conversationSid }),
  participant: (m) =>
    m.participantSid
      ? participantParent({
          serviceSid: m.serviceSid,
          conversationSid: m.conversationSid,
          sid: m.participantSid,
        })
      : null,
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

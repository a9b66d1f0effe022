/**
 * Message: what both APIs have from the message record; Chat-only fields (`wasEdited`,
 * `lastUpdatedBy`, `type`) through the Chat read and Conversations-only ones (`participantSid`,
 * `delivery`, `contentSid`) through Conversations, only when selected. The message mutations
 * are glue here too.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { readFor, type ChatMessageRecord, type MessageRecord } from '../../loaders/index.js';
import type { MessageResolvers, Resolvers } from '../../generated/graphql.js';
import { resolveConnection } from '../connection.js';
import type { GraphContext } from '../context.js';
import { deliveryAmount, messageType } from '../enums.js';
import { decodeIdOf, encodeId } from '../ids.js';
import { runMutation } from '../mutation/payloads.js';
import { conversationParent, participantParent } from '../parents.js';
import { selectedFields } from '../shared/selection.js';
import { deleteMessage, sendMessage, updateMessage } from './writes.js';

async function chatField<K extends keyof ChatMessageRecord>(
  m: MessageRecord,
  ctx: GraphContext,
  key: K,
): Promise<ChatMessageRecord[K] | null> {
  const record = await ctx.loaders.chatMessage.load([m.serviceSid, m.conversationSid, m.sid]);
  return record ? record[key] : null;
}

/**
 * A field only Conversations has: the record's own value when it has it (a Chat-served record
 * lacks it), otherwise one Conversations read.
 */
async function conversationsField<K extends keyof MessageRecord>(
  m: MessageRecord,
  ctx: GraphContext,
  key: K,
): Promise<NonNullable<MessageRecord[K]> | null> {
  if (m[key] !== undefined) return m[key] ?? null;
  const record = await ctx.loaders.conversationsOnly.message.load([
    m.serviceSid,
    m.conversationSid,
    m.sid,
  ]);
  return record ? (record[key] ?? null) : null;
}

/**
 * A message by its path, reading only what the selection needs: the Chat read alone for
 * Chat-only fields, the message record otherwise.
 */
export async function lookupMessage(
  ctx: GraphContext,
  info: GraphQLResolveInfo,
  path: readonly string[],
): Promise<MessageRecord | null> {
  if (readFor('Message', selectedFields(info)) === 'chat') {
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
  Mutation: {
    sendMessage: (_root, { input }, ctx) => runMutation(() => sendMessage(ctx, input)),
    updateMessage: (_root, { input }, ctx) => runMutation(() => updateMessage(ctx, input)),
    deleteMessage: (_root, { input }, ctx) => runMutation(() => deleteMessage(ctx, input)),
  },
};

/**
 * Service: identity and dates from Conversations, Chat-only settings from the Chat service
 * loader, defaults from the service Configuration resource; lists scoped to the service.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { ChatServiceRecord, ServiceRecord } from '../../loaders/index.js';
import type { QueryResolvers, Resolvers, ServiceResolvers } from '../../generated/graphql.js';
import {
  bindingApi,
  chatApi,
  eventWebhookViews,
  readApi,
  serviceWebhooksView,
} from '../admin/reads.js';
import { resolveConnection } from '../connection.js';
import type { GraphContext } from '../context.js';
import { toWire } from '../enums.js';
import { encodeId } from '../ids.js';
import { listServiceConversations } from '../conversation/resolvers.js';
import { listParticipantConversations } from '../participant/conversations.js';
import { checkSid, resolveServiceSid } from '../shared/arguments.js';
import { selectsOnly } from '../shared/selection.js';

async function chatField<K extends keyof ChatServiceRecord>(
  s: ServiceRecord,
  ctx: GraphContext,
  key: K,
): Promise<ChatServiceRecord[K] | null> {
  const record = await ctx.loaders.admin.chatService(chatApi(ctx)).load([s.sid]);
  return record ? record[key] : null;
}

/** Fields served by Chat alone, plus the keys every service path already has. */
const CHAT_SERVED = new Set([
  'readStatusEnabled',
  'typingIndicatorTimeout',
  'consumptionReportInterval',
  'limits',
  'preWebhookRetryCount',
  'postWebhookRetryCount',
  'media',
  'id',
  'sid',
  '__typename',
]);

/**
 * A service by SID through the API the selection needs: Chat alone when only Chat-only
 * settings are selected (no Conversations request), the routed service loader otherwise.
 */
export async function lookupService(
  ctx: GraphContext,
  info: GraphQLResolveInfo,
  sid: string,
): Promise<ServiceRecord | null> {
  if (selectsOnly(info, CHAT_SERVED)) {
    return (await ctx.loaders.admin.chatService(chatApi(ctx)).load([sid]))?.service ?? null;
  }
  return ctx.loaders.admin.service(readApi(ctx)).load([sid]);
}

const Service: ServiceResolvers = {
  __resolveReference: (reference, ctx) => {
    const ref: Record<string, unknown> = { ...reference };
    if (typeof ref.sid !== 'string') return null;
    return ctx.loaders.service.load([checkSid(ref.sid, 'IS', 'sid')]);
  },
  id: (s) => encodeId('Service', [s.sid]),
  readStatusEnabled: (s, _args, ctx) => chatField(s, ctx, 'readStatusEnabled'),
  typingIndicatorTimeout: (s, _args, ctx) => chatField(s, ctx, 'typingIndicatorTimeout'),
  consumptionReportInterval: (s, _args, ctx) => chatField(s, ctx, 'consumptionReportInterval'),
  limits: (s, _args, ctx) => chatField(s, ctx, 'limits'),
  preWebhookRetryCount: (s, _args, ctx) => chatField(s, ctx, 'preWebhookRetryCount'),
  postWebhookRetryCount: (s, _args, ctx) => chatField(s, ctx, 'postWebhookRetryCount'),
  media: (s, _args, ctx) => chatField(s, ctx, 'media'),
  eventWebhooks: async (s, _args, ctx) =>
    eventWebhookViews(
      (await ctx.loaders.admin.chatService('chat-v1').load([s.sid]))?.eventWebhooks ?? null,
    ),
  // The settings live in Conversations sub-resources and inside Chat's service record.
  configuration: async (s, _args, ctx) => {
    const api = readApi(ctx);
    if (api === 'conversations') return ctx.loaders.serviceConfiguration.load([s.sid]);
    return (await ctx.loaders.admin.chatService(api).load([s.sid]))?.configuration ?? null;
  },
  notifications: async (s, _args, ctx) => {
    const api = readApi(ctx);
    if (api === 'conversations') return ctx.loaders.admin.serviceNotifications.load([s.sid]);
    return (await ctx.loaders.admin.chatService(api).load([s.sid]))?.notifications ?? null;
  },
  webhooks: async (s, _args, ctx) => {
    const api = readApi(ctx);
    const record =
      api === 'conversations'
        ? await ctx.loaders.admin.serviceWebhooks.load([s.sid])
        : (await ctx.loaders.admin.chatService(api).load([s.sid]))?.webhooks;
    return record ? serviceWebhooksView(record) : null;
  },
  conversations: (s, args, ctx) => listServiceConversations(ctx, s.sid, args),
  users: (s, args, ctx) => resolveConnection(ctx.loaders.lists.users(s.sid), args, (r) => r),
  roles: (s, args, ctx) =>
    resolveConnection(ctx.loaders.admin.lists.roles(readApi(ctx), s.sid), args, (r) => r),
  bindings: (s, args, ctx) =>
    resolveConnection(
      ctx.loaders.admin.lists.bindings(bindingApi(ctx), s.sid, {
        bindingTypes: (args.bindingType ?? []).map(toWire),
        identities: args.identity ?? [],
      }),
      args,
      (r) => r,
    ),
  participantConversations: (s, args, ctx) => listParticipantConversations(ctx, s.sid, args),
};

const Query: QueryResolvers = {
  services: (_root, args, ctx) =>
    resolveConnection(ctx.loaders.admin.lists.services(readApi(ctx)), args, (r) => r),
  service: async (_root, args, ctx, info) =>
    lookupService(ctx, info, await resolveServiceSid(ctx, args.sid, 'sid')),
};

export const serviceResolvers: Resolvers = {
  Query,
  Service,
  ServiceConnection: { nodes: (c) => c.edges.map((e) => e.node) },
};

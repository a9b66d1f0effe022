/**
 * Service: identity and dates from the service record, Chat-only settings from the Chat read,
 * the settings resources (which Chat keeps in its service record) through their own loaders;
 * lists scoped to the service. Root lookups, lists and the service mutations are glue here.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { readFor, type ChatServiceRecord, type ServiceRecord } from '../../loaders/index.js';
import type { Resolvers, ServiceResolvers } from '../../generated/graphql.js';
import { resolveConnection } from '../connection.js';
import type { GraphContext } from '../context.js';
import { listServiceConversations } from '../conversation/resolvers.js';
import { toWire } from '../enums.js';
import { encodeId } from '../ids.js';
import { runMutation } from '../mutation/payloads.js';
import { listParticipantConversations } from '../participant/conversations.js';
import { checkSid, resolveServiceSid } from '../shared/arguments.js';
import { selectedFields } from '../shared/selection.js';
import { eventWebhookViews, serviceWebhooksView } from './views.js';
import {
  createService,
  deleteService,
  updateService,
  updateServiceConfiguration,
  updateServiceNotifications,
  updateServiceWebhooks,
} from './writes.js';

async function chatField<K extends keyof ChatServiceRecord>(
  s: ServiceRecord,
  ctx: GraphContext,
  key: K,
): Promise<ChatServiceRecord[K] | null> {
  const record = await ctx.loaders.chatService.load([s.sid]);
  return record ? record[key] : null;
}

/**
 * A service by SID, reading only what the selection needs: the Chat read alone for Chat-only
 * settings, the service record otherwise.
 */
export async function lookupService(
  ctx: GraphContext,
  info: GraphQLResolveInfo,
  sid: string,
): Promise<ServiceRecord | null> {
  if (readFor('Service', selectedFields(info)) === 'chat') {
    return (await ctx.loaders.chatService.load([sid]))?.service ?? null;
  }
  return ctx.loaders.service.load([sid]);
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
    eventWebhookViews((await ctx.loaders.chatV1Service.load([s.sid]))?.eventWebhooks ?? null),
  configuration: (s, _args, ctx) => ctx.loaders.serviceConfiguration.load([s.sid]),
  notifications: (s, _args, ctx) => ctx.loaders.serviceNotifications.load([s.sid]),
  webhooks: async (s, _args, ctx) => {
    const record = await ctx.loaders.serviceWebhooks.load([s.sid]);
    return record ? serviceWebhooksView(record) : null;
  },
  conversations: (s, args, ctx) => listServiceConversations(ctx, s.sid, args),
  users: (s, args, ctx) => resolveConnection(ctx.loaders.lists.users(s.sid), args, (r) => r),
  roles: (s, args, ctx) => resolveConnection(ctx.loaders.lists.roles(s.sid), args, (r) => r),
  bindings: (s, args, ctx) =>
    resolveConnection(
      ctx.loaders.lists.bindings(s.sid, {
        bindingTypes: (args.bindingType ?? []).map(toWire),
        identities: args.identity ?? [],
      }),
      args,
      (r) => r,
    ),
  participantConversations: (s, args, ctx) => listParticipantConversations(ctx, s.sid, args),
};

const serviceOfPayload = (
  payload: { readonly serviceSid?: string | null },
  _args: unknown,
  ctx: GraphContext,
) => (payload.serviceSid ? ctx.loaders.service.load([payload.serviceSid]) : null);

export const serviceResolvers: Resolvers = {
  Query: {
    services: (_root, args, ctx) => resolveConnection(ctx.loaders.lists.services(), args, (r) => r),
    service: async (_root, args, ctx, info) =>
      lookupService(ctx, info, await resolveServiceSid(ctx, args.sid, 'sid')),
  },
  Service,
  ServiceConnection: { nodes: (c) => c.edges.map((e) => e.node) },
  Mutation: {
    createService: (_root, { input }, ctx) => runMutation(() => createService(ctx, input)),
    updateService: (_root, { input }, ctx) => runMutation(() => updateService(ctx, input)),
    deleteService: (_root, { input }, ctx) => runMutation(() => deleteService(ctx, input)),
    updateServiceConfiguration: (_root, { input }, ctx) =>
      runMutation(() => updateServiceConfiguration(ctx, input)),
    updateServiceNotifications: (_root, { input }, ctx) =>
      runMutation(() => updateServiceNotifications(ctx, input)),
    updateServiceWebhooks: (_root, { input }, ctx) =>
      runMutation(() => updateServiceWebhooks(ctx, input)),
  },
  UpdateServiceConfigurationPayload: { service: serviceOfPayload },
  UpdateServiceNotificationsPayload: { service: serviceOfPayload },
  UpdateServiceWebhooksPayload: { service: serviceOfPayload },
};

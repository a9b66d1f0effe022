/**
 * Service: identity and dates from Conversations, Chat-only settings from the Chat service
 * loader, defaults from the service Configuration resource; lists scoped to the service.
 */
import type { ChatServiceRecord, ServiceRecord } from '../../loaders/index.js';
import type { Resolvers, ServiceResolvers } from '../../generated/graphql.js';
import { resolveConnection } from '../connection.js';
import type { GraphContext } from '../context.js';
import { toWire } from '../enums.js';
import { encodeId } from '../ids.js';
import { listServiceConversations } from '../conversation/resolvers.js';
import { listParticipantConversations } from '../participant/conversations.js';
import { checkSid } from '../shared/arguments.js';

async function chatField<K extends keyof ChatServiceRecord>(
  s: ServiceRecord,
  ctx: GraphContext,
  key: K,
): Promise<ChatServiceRecord[K] | null> {
  const record = await ctx.loaders.chatService.load([s.sid]);
  return record ? record[key] : null;
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
  configuration: (s, _args, ctx) => ctx.loaders.serviceConfiguration.load([s.sid]),
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

export const serviceResolvers: Resolvers = {
  Service,
  ServiceConnection: { nodes: (c) => c.edges.map((e) => e.node) },
};

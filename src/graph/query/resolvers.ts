/**
 * Root fields: id lookups, typed lookups by SID or natural key (serviceSid defaults to the
 * account's default chat service), and account/service-level lists.
 */
import type { QueryResolvers, Resolvers } from '../../generated/graphql.js';
import { resolveConnection } from '../connection.js';
import { listServiceConversations, lookupConversation } from '../conversation/resolvers.js';
import { toWire } from '../enums.js';
import { badUserInput } from '../errors.js';
import { listParticipantConversations } from '../participant/conversations.js';
import {
  checkName,
  checkSid,
  exactlyOne,
  MAX_NODES_PER_REQUEST,
  resolveServiceSid,
} from '../shared/arguments.js';
import { lookupUser } from '../user/resolvers.js';
import { loadNode } from './nodes.js';

/** `services`/`service` live in service/resolvers.ts, `credentials` in credential/resolvers.ts. */
const Query: QueryResolvers = {
  node: (_root, args, ctx, info) => loadNode(ctx, info, args.id, 'id'),
  nodes: (_root, args, ctx, info) => {
    if (args.ids.length > MAX_NODES_PER_REQUEST) {
      throw badUserInput(
        `\`ids\` may hold at most ${MAX_NODES_PER_REQUEST} ids; got ${args.ids.length}.`,
        'ids',
        { max: MAX_NODES_PER_REQUEST },
      );
    }
    return Promise.all(args.ids.map((id, index) => loadNode(ctx, info, id, `ids[${index}]`)));
  },
  configuration: (_root, _args, ctx) => ctx.loaders.configuration(),
  conversation: async (_root, args, ctx, info) => {
    const key = exactlyOne({ sid: args.sid, uniqueName: args.uniqueName });
    const ref =
      key.name === 'sid' ? checkSid(key.value, 'CH', 'sid') : checkName(key.value, 'uniqueName');
    return lookupConversation(ctx, info, await resolveServiceSid(ctx, args.serviceSid), ref);
  },
  conversations: async (_root, args, ctx) =>
    listServiceConversations(ctx, await resolveServiceSid(ctx, args.serviceSid), args),
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
  participantConversations: async (_root, args, ctx) =>
    listParticipantConversations(ctx, await resolveServiceSid(ctx, args.serviceSid), args),
  addressConfigurations: (_root, args, ctx) =>
    resolveConnection(
      ctx.loaders.lists.addressConfigurations(args.type != null ? toWire(args.type) : null),
      args,
      (r) => r,
    ),
  addressConfiguration: (_root, args, ctx) => {
    const key = exactlyOne({ sid: args.sid, address: args.address });
    const ref =
      key.name === 'sid' ? checkSid(key.value, 'IG', 'sid') : checkName(key.value, 'address');
    return ctx.loaders.addressConfiguration.load([ref]);
  },
};

export const queryResolvers: Resolvers = { Query };

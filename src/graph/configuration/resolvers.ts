/**
 * Account-level settings: the configuration and its global webhooks, the address
 * configurations, their root fields and the account and address configuration mutations
 * (glue to ./writes.ts).
 */
import type { Resolvers } from '../../generated/graphql.js';
import { resolveConnection } from '../connection.js';
import { addressType, toWire } from '../enums.js';
import { encodeId } from '../ids.js';
import { runMutation } from '../mutation/payloads.js';
import { checkName, checkSid, exactlyOne } from '../shared/arguments.js';
import { accountWebhooksView } from './views.js';
import {
  createAddressConfiguration,
  deleteAddressConfiguration,
  updateAccountConfiguration,
  updateAccountWebhooks,
  updateAddressConfiguration,
} from './writes.js';

export const configurationResolvers: Resolvers = {
  Query: {
    configuration: (_root, _args, ctx) => ctx.loaders.configuration(),
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
  },
  Configuration: {
    defaultChatService: (c, _args, ctx) =>
      c.defaultChatServiceSid ? ctx.loaders.service.load([c.defaultChatServiceSid]) : null,
    webhooks: async (_c, _args, ctx) => accountWebhooksView(await ctx.loaders.accountWebhooks()),
  },
  AddressConfiguration: {
    id: (a) => encodeId('AddressConfiguration', [a.sid]),
    type: (a) => addressType(a.type),
  },
  AddressConfigurationConnection: { nodes: (c) => c.edges.map((e) => e.node) },
  Mutation: {
    updateAccountConfiguration: (_root, { input }, ctx) =>
      runMutation(() => updateAccountConfiguration(ctx, input)),
    updateAccountWebhooks: (_root, { input }, ctx) =>
      runMutation(() => updateAccountWebhooks(ctx, input)),
    createAddressConfiguration: (_root, { input }, ctx) =>
      runMutation(() => createAddressConfiguration(ctx, input)),
    updateAddressConfiguration: (_root, { input }, ctx) =>
      runMutation(() => updateAddressConfiguration(ctx, input)),
    deleteAddressConfiguration: (_root, { input }, ctx) =>
      runMutation(() => deleteAddressConfiguration(ctx, input)),
  },
};

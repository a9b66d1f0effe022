/**
 * Account-level settings: the global webhooks under `Configuration`, and the account and
 * address configuration mutations (glue to src/graph/admin/configuration.ts).
 */
import type { Resolvers } from '../../generated/graphql.js';
import {
  createAddressConfiguration,
  deleteAddressConfiguration,
  updateAccountConfiguration,
  updateAccountWebhooks,
  updateAddressConfiguration,
} from '../admin/configuration.js';
import { accountWebhooksView } from '../admin/reads.js';
import { runMutation } from '../mutations/payloads.js';

export const configurationResolvers: Resolvers = {
  Configuration: {
    webhooks: async (_c, _args, ctx) =>
      accountWebhooksView(await ctx.loaders.admin.accountWebhooks()),
  },
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

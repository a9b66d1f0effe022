/**
 * Service mutations: glue to src/graph/admin/services.ts. The settings payloads carry the
 * service SID; the service itself is read only when a client selects it.
 */
import type { Resolvers } from '../../generated/graphql.js';
import {
  createService,
  deleteService,
  updateService,
  updateServiceConfiguration,
  updateServiceNotifications,
  updateServiceWebhooks,
} from '../admin/services.js';
import type { GraphContext } from '../context.js';
import { runMutation } from '../mutations/payloads.js';

const serviceOfPayload = (
  payload: { readonly serviceSid?: string | null },
  _args: unknown,
  ctx: GraphContext,
) => (payload.serviceSid ? ctx.loaders.service.load([payload.serviceSid]) : null);

export const serviceMutations: Resolvers = {
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

/**
 * Role lookups and lists through the API the gateway's routing picks, and the role mutations
 * (glue to src/graph/admin/roles.ts). Without `serviceSid` the Conversations view reads the default
 * service through its shortcut path, which needs no configuration lookup first.
 */
import type { Resolvers } from '../../generated/graphql.js';
import { readApi } from '../admin/reads.js';
import { createRole, deleteRole, updateRole } from '../admin/roles.js';
import { resolveConnection } from '../connection.js';
import { runMutation } from '../mutations/payloads.js';
import { checkSid, resolveServiceSid } from '../shared/arguments.js';

export const roleResolvers: Resolvers = {
  Query: {
    role: async (_root, args, ctx) => {
      const sid = checkSid(args.sid, 'RL', 'sid');
      const api = readApi(ctx);
      if (args.serviceSid == null && api === 'conversations') {
        return ctx.loaders.admin.defaultServiceRole.load([sid]);
      }
      return ctx.loaders.admin.role(api).load([await resolveServiceSid(ctx, args.serviceSid), sid]);
    },
    roles: async (_root, args, ctx) => {
      const api = readApi(ctx);
      const serviceSid =
        args.serviceSid == null && api === 'conversations'
          ? null
          : await resolveServiceSid(ctx, args.serviceSid);
      return resolveConnection(ctx.loaders.admin.lists.roles(api, serviceSid), args, (r) => r);
    },
  },
  Mutation: {
    createRole: (_root, { input }, ctx) => runMutation(() => createRole(ctx, input)),
    updateRole: (_root, { input }, ctx) => runMutation(() => updateRole(ctx, input)),
    deleteRole: (_root, { input }, ctx) => runMutation(() => deleteRole(ctx, input)),
  },
};

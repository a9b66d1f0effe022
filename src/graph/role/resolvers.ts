/**
 * Roles: the type, root lookups and lists, and the role mutations (glue to ./writes.ts).
 * Without `serviceSid` a role of the default service is read through the loaders'
 * default-service form, which needs no configuration lookup where the routing has one.
 */
import { DEFAULT_SERVICE, NoDefaultServiceError } from '../../loaders/index.js';
import type { Resolvers } from '../../generated/graphql.js';
import { resolveConnection } from '../connection.js';
import { roleType } from '../enums.js';
import { badUserInput } from '../errors.js';
import { encodeId } from '../ids.js';
import { runMutation } from '../mutation/payloads.js';
import { checkSid, resolveServiceSid } from '../shared/arguments.js';
import { createRole, deleteRole, updateRole } from './writes.js';

/** `body`, with "the account has no default service" said about the `serviceSid` argument. */
async function inService<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof NoDefaultServiceError)) throw error;
    throw badUserInput(
      '`serviceSid` is required: the account has no default chat service.',
      'serviceSid',
    );
  }
}

export const roleResolvers: Resolvers = {
  Query: {
    role: async (_root, args, ctx) => {
      const sid = checkSid(args.sid, 'RL', 'sid');
      const serviceSid =
        args.serviceSid == null ? DEFAULT_SERVICE : checkSid(args.serviceSid, 'IS', 'serviceSid');
      return inService(() => ctx.loaders.role.load([serviceSid, sid]));
    },
    roles: async (_root, args, ctx) => {
      // A cursor is bound to its service's list, which needs the service's SID.
      const serviceSid =
        args.serviceSid == null && args.after == null
          ? DEFAULT_SERVICE
          : await resolveServiceSid(ctx, args.serviceSid);
      return inService(() =>
        resolveConnection(ctx.loaders.lists.roles(serviceSid), args, (r) => r),
      );
    },
  },
  Role: {
    id: (r) => encodeId('Role', [r.serviceSid, r.sid]),
    type: (r) => roleType(r.type),
  },
  RoleConnection: { nodes: (c) => c.edges.map((e) => e.node) },
  Mutation: {
    createRole: (_root, { input }, ctx) => runMutation(() => createRole(ctx, input)),
    updateRole: (_root, { input }, ctx) => runMutation(() => updateRole(ctx, input)),
    deleteRole: (_root, { input }, ctx) => runMutation(() => deleteRole(ctx, input)),
  },
};

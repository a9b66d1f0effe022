/**
 * Bindings: the type, lookups and lists (Chat v2's per-user path when a user is named), and
 * the binding delete (glue to ./writes.ts).
 */
import type { QueryBindingsArgs, Resolvers } from '../../generated/graphql.js';
import { resolveConnection } from '../connection.js';
import type { GraphContext } from '../context.js';
import { bindingType, toWire } from '../enums.js';
import { badUserInput } from '../errors.js';
import { encodeId } from '../ids.js';
import { runMutation } from '../mutation/payloads.js';
import { checkName, checkSid, resolveServiceSid } from '../shared/arguments.js';
import { deleteBinding } from './writes.js';

/** A user named by SID or identity, as Chat's per-user paths take either. */
function userKey(value: string): string {
  return value.startsWith('US') && value.length === 34
    ? checkSid(value, 'US', 'userSid')
    : checkName(value, 'userSid');
}

async function listBindings(ctx: GraphContext, args: QueryBindingsArgs) {
  const serviceSid = await resolveServiceSid(ctx, args.serviceSid);
  const bindingTypes = (args.bindingType ?? []).map(toWire);
  if (args.userSid != null) {
    if (args.identity != null) {
      throw badUserInput(
        '`userSid` lists through Chat v2; it cannot be combined with `identity`.',
        'userSid',
      );
    }
    const source = ctx.loaders.lists.userBindings(serviceSid, userKey(args.userSid), bindingTypes);
    return resolveConnection(source, args, (r) => r);
  }
  const source = ctx.loaders.lists.bindings(serviceSid, {
    bindingTypes,
    identities: args.identity ?? [],
  });
  return resolveConnection(source, args, (r) => r);
}

export const bindingResolvers: Resolvers = {
  Query: {
    binding: async (_root, args, ctx) => {
      const serviceSid = await resolveServiceSid(ctx, args.serviceSid);
      const sid = checkSid(args.sid, 'BS', 'sid');
      if (args.userSid != null) {
        return ctx.loaders.userBinding.load([serviceSid, userKey(args.userSid), sid]);
      }
      return ctx.loaders.binding.load([serviceSid, sid]);
    },
    bindings: (_root, args, ctx) => listBindings(ctx, args),
  },
  Binding: {
    id: (b) => encodeId('Binding', [b.serviceSid, b.sid]),
    bindingType: (b) => bindingType(b.bindingType),
    credential: (b, _args, ctx) =>
      b.credentialSid ? ctx.loaders.credential.load([b.credentialSid]) : null,
  },
  BindingConnection: { nodes: (c) => c.edges.map((e) => e.node) },
  Mutation: {
    deleteBinding: (_root, { input }, ctx) => runMutation(() => deleteBinding(ctx, input)),
  },
};

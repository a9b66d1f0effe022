/**
 * Credential lookups and lists through the API the gateway's routing picks, and the credential
 * mutations (glue to src/graph/admin/credentials.ts).
 */
import type { Resolvers } from '../../generated/graphql.js';
import { createCredential, deleteCredential, updateCredential } from '../admin/credentials.js';
import { readApi } from '../admin/reads.js';
import { resolveConnection } from '../connection.js';
import { runMutation } from '../mutations/payloads.js';
import { checkSid } from '../shared/arguments.js';

export const credentialResolvers: Resolvers = {
  Query: {
    credential: (_root, args, ctx) =>
      ctx.loaders.admin.credential(readApi(ctx)).load([checkSid(args.sid, 'CR', 'sid')]),
    credentials: (_root, args, ctx) =>
      resolveConnection(ctx.loaders.admin.lists.credentials(readApi(ctx)), args, (r) => r),
  },
  Mutation: {
    createCredential: (_root, { input }, ctx) => runMutation(() => createCredential(ctx, input)),
    updateCredential: (_root, { input }, ctx) => runMutation(() => updateCredential(ctx, input)),
    deleteCredential: (_root, { input }, ctx) => runMutation(() => deleteCredential(ctx, input)),
  },
};

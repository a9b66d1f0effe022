/**
 * Push credentials: the type, lookups and lists, and the credential mutations (glue to
 * ./writes.ts).
 */
import type { Resolvers } from '../../generated/graphql.js';
import { resolveConnection } from '../connection.js';
import { credentialType } from '../enums.js';
import { encodeId } from '../ids.js';
import { runMutation } from '../mutation/payloads.js';
import { checkSid } from '../shared/arguments.js';
import { createCredential, deleteCredential, updateCredential } from './writes.js';

export const credentialResolvers: Resolvers = {
  Query: {
    credential: (_root, args, ctx) =>
      ctx.loaders.credential.load([checkSid(args.sid, 'CR', 'sid')]),
    credentials: (_root, args, ctx) =>
      resolveConnection(ctx.loaders.lists.credentials(), args, (r) => r),
  },
  Credential: {
    id: (c) => encodeId('Credential', [c.sid]),
    type: (c) => credentialType(c.type),
  },
  CredentialConnection: { nodes: (c) => c.edges.map((e) => e.node) },
  Mutation: {
    createCredential: (_root, { input }, ctx) => runMutation(() => createCredential(ctx, input)),
    updateCredential: (_root, { input }, ctx) => runMutation(() => updateCredential(ctx, input)),
    deleteCredential: (_root, { input }, ctx) => runMutation(() => deleteCredential(ctx, input)),
  },
};

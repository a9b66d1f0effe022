/**
 * The root fields that return an interface: refetching any object from its global id
 * (`node`, `nodes`). Every other root field lives in the folder of the type it returns.
 */
import type { QueryResolvers, Resolvers } from '../../generated/graphql.js';
import { badUserInput } from '../errors.js';
import { MAX_NODES_PER_REQUEST } from '../shared/arguments.js';
import { loadNode } from './nodes.js';

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
};

export const queryResolvers: Resolvers = { Query };

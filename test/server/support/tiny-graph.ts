/**
 * A small graph over the same seam as the real one, for what the real schema has no field for:
 * a resolver that fails with a plain (non-GraphQL) error, and a mutation.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import { toGraphQLError } from '../../../src/graph/index.js';
import type { GraphBinding } from '../../../src/server/app.js';

/** Text a masked error must never reveal. */
export const secretInUnexpectedError = 'password=hunter2 AC0123456789abcdef0123456789abcdef';

const typeDefs = /* GraphQL */ `
  type Query {
    "Throws a plain Error whose message holds a secret."
    unexpected: String
    "Returns its argument (for variable coercion errors)."
    echo(times: Int!): Int
  }
  type Mutation {
    noop: Boolean
  }
`;

export function tinyGraph(): GraphBinding<object> {
  const schema = makeExecutableSchema({
    typeDefs,
    resolvers: {
      Query: {
        unexpected: () => {
          throw new Error(`database exploded: ${secretInUnexpectedError}`);
        },
        echo: (_parent: unknown, args: { times: number }) => args.times,
      },
      Mutation: { noop: () => true },
    },
  });
  return { schema, createContext: () => ({}), toGraphQLError };
}

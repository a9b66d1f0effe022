/**
 * The subgraph SDL composes into a Federation 2 supergraph, alone and next to another subgraph
 * that joins our `User` by its natural key (what a platform team's accounts subgraph would do).
 */
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { typeDefs } from '../../src/graph/index.js';

const chat = { name: 'chat', url: 'http://chat.invalid/graphql', typeDefs: parse(typeDefs) };

const accounts = {
  name: 'accounts',
  url: 'http://accounts.invalid/graphql',
  typeDefs: parse(/* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
    type User @key(fields: "serviceSid identity") {
      serviceSid: String!
      identity: String!
      plan: String
    }
  `),
};

function errorsOf(result: ReturnType<typeof composeServices>): string[] {
  return (result.errors ?? []).map((error) => error.message);
}

describe('federation composition', () => {
  it('composes on its own with no errors', () => {
    const result = composeServices([chat]);
    expect(errorsOf(result)).toEqual([]);
    expect(result.supergraphSdl).toContain('type Conversation');
  });

  it('composes with a subgraph that joins User by serviceSid and identity', () => {
    const result = composeServices([chat, accounts]);
    expect(errorsOf(result)).toEqual([]);
    expect(result.supergraphSdl).toMatch(/type User[^{]*@join__type\(graph: ACCOUNTS/);
  });
});

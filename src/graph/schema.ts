/**
 * The executable subgraph schema: SDL from schema/ plus the resolvers of every domain, the same
 * schema @apollo/subgraph's `buildSubgraphSchema` makes, so `_service` and `_entities` exist.
 * What follows from the SDL alone is made at generation time (src/generated/subgraph-schema.ts):
 * while it matches the SDL, a start builds the schema from that document with graphql-js and never
 * loads Apollo's federation internals; otherwise (schema/ edited, not regenerated) it runs
 * `buildSubgraphSchema` as before. Every resolver is wrapped so that a Twilio failure leaves it
 * already mapped by `toGraphQLError` (codes, retryable, sanitised details). Other unexpected
 * failures are rethrown untouched for the server to log and mask.
 */
import { createRequire } from 'node:module';
import type { buildSubgraphSchema as BuildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
// Direct paths: the package's index loads the federation internals this module avoids.
import { addResolversToSchema } from '@apollo/subgraph/dist/schema-helper/buildSchemaFromSDL.js';
import { entitiesResolver } from '@apollo/subgraph/dist/types.js';
import {
  buildASTSchema,
  GraphQLError,
  isNamedType,
  Kind,
  parse,
  type DefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import { prebuiltSubgraph } from '../generated/subgraph-schema.js';
import { isTwilioError } from '../twilio/index.js';
import { isAccessDenied } from '../loaders/index.js';
import type { Resolvers } from '../generated/graphql.js';
import { bindingResolvers } from './binding/resolvers.js';
import { configurationResolvers } from './configuration/resolvers.js';
import { conversationResolvers } from './conversation/resolvers.js';
import { credentialResolvers } from './credential/resolvers.js';
import { deliveryReceiptResolvers } from './delivery-receipt/resolvers.js';
import { toGraphQLError } from './errors.js';
import { inviteResolvers } from './invite/resolvers.js';
import { messageResolvers } from './message/resolvers.js';
import { participantResolvers } from './participant/resolvers.js';
import { queryResolvers } from './query/resolvers.js';
import { roleResolvers } from './role/resolvers.js';
import { serviceResolvers } from './service/resolvers.js';
import { sharedResolvers } from './shared/resolvers.js';
import { subscriptionResolvers } from './subscription/resolvers.js';
import { loadTypeDefs, typeDefsDigest, type PrebuiltSubgraph } from './type-defs.js';
import { userResolvers } from './user/resolvers.js';
import { webhookResolvers } from './webhook/resolvers.js';

/** The merged SDL of schema/*.graphql. */
export const typeDefs: string = loadTypeDefs();

/**
 * The resolvers of every domain folder, by the schema file each folder is named after
 * (schema/mutation.graphql declares only the root type; its folder holds the write machinery).
 */
export const domains: Readonly<Record<string, Resolvers>> = {
  shared: sharedResolvers,
  query: queryResolvers,
  service: serviceResolvers,
  conversation: conversationResolvers,
  participant: participantResolvers,
  user: userResolvers,
  message: messageResolvers,
  'delivery-receipt': deliveryReceiptResolvers,
  role: roleResolvers,
  invite: inviteResolvers,
  webhook: webhookResolvers,
  binding: bindingResolvers,
  credential: credentialResolvers,
  configuration: configurationResolvers,
  subscription: subscriptionResolvers,
};

type AnyFunction = (...args: unknown[]) => unknown;

function mapped(error: unknown): unknown {
  return isTwilioError(error) || isAccessDenied(error) || error instanceof GraphQLError
    ? toGraphQLError(error)
    : error;
}

function mapFailure(fn: AnyFunction): AnyFunction {
  return (...args) => {
    try {
      const result = fn(...args);
      return result instanceof Promise
        ? result.catch((error: unknown) => {
            throw mapped(error);
          })
        : result;
    } catch (error) {
      throw mapped(error);
    }
  };
}

function mergeResolvers(parts: readonly Resolvers[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [typeName, fields] of Object.entries(part)) {
      if (typeof fields !== 'object' || fields === null) continue;
      // Scalars are GraphQLScalarType instances; keep them as they are.
      if ('serialize' in fields) {
        merged[typeName] = fields;
        continue;
      }
      const existing = merged[typeName];
      const target: Record<string, unknown> =
        typeof existing === 'object' && existing !== null
          ? (existing as Record<string, unknown>)
          : {};
      merged[typeName] = target;
      for (const [field, resolver] of Object.entries(fields as Record<string, unknown>)) {
        target[field] =
          typeof resolver === 'function' ? mapFailure(resolver as AnyFunction) : resolver;
      }
    }
  }
  return merged;
}

type ResolverMap = GraphQLResolverMap<unknown>;

/** `buildSubgraphSchema`'s own steps after its graphql-js build, on the prebuilt document. */
function schemaFromPrebuilt(prebuilt: PrebuiltSubgraph, resolvers: ResolverMap): GraphQLSchema {
  const empty: DefinitionNode[] = prebuilt.emptyDefinitions.map((definition) =>
    definition.kind === Kind.SCHEMA_DEFINITION || definition.name === undefined
      ? { kind: Kind.SCHEMA_DEFINITION, operationTypes: [] }
      : { kind: definition.kind, name: { kind: Kind.NAME, value: definition.name } },
  );
  const document = parse(prebuilt.document, { noLocation: true });
  // The document was validated when it was made (by the same graphql-js build).
  const schema = buildASTSchema(
    { kind: Kind.DOCUMENT, definitions: [...document.definitions, ...empty] },
    { assumeValidSDL: true },
  );
  for (const definition of prebuilt.emptyDefinitions) {
    if (definition.name === undefined) {
      schema.astNode = undefined;
      continue;
    }
    const type = schema.getType(definition.name);
    if (isNamedType(type)) type.astNode = undefined;
  }
  const sdl = prebuilt.serviceSdl;
  addResolversToSchema(schema, { [prebuilt.queryType]: { _service: () => ({ sdl }) } });
  if (prebuilt.hasEntities) {
    addResolversToSchema(schema, {
      [prebuilt.queryType]: {
        _entities: (_source, { representations }: { representations: unknown[] }, context, info) =>
          entitiesResolver({ representations, context, info }),
      },
      _Entity: {
        __resolveType: (parent: { __typename?: string }) => parent.__typename,
      },
    });
  }
  addResolversToSchema(schema, resolvers);
  return schema;
}

function buildWithFederation(resolvers: ResolverMap): GraphQLSchema {
  // Loaded only on this path: the federation internals cost every start time and memory.
  const { buildSubgraphSchema } = createRequire(import.meta.url)('@apollo/subgraph') as {
    buildSubgraphSchema: typeof BuildSubgraphSchema;
  };
  return buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers });
}

/**
 * `prebuilt`: the generated part to start from (default: src/generated's, when it matches the
 * SDL); null builds with `buildSubgraphSchema`.
 */
export function createGraphSchema(
  options: { readonly prebuilt?: PrebuiltSubgraph | null } = {},
): GraphQLSchema {
  const resolvers = mergeResolvers(Object.values(domains)) as ResolverMap;
  const prebuilt =
    options.prebuilt === undefined
      ? typeDefsDigest(typeDefs) === prebuiltSubgraph.typeDefsSha256
        ? prebuiltSubgraph
        : null
      : options.prebuilt;
  return prebuilt ? schemaFromPrebuilt(prebuilt, resolvers) : buildWithFederation(resolvers);
}

/**
 * The executable subgraph schema: SDL from schema/ plus the resolvers of every domain, built
 * with @apollo/subgraph so `_service` and `_entities` exist. Every resolver is wrapped so that a
 * Twilio failure leaves it already mapped by `toGraphQLError` (codes, retryable, sanitised
 * details). Other unexpected failures are rethrown untouched for the server to log and mask.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse, type GraphQLSchema } from 'graphql';
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
import { loadTypeDefs } from './type-defs.js';
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

export function createGraphSchema(): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs: parse(typeDefs),
    resolvers: mergeResolvers(Object.values(domains)) as Parameters<
      typeof buildSubgraphSchema
    >[0] extends {
      resolvers?: infer R;
    }
      ? R
      : never,
  });
}

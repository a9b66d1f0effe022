/**
 * Scalars and the Node interface. Node values carry `__typename` (set where they are loaded by
 * id) because the graph's parents are plain Twilio records without a type marker.
 */
import { JSONObjectResolver, JSONResolver, URLResolver } from 'graphql-scalars';
import type { Resolvers } from '../../generated/graphql.js';
import { DateTimeScalar } from './date-time.js';

export const sharedResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONResolver,
  JSONObject: JSONObjectResolver,
  URL: URLResolver,
};

/**
 * Public surface of the graph layer, used by the HTTP server.
 */
export { createGraphSchema, typeDefs } from './schema.js';
export { createGraphContext, type GraphContext, type GraphContextInput } from './context.js';
export { toGraphQLError, badUserInput, type GraphErrorCode } from './errors.js';
export { decodeId, encodeId, type NodeType } from './ids.js';
export { createRouter, DEFAULT_ROUTING, type ApiRouting, type Router } from '../loaders/index.js';
export { estimateUpstreamRequests, type UpstreamEstimateInput } from './upstream-estimate.js';
export {
  defaultIdempotency,
  MemoryIdempotencyStore,
  SharedIdempotencyStore,
  type IdempotencyEntry,
  type IdempotencyStore,
  type MemoryIdempotencyOptions,
  type StoredOutcome,
} from './mutation/idempotency-store.js';
export { membershipSource } from './subscription/membership.js';

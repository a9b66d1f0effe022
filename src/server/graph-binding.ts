/** The real graph, bound to the gateway's seam (kept apart so app.ts stays graph-agnostic). */
import {
  createGraphContext,
  createGraphSchema,
  createRouter,
  estimateUpstreamRequests,
  defaultIdempotency,
  MemoryIdempotencyStore,
  membershipSource,
  toGraphQLError,
  type ApiRouting,
  type GraphContext,
  type IdempotencyStore,
  type MemoryIdempotencyOptions,
} from '../graph/index.js';
import type { DocumentNode } from 'graphql';
import type { SharedStore } from '../cache/index.js';
import { createAccountDefaults, toConfiguration } from '../loaders/index.js';
import { CallLedger } from '../twilio/index.js';
import type { GraphBinding } from './app.js';

export interface GraphBindingOptions {
  /** Which API serves what (GRAPH_PRIMARY_API, GRAPH_CONVERSATIONS_PATHS, GRAPH_CHAT_HOST). */
  readonly routing?: ApiRouting;
  /** How long each account's default chat service is remembered (default 60 000 ms). */
  readonly defaultServiceTtlMs?: number;
  /**
   * The window and bound of `idempotencyKey`s (GATEWAY_IDEMPOTENCY_TTL_S,
   * GATEWAY_IDEMPOTENCY_MAX_KEYS), and the clock tests move by hand.
   */
  readonly idempotency?: Partial<MemoryIdempotencyOptions>;
  /** A store to use instead of the in-memory one (e.g. one shared by several processes). */
  readonly idempotencyStore?: IdempotencyStore;
  /** Shares the default-service cache with other replicas (`REDIS_URL`). */
  readonly sharedStore?: SharedStore;
  /**
   * Writes send `X-Twilio-Webhook-Enabled: true` unless a mutation says `webhookEnabled: false`
   * (GATEWAY_WEBHOOK_ENABLED_WRITES). Default true: the gateway's own writes produce events.
   */
  readonly webhookEnabledWrites?: boolean;
}

/** Variables longer than this as JSON are estimated afresh: a key that size costs what it saves. */
const maxCachedVariablesChars = 2_048;
/** Distinct (operation, variables, default-known) estimates kept per document. */
const maxEstimatesPerDocument = 64;

/**
 * Remembers estimates per parsed document. Apollo keeps the parsed, validated document of a
 * query text and hands the same object to every request of that text, so a repeated query
 * (the common case) skips the walk; the estimate is a pure function of the document, the
 * operation name, the variables and whether the default service is known (the schema and the
 * routing are fixed for a binding). A WeakMap lets a document Apollo evicted go with its entries.
 */
function estimateCache(estimate: (input: EstimateInput, defaultServiceKnown: boolean) => number) {
  const byDocument = new WeakMap<DocumentNode, Map<string, number>>();
  return (input: EstimateInput, defaultServiceKnown: boolean): number => {
    const variables = JSON.stringify(input.variables);
    if (variables.length > maxCachedVariablesChars) return estimate(input, defaultServiceKnown);
    const key = `${defaultServiceKnown ? 1 : 0}${input.operationName ?? ''}\u0000${variables}`;
    let cached = byDocument.get(input.document);
    const hit = cached?.get(key);
    if (hit !== undefined) return hit;
    const value = estimate(input, defaultServiceKnown);
    if (cached === undefined) byDocument.set(input.document, (cached = new Map()));
    if (cached.size >= maxEstimatesPerDocument) cached.clear();
    cached.set(key, value);
    return value;
  };
}

type EstimateInput = Parameters<NonNullable<GraphBinding<GraphContext>['estimateUpstream']>>[0];

export function graphBinding(options: GraphBindingOptions = {}): GraphBinding<GraphContext> {
  // The one router, built once from the configuration.
  const router = createRouter(options.routing);
  // One cache for the gateway's lifetime, so operations without `serviceSid` skip
  // `GET /v1/Configuration` once the default service is known.
  const accountDefaults = createAccountDefaults({
    ...(options.defaultServiceTtlMs === undefined ? {} : { ttlMs: options.defaultServiceTtlMs }),
    ...(options.sharedStore ? { shared: options.sharedStore } : {}),
  });
  const idempotency =
    options.idempotencyStore ??
    new MemoryIdempotencyStore({ ...defaultIdempotency, ...options.idempotency });
  const webhookEnabledWrites = options.webhookEnabledWrites ?? true;
  const estimate = estimateCache(({ accountSid: _, ...input }, defaultServiceKnown) =>
    estimateUpstreamRequests({ ...input, routing: router.routing, defaultServiceKnown }),
  );
  return {
    schema: createGraphSchema(),
    createContext: ({ client, ledger, signal, caller }) =>
      createGraphContext({
        client,
        ledger,
        signal,
        router,
        accountDefaults,
        caller,
        idempotency,
        webhookEnabledWrites,
      }),
    toGraphQLError,
    // A default the cache knows now is known when the operation starts a moment later.
    estimateUpstream: (input) =>
      estimate(input, accountDefaults.peek(input.accountSid) !== undefined),
    memberships: (client) =>
      membershipSource((caller) =>
        createGraphContext({ client, ledger: new CallLedger(), router, accountDefaults, caller }),
      ),
    onConfiguration: (accountSid, data) => {
      accountDefaults.record(accountSid, toConfiguration(data).defaultChatServiceSid);
    },
  };
}

/** The real graph, bound to the gateway's seam (kept apart so app.ts stays graph-agnostic). */
import {
  createGraphContext,
  createGraphSchema,
  createRouter,
  toGraphQLError,
  type ApiRouting,
  type GraphContext,
} from '../graph/index.js';
import type { SharedStore } from '../cache/index.js';
import { createAccountDefaults, toConfiguration } from '../loaders/index.js';
import type { GraphBinding } from './app.js';

export interface GraphBindingOptions {
  /** Which API serves what (GRAPH_PRIMARY_API, GRAPH_CONVERSATIONS_PATHS, GRAPH_CHAT_HOST). */
  readonly routing?: ApiRouting;
  /** How long each account's default chat service is remembered (default 60 000 ms). */
  readonly defaultServiceTtlMs?: number;
  /** Shares the default-service cache with other replicas (`REDIS_URL`). */
  readonly sharedStore?: SharedStore;
}

export function graphBinding(options: GraphBindingOptions = {}): GraphBinding<GraphContext> {
  // The one router, built once from the configuration.
  const router = createRouter(options.routing);
  // One cache for the gateway's lifetime, so operations without `serviceSid` skip
  // `GET /v1/Configuration` once the default service is known.
  const accountDefaults = createAccountDefaults({
    ...(options.defaultServiceTtlMs === undefined ? {} : { ttlMs: options.defaultServiceTtlMs }),
    ...(options.sharedStore ? { shared: options.sharedStore } : {}),
  });
  return {
    schema: createGraphSchema(),
    createContext: ({ client, ledger, signal, caller }) =>
      createGraphContext({ client, ledger, signal, router, accountDefaults, caller }),
    toGraphQLError,
    onConfiguration: (accountSid, data) => {
      accountDefaults.record(accountSid, toConfiguration(data).defaultChatServiceSid);
    },
  };
}

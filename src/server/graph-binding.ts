/** The real graph, bound to the gateway's seam (kept apart so app.ts stays graph-agnostic). */
import {
  createGraphContext,
  createGraphSchema,
  createRouter,
  membershipSource,
  toGraphQLError,
  type ApiRouting,
  type GraphContext,
} from '../graph/index.js';
import { createAccountDefaults, toConfiguration } from '../loaders/index.js';
import { CallLedger } from '../twilio/index.js';
import type { GraphBinding } from './app.js';

export interface GraphBindingOptions {
  /** Which API serves what (GRAPH_PRIMARY_API, GRAPH_CONVERSATIONS_PATHS, GRAPH_CHAT_HOST). */
  readonly routing?: ApiRouting;
  /** How long each account's default chat service is remembered (default 60 000 ms). */
  readonly defaultServiceTtlMs?: number;
  /**
   * Writes send `X-Twilio-Webhook-Enabled: true` unless a mutation says `webhookEnabled: false`
   * (GATEWAY_WEBHOOK_ENABLED_WRITES). Default true: the gateway's own writes produce events.
   */
  readonly webhookEnabledWrites?: boolean;
}

export function graphBinding(options: GraphBindingOptions = {}): GraphBinding<GraphContext> {
  // The one router, built once from the configuration.
  const router = createRouter(options.routing);
  // One cache for the gateway's lifetime, so operations without `serviceSid` skip
  // `GET /v1/Configuration` once the default service is known.
  const accountDefaults = createAccountDefaults(
    options.defaultServiceTtlMs === undefined ? {} : { ttlMs: options.defaultServiceTtlMs },
  );
  const webhookEnabledWrites = options.webhookEnabledWrites ?? true;
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
        webhookEnabledWrites,
      }),
    toGraphQLError,
    memberships: (client) =>
      membershipSource((caller) =>
        createGraphContext({ client, ledger: new CallLedger(), router, accountDefaults, caller }),
      ),
    onConfiguration: (accountSid, data) => {
      accountDefaults.record(accountSid, toConfiguration(data).defaultChatServiceSid);
    },
  };
}

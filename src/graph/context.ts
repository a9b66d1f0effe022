/**
 * The per-operation context every resolver receives: fresh loaders (so caching never leaks
 * between operations) over the shared Twilio client, recording into the operation's ledger, and
 * the caller the server authenticated. The loaders hold the gateway's router; nothing here or
 * above sees routing.
 */
import { anonymousCaller, isScoped, type Caller } from '../access/index.js';
import {
  createLoaders,
  createRouter,
  type AccountDefaults,
  type ApiRouting,
  type Loaders,
  type Router,
} from '../loaders/index.js';
import type { CallLedger, TwilioClient } from '../twilio/index.js';
import type { IdempotencyStore } from './mutation/idempotency-store.js';

export interface GraphContext {
  readonly loaders: Loaders;
  readonly ledger: CallLedger;
  readonly signal?: AbortSignal;
  /** Who is asking (src/access): a token caller is one chat identity in one service. */
  readonly caller: Caller;
  /** The gateway-lifetime store of `idempotencyKey`s (absent: keys are refused). */
  readonly idempotency?: IdempotencyStore;
}

export interface GraphContextInput {
  readonly client: TwilioClient;
  readonly ledger: CallLedger;
  readonly signal?: AbortSignal;
  /** The gateway's router, built once at start (`createRouter`). */
  readonly router?: Router;
  /** A routing configuration to build a router from, when no router is given. */
  readonly routing?: ApiRouting;
  /** The gateway-lifetime cache of each account's default chat service. */
  readonly accountDefaults?: AccountDefaults;
  /** Default: no caller (full access), as for the graph's own tests. The server always says. */
  readonly caller?: Caller;
  /** Shared by every operation of the gateway, so a repeated key is recognised. */
  readonly idempotency?: IdempotencyStore;
  /**
   * Writes send `X-Twilio-Webhook-Enabled: true` unless the mutation says otherwise, so they
   * produce webhook events. Default false (the gateway's binding turns it on).
   */
  readonly webhookEnabledWrites?: boolean;
}

export function createGraphContext(input: GraphContextInput): GraphContext {
  const { client, ledger, signal, accountDefaults, webhookEnabledWrites } = input;
  const router = input.router ?? createRouter(input.routing);
  const caller = input.caller ?? anonymousCaller;
  return {
    loaders: createLoaders({
      client,
      ledger,
      router,
      ...(signal ? { signal } : {}),
      ...(accountDefaults ? { accountDefaults } : {}),
      // A token caller reads and writes only what their identity may (src/loaders/scope.ts).
      ...(isScoped(caller)
        ? { scope: { identity: caller.identity, serviceSid: caller.serviceSid ?? null } }
        : {}),
      ...(webhookEnabledWrites ? { webhookEnabledWrites } : {}),
    }),
    ledger,
    ...(signal ? { signal } : {}),
    caller,
    ...(input.idempotency ? { idempotency: input.idempotency } : {}),
  };
}

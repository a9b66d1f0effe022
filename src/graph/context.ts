/**
 * The per-operation context every resolver receives: fresh loaders (so caching never leaks
 * between operations) over the shared Twilio client, recording into the operation's ledger, and
 * the gateway's routing (which API serves what), which the loaders and the write table follow,
 * and the caller the server authenticated.
 */
import { anonymousCaller, type Caller } from '../access/index.js';
import { createLoaders, type AccountDefaults, type Loaders } from '../loaders/index.js';
import type { CallLedger, TwilioClient } from '../twilio/index.js';
import { DEFAULT_ROUTING, type ApiRouting } from './routing.js';

export interface GraphContext {
  readonly loaders: Loaders;
  readonly ledger: CallLedger;
  readonly routing: ApiRouting;
  readonly signal?: AbortSignal;
  /** Who is asking (src/access): a token caller is one chat identity in one service. */
  readonly caller: Caller;
}

export interface GraphContextInput {
  readonly client: TwilioClient;
  readonly ledger: CallLedger;
  readonly signal?: AbortSignal;
  /**
   * The account's default chat service, when the server already knows it; otherwise the first
   * lookup without `serviceSid` asks `accountDefaults`, then `GET /v1/Configuration`.
   */
  readonly defaultServiceSid?: string;
  /** Which API serves what; `DEFAULT_ROUTING` (Conversations service paths) when absent. */
  readonly routing?: ApiRouting;
  /** The gateway-lifetime cache of each account's default chat service. */
  readonly accountDefaults?: AccountDefaults;
  /** Default: no caller (full access), as for the graph's own tests. The server always says. */
  readonly caller?: Caller;
}

export function createGraphContext(input: GraphContextInput): GraphContext {
  const routing = input.routing ?? DEFAULT_ROUTING;
  return {
    loaders: createLoaders({ ...input, routing }),
    ledger: input.ledger,
    routing,
    ...(input.signal ? { signal: input.signal } : {}),
    caller: input.caller ?? anonymousCaller,
  };
}

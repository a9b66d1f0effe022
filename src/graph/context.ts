/**
 * The per-operation context every resolver receives: fresh loaders (so caching never leaks
 * between operations) over the shared Twilio client, recording into the operation's ledger.
 */
import { createLoaders, type Loaders } from '../loaders/index.js';
import type { CallLedger, TwilioClient } from '../twilio/index.js';

export interface GraphContext {
  readonly loaders: Loaders;
  readonly ledger: CallLedger;
  readonly signal?: AbortSignal;
}

export interface GraphContextInput {
  readonly client: TwilioClient;
  readonly ledger: CallLedger;
  readonly signal?: AbortSignal;
  /**
   * The account's default chat service, when the server already knows it; otherwise the first
   * lookup without `serviceSid` costs one `GET /v1/Configuration` per operation.
   */
  readonly defaultServiceSid?: string;
}

export function createGraphContext(input: GraphContextInput): GraphContext {
  return {
    loaders: createLoaders(input),
    ledger: input.ledger,
    ...(input.signal ? { signal: input.signal } : {}),
  };
}

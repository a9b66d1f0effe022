/**
 * Reports what an operation cost upstream in `extensions.upstream` of every response that went
 * through the request pipeline (data, partial data, and parse/validation errors alike). One unit
 * is one HTTP request to Twilio; retries are counted in `requests` and again in `retries`.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { CallLedger } from '../twilio/ledger.js';

export interface UpstreamCost {
  readonly requests: number;
  readonly retries: number;
  /** Wall time with at least one upstream call running, in whole milliseconds. */
  readonly durationMs: number;
}

export function upstreamCostOf(ledger: CallLedger): UpstreamCost {
  const summary = ledger.summary();
  return {
    requests: summary.requests,
    retries: summary.retries,
    durationMs: Math.round(summary.durationMs),
  };
}

export function upstreamCostPlugin<TContext extends BaseContext>(
  ledgerOf: (context: TContext) => CallLedger | undefined,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const ledger = ledgerOf(contextValue);
          const upstream = ledger
            ? upstreamCostOf(ledger)
            : { requests: 0, retries: 0, durationMs: 0 };
          const result =
            response.body.kind === 'single'
              ? response.body.singleResult
              : response.body.initialResult;
          result.extensions = { ...result.extensions, upstream };
        },
      };
    },
  };
}

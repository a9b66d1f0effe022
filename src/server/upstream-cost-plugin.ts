/**
 * What an operation costs upstream, before and after. Before it runs, the graph's estimate of the
 * most Twilio requests it can make is held to `GATEWAY_MAX_UPSTREAM_REQUESTS`: above it the
 * operation is refused with `COST_ESTIMATED_TOO_EXPENSIVE` and no call is made (the request's
 * ledger enforces the same limit while it runs). Every response that went through the request
 * pipeline (data, partial data, and parse/validation errors alike) reports
 * `extensions.upstream`: the estimate, and what was spent. One unit is one HTTP request to
 * Twilio; retries are counted in `requests` and again in `retries`.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { CallLedger } from '../twilio/ledger.js';
import { limitVariables } from './guards/settings.js';

export interface UpstreamCost {
  /** The most requests the operation could make, estimated before it ran (0: it did not run). */
  readonly estimate: number;
  readonly requests: number;
  readonly retries: number;
  /** Wall time with at least one upstream call running, in whole milliseconds. */
  readonly durationMs: number;
}

export function upstreamCostOf(ledger: CallLedger | undefined, estimate: number): UpstreamCost {
  const summary = ledger?.summary() ?? { requests: 0, retries: 0, durationMs: 0 };
  return {
    estimate,
    requests: summary.requests,
    retries: summary.retries,
    durationMs: Math.round(summary.durationMs),
  };
}

export const costTooExpensiveCode = 'COST_ESTIMATED_TOO_EXPENSIVE';

/** Apollo Router's demand-control code and shape; 400 like any refusal before execution. */
export function costTooExpensiveError(estimate: number, limit: number): GraphQLError {
  return new GraphQLError(
    `The operation could make up to ${estimate} Twilio requests, more than the limit of ${limit} (${limitVariables.maxUpstreamRequests}); nothing was sent. Ask for fewer items (first/last) or fewer nested lists.`,
    {
      extensions: {
        code: costTooExpensiveCode,
        estimate,
        limit,
        retryable: false,
        http: { status: 400 },
      },
    },
  );
}

export interface UpstreamEstimate {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operationName: string | null;
  readonly variables: Readonly<Record<string, unknown>>;
}

export interface UpstreamCostOptions<TContext> {
  readonly ledgerOf: (context: TContext) => CallLedger | undefined;
  /** `GATEWAY_MAX_UPSTREAM_REQUESTS`. */
  readonly maxRequests: number;
  /** The graph's estimate; absent, every operation is estimated at 0 and none refused early. */
  readonly estimate?: (input: UpstreamEstimate) => number;
}

export function upstreamCostPlugin<TContext extends BaseContext>(
  options: UpstreamCostOptions<TContext>,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      let estimate = 0;
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          if (!options.estimate) return;
          estimate = options.estimate({
            schema,
            document,
            operationName: operationName ?? null,
            variables: request.variables ?? {},
          });
          if (estimate > options.maxRequests) {
            throw costTooExpensiveError(estimate, options.maxRequests);
          }
        },
        async willSendResponse({ response, contextValue }) {
          const upstream = upstreamCostOf(options.ledgerOf(contextValue), estimate);
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

/**
 * What the gateway reports about each GraphQL operation: its trace span (telemetry/tracing.ts),
 * one structured info line, and its duration histogram. All three read the same per-request
 * record the context carries (ledger, caller, request id), so they always agree.
 *
 * The log line names the caller's kind only (admin, token, none); a token caller's identity is
 * logged only when `GATEWAY_LOG_CALLER_IDENTITY=true`. Neither variables nor the document are
 * logged: they carry message bodies and attributes.
 */
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { Caller } from '../access/index.js';
import type { OperationTrace, Tracing } from '../telemetry/tracing.js';
import type { CallLedger } from '../twilio/index.js';
import type { GatewayMetrics } from './metrics.js';
import { operationLabel } from './operation-names.js';
import { upstreamCostOf } from './upstream-cost-plugin.js';

/** What the gateway knows of a request before Apollo runs it. */
export interface RequestRecord {
  readonly ledger: CallLedger;
  readonly caller: Caller;
  readonly requestId: string;
}

export interface OperationTelemetryOptions<TContext> {
  readonly recordOf: (context: TContext) => RequestRecord | undefined;
  readonly logger: Logger;
  readonly tracing: Tracing | null;
  readonly metrics: GatewayMetrics;
  /** Names kept as a metric label (operation-names.ts). */
  readonly operationNames: ReadonlySet<string>;
  readonly logCallerIdentity: boolean;
}

function distinct<T>(values: readonly (T | null | undefined)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== null && v !== undefined))];
}

function errorCodesOf(errors: readonly GraphQLFormattedError[]): string[] {
  return distinct(
    errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : null)),
  );
}

function twilioCodesOf(errors: readonly GraphQLFormattedError[]): number[] {
  return distinct(
    errors.map((e) => {
      const twilio = e.extensions?.twilio;
      const code =
        typeof twilio === 'object' && twilio !== null ? Reflect.get(twilio, 'code') : null;
      return typeof code === 'number' ? code : null;
    }),
  );
}

/** The pre-execution estimate another plugin may put in `extensions.upstream.estimate`. */
function estimateOf(extensions: Record<string, unknown> | undefined): number | null {
  const upstream = extensions?.upstream;
  const estimate =
    typeof upstream === 'object' && upstream !== null ? Reflect.get(upstream, 'estimate') : null;
  return typeof estimate === 'number' ? estimate : null;
}

function pathOf(path: {
  readonly prev: unknown;
  readonly key: string | number;
}): (string | number)[] {
  const keys: (string | number)[] = [];
  let at: { readonly prev: unknown; readonly key: string | number } | undefined = path;
  while (at) {
    keys.unshift(at.key);
    at = at.prev as typeof at;
  }
  return keys;
}

export function operationTelemetryPlugin<TContext extends BaseContext>(
  options: OperationTelemetryOptions<TContext>,
): ApolloServerPlugin<TContext> {
  const { logger, tracing, metrics } = options;
  return {
    async requestDidStart({ request, contextValue }): Promise<GraphQLRequestListener<TContext>> {
      const record = options.recordOf(contextValue);
      if (record === undefined) return {};
      const startedAt = performance.now();
      const trace: OperationTrace | null =
        tracing?.startOperation({
          headers: (name) => request.http?.headers.get(name),
          ledger: record.ledger,
          requestId: record.requestId,
        }) ?? null;
      return {
        async didResolveOperation({ operationName, operation }) {
          trace?.describe(operationName ?? null, operation?.operation ?? null);
        },
        async executionDidStart() {
          if (trace === null || !tracing?.fieldSpans) return;
          return {
            willResolveField({ info }) {
              return trace.field(pathOf(info.path), info.parentType.name, info.fieldName);
            },
          };
        },
        async willSendResponse({ response, operationName, operation, queryHash }) {
          const durationMs = performance.now() - startedAt;
          const result =
            response.body.kind === 'single'
              ? response.body.singleResult
              : response.body.initialResult;
          const type = operation?.operation ?? null;
          if (type !== null) {
            metrics.observeOperation(
              operationLabel(options.operationNames, operationName),
              type,
              durationMs,
            );
          }
          // The span and the line are only built when they go somewhere: without tracing and
          // at LOG_LEVEL=warn an operation costs them nothing.
          const logged = logger.isLevelEnabled('info');
          if (trace === null && !logged) return;
          const errors = result.errors ?? [];
          const estimate = estimateOf(result.extensions);
          const upstream = upstreamCostOf(record.ledger, estimate ?? 0);
          const errorCodes = errorCodesOf(errors);
          trace?.end({
            requests: upstream.requests,
            retries: upstream.retries,
            estimate,
            errorCodes,
          });
          if (!logged) return;
          const { caller } = record;
          logger.info(
            {
              requestId: record.requestId,
              operation: operationName ?? null,
              type,
              hash: queryHash ?? null,
              durationMs: Math.round(durationMs),
              upstream,
              errorCodes,
              twilioErrorCodes: twilioCodesOf(errors),
              caller: caller.kind,
              ...(options.logCallerIdentity && caller.kind === 'token'
                ? { identity: caller.identity }
                : {}),
              ...(trace ? { traceId: trace.traceId, spanId: trace.spanId } : {}),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}

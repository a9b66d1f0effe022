/**
 * Prometheus metrics, deliberately few: HTTP requests by route and status, their duration,
 * GraphQL operation duration by (bounded) operation name, upstream Twilio calls by operation id
 * and status (fed by the client's call hook), each Twilio HTTP request's time on the wire and
 * queued for a slot (fed by its attempt observer), and the client's adaptive concurrency limit.
 * Each gateway owns its registry so tests and several gateways in one process never share
 * counters.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CallObserver } from '../twilio/index.js';

/** The part of an upstream call the metrics care about. */
export interface UpstreamCallSample {
  readonly operationId: string;
  /** HTTP status of the last answer; null when none arrived (timeout, abort, refused). */
  readonly status: number | null;
  /** `ok` or the failure kind. */
  readonly outcome: string;
  readonly durationMs: number;
}

export interface GatewayMetrics {
  readonly registry: Registry;
  observeHttp(route: string, method: string, status: number, durationMs: number): void;
  observeUpstreamCall(call: UpstreamCallSample): void;
  /** `operation` is already bounded (operation-names.ts); `type` is query or mutation. */
  observeOperation(operation: string, type: string, durationMs: number): void;
  /** Times each Twilio HTTP request (wire and queue) for the client. */
  readonly upstreamObserver: CallObserver;
  /** Reads the Twilio client's current concurrency limit at each scrape. */
  trackUpstreamConcurrencyLimit(read: () => number): void;
  /** Prometheus text exposition. */
  render(): Promise<{ contentType: string; body: string }>;
}

export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  const httpRequests = new Counter({
    name: 'gateway_http_requests_total',
    help: 'HTTP requests served, by route, method and status code.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'gateway_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route.',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const upstreamCalls = new Counter({
    name: 'gateway_upstream_calls_total',
    help: 'Twilio client calls, by operation id, last HTTP status ("none" without an answer) and outcome.',
    labelNames: ['operation', 'status', 'outcome'] as const,
    registers: [registry],
  });
  const upstreamDuration = new Histogram({
    name: 'gateway_upstream_call_duration_seconds',
    help: 'Wall time of a Twilio client call including retries, by operation id.',
    labelNames: ['operation'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  const operationDuration = new Histogram({
    name: 'gateway_operation_duration_seconds',
    help: 'Time to answer a GraphQL operation, by operation name ("other" for names not configured) and type.',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const twilioRequestDuration = new Histogram({
    name: 'gateway_twilio_request_duration_seconds',
    help: 'Time on the wire of one Twilio HTTP request (one attempt), by operation id and status ("none" without an answer).',
    labelNames: ['operation', 'status'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const queueWait = new Histogram({
    name: 'gateway_upstream_queue_wait_seconds',
    help: 'Time a Twilio request waited for a slot of the adaptive concurrency limit, by operation id.',
    labelNames: ['operation'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  return {
    registry,
    observeOperation(operation, type, durationMs) {
      operationDuration.observe({ operation, type }, durationMs / 1000);
    },
    upstreamObserver: {
      attemptStarted(event) {
        queueWait.observe({ operation: event.operationId }, event.queuedMs / 1000);
        return {
          end(result) {
            twilioRequestDuration.observe(
              {
                operation: event.operationId,
                status: result.status === null ? 'none' : String(result.status),
              },
              result.wireMs / 1000,
            );
          },
        };
      },
    },
    observeHttp(route, method, status, durationMs) {
      httpRequests.inc({ route, method, status: String(status) });
      httpDuration.observe({ route }, durationMs / 1000);
    },
    observeUpstreamCall(call) {
      upstreamCalls.inc({
        operation: call.operationId,
        status: call.status === null ? 'none' : String(call.status),
        outcome: call.outcome,
      });
      upstreamDuration.observe({ operation: call.operationId }, call.durationMs / 1000);
    },
    trackUpstreamConcurrencyLimit(read) {
      new Gauge({
        name: 'gateway_upstream_concurrency_limit',
        help: "Twilio requests the client lets be in flight at once for the gateway's account (adaptive).",
        registers: [registry],
        collect() {
          this.set(read());
        },
      });
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

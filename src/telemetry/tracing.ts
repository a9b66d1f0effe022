/**
 * OpenTelemetry traces: one span per GraphQL operation, one per Twilio request under it, and
 * optionally one per resolved field. The SDK is imported here, dynamically, only when tracing is
 * configured, so a gateway without OTEL_* settings loads none of it. Each gateway owns its tracer
 * provider and registers nothing globally: tests run several gateways in one process.
 *
 * What goes into a span is chosen here and only here: operation names and types, registry
 * operation ids, methods, statuses, Twilio error codes, counts and times. Never a variable, a
 * parameter, a body, a header value or an error message (Twilio's messages quote input).
 */
import type { Context, Span, Tracer } from '@opentelemetry/api';
import type { Sampler, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { AttemptStart, AttemptTrace, CallLedger, CallObserver } from '../twilio/index.js';
import { CLIENT_VERSION } from '../twilio/index.js';
import type { TraceExport, TracingSettings } from './settings.js';

/** Reads one incoming header (lower-case name). */
export type HeaderLookup = (name: string) => string | undefined;

export interface OperationOutcome {
  readonly requests: number;
  readonly retries: number;
  /** The cost estimate made before execution (`extensions.upstream.estimate`), when known. */
  readonly estimate: number | null;
  /** `extensions.code` of each error in the answer, once each. */
  readonly errorCodes: readonly string[];
}

/** The span of one GraphQL operation. */
export interface OperationTrace {
  readonly traceId: string;
  readonly spanId: string;
  /** Names the span once Apollo knows which operation runs. */
  describe(name: string | null, type: string | null): void;
  /**
   * Opens a span for one resolved field (only with field spans on), under the span of the nearest
   * enclosing field; returns its end.
   */
  field(path: readonly (string | number)[], parentType: string, fieldName: string): () => void;
  end(outcome: OperationOutcome): void;
}

export interface Tracing {
  readonly fieldSpans: boolean;
  /** Gives the Twilio client one span per HTTP request (and `traceparent`, when configured). */
  readonly observer: CallObserver;
  /** Starts the operation's span, joining the trace of an incoming `traceparent`. */
  startOperation(input: {
    readonly headers: HeaderLookup;
    readonly ledger: CallLedger;
    readonly requestId: string;
  }): OperationTrace;
  /** Exports what is buffered, then stops. */
  shutdown(): Promise<void>;
}

async function exporterFor(exportTo: TraceExport): Promise<SpanExporter> {
  switch (exportTo.kind) {
    case 'exporter':
      return exportTo.exporter;
    case 'console': {
      const { ConsoleSpanExporter } = await import('@opentelemetry/sdk-trace-base');
      return new ConsoleSpanExporter();
    }
    case 'otlp': {
      const options = { url: exportTo.url, headers: { ...exportTo.headers } };
      if (exportTo.protocol === 'http/json') {
        const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
        return new OTLPTraceExporter(options);
      }
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
      return new OTLPTraceExporter(options);
    }
  }
}

async function samplerFor(settings: TracingSettings): Promise<Sampler> {
  const { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler } =
    await import('@opentelemetry/sdk-trace-base');
  const ratio = new TraceIdRatioBasedSampler(settings.ratio);
  switch (settings.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
  }
}

export async function startTracing(settings: TracingSettings): Promise<Tracing> {
  const [api, core, base, resources, semconv] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/core'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/semantic-conventions'),
  ]);
  const exporter = await exporterFor(settings.export);
  const provider = new base.BasicTracerProvider({
    resource: resources.resourceFromAttributes({
      [semconv.ATTR_SERVICE_NAME]: settings.serviceName,
      [semconv.ATTR_SERVICE_VERSION]: CLIENT_VERSION,
    }),
    sampler: await samplerFor(settings),
    spanProcessors: [
      // A test's exporter sees each span as it ends; a real one gets batches.
      settings.export.kind === 'exporter'
        ? new base.SimpleSpanProcessor(exporter)
        : new base.BatchSpanProcessor(exporter),
    ],
  });
  const tracer: Tracer = provider.getTracer('twilio-chat-graphql', CLIENT_VERSION);
  const propagator = new core.W3CTraceContextPropagator();
  /** The context of each operation's span, found from the ledger its Twilio calls carry. */
  const operations = new WeakMap<CallLedger, Context>();

  const getter = {
    keys: () => ['traceparent', 'tracestate'],
    get: (carrier: HeaderLookup, key: string) => carrier(key),
  };

  const observer: CallObserver = {
    attemptStarted(event: AttemptStart): AttemptTrace | undefined {
      const parent = event.ledger ? operations.get(event.ledger) : undefined;
      // Calls outside an operation (readiness, warm-up) would each start a trace of their own.
      if (parent === undefined) return undefined;
      const span = tracer.startSpan(
        `twilio ${event.operationId}`,
        {
          kind: api.SpanKind.CLIENT,
          startTime: Date.now() - event.queuedMs,
          attributes: {
            'twilio.operation_id': event.operationId,
            'twilio.host': event.host,
            [semconv.ATTR_HTTP_REQUEST_METHOD]: event.method,
            'twilio.attempt': event.attempt,
            ...(event.attempt > 1 ? { 'http.request.resend_count': event.attempt - 1 } : {}),
            ...(event.retryReason ? { 'twilio.retry_reason': event.retryReason } : {}),
            'twilio.queue_wait_ms': Math.round(event.queuedMs),
          },
        },
        parent,
      );
      const headers: Record<string, string> = {};
      if (settings.propagateUpstream) {
        propagator.inject(api.trace.setSpan(parent, span), headers, {
          set: (carrier, key, value) => {
            carrier[key] = value;
          },
        });
      }
      return {
        headers,
        end(result) {
          span.setAttribute('twilio.wire_ms', Math.round(result.wireMs));
          if (result.status !== null) {
            span.setAttribute(semconv.ATTR_HTTP_RESPONSE_STATUS_CODE, result.status);
          }
          if (result.twilioCode !== null) span.setAttribute('twilio.error_code', result.twilioCode);
          if (result.requestId !== null) span.setAttribute('twilio.request_id', result.requestId);
          if (result.errorKind !== null) {
            span.setAttribute(semconv.ATTR_ERROR_TYPE, result.errorKind);
            span.setStatus({ code: api.SpanStatusCode.ERROR });
          }
          span.end();
        },
      };
    },
  };

  function startOperation(input: {
    readonly headers: HeaderLookup;
    readonly ledger: CallLedger;
    readonly requestId: string;
  }): OperationTrace {
    const incoming = propagator.extract(api.ROOT_CONTEXT, input.headers, getter);
    const span: Span = tracer.startSpan(
      'graphql',
      { kind: api.SpanKind.SERVER, attributes: { 'gateway.request_id': input.requestId } },
      incoming,
    );
    const context = api.trace.setSpan(incoming, span);
    operations.set(input.ledger, context);
    const fields = new Map<string, Context>();
    const { traceId, spanId } = span.spanContext();
    return {
      traceId,
      spanId,
      describe(name, type) {
        if (type) span.setAttribute('graphql.operation.type', type);
        if (name) span.setAttribute('graphql.operation.name', name);
        span.updateName([type ?? 'graphql', name].filter(Boolean).join(' '));
      },
      field(path, parentType, fieldName) {
        const key = path.join('.');
        let parent = context;
        for (let end = path.length - 1; end > 0; end -= 1) {
          const found = fields.get(path.slice(0, end).join('.'));
          if (found) {
            parent = found;
            break;
          }
        }
        const fieldSpan = tracer.startSpan(
          `${parentType}.${fieldName}`,
          {
            attributes: {
              'graphql.field.name': fieldName,
              'graphql.field.parent_type': parentType,
              // The path holds field names and list indexes only, never an argument.
              'graphql.field.path': key,
            },
          },
          parent,
        );
        fields.set(key, api.trace.setSpan(parent, fieldSpan));
        return () => fieldSpan.end();
      },
      end(outcome) {
        span.setAttributes({
          'gateway.upstream.requests': outcome.requests,
          'gateway.upstream.retries': outcome.retries,
          ...(outcome.estimate !== null ? { 'gateway.upstream.estimate': outcome.estimate } : {}),
        });
        if (outcome.errorCodes.length > 0) {
          span.setAttribute('gateway.error_codes', [...outcome.errorCodes]);
          span.setStatus({ code: api.SpanStatusCode.ERROR, message: outcome.errorCodes.join(',') });
        }
        span.end();
      },
    };
  }

  return {
    fieldSpans: settings.fieldSpans,
    observer,
    startOperation,
    async shutdown() {
      await provider.shutdown();
    },
  };
}

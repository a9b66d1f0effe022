/**
 * Which traces the gateway exports and where, from the standard OpenTelemetry variables, plus the
 * gateway's own tracing switches. Read by the server's env.ts once at start; nothing here loads
 * OpenTelemetry. Problems name the variable and never its value: an OTLP URL or header may carry
 * a vendor's API key.
 */
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

export const samplerNames = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type SamplerName = (typeof samplerNames)[number];

export type OtlpProtocol = 'http/protobuf' | 'http/json';

export type TraceExport =
  | {
      readonly kind: 'otlp';
      readonly url: string;
      readonly protocol: OtlpProtocol;
      readonly headers: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'console' }
  /** A span exporter given in code (tests use an in-memory one); spans go to it one by one. */
  | { readonly kind: 'exporter'; readonly exporter: SpanExporter };

export interface TracingSettings {
  /** `OTEL_SERVICE_NAME`, default `twilio-chat-graphql`. */
  readonly serviceName: string;
  /** `OTEL_TRACES_SAMPLER`, default `parentbased_always_on`. */
  readonly sampler: SamplerName;
  /** `OTEL_TRACES_SAMPLER_ARG` for the ratio samplers, default 1. */
  readonly ratio: number;
  readonly export: TraceExport;
  /** `GATEWAY_TRACE_PROPAGATE_UPSTREAM`: send `traceparent` to Twilio (default false). */
  readonly propagateUpstream: boolean;
  /** `GATEWAY_TRACE_FIELDS`: one span per resolved field (default false: costly). */
  readonly fieldSpans: boolean;
}

export const defaultServiceName = 'twilio-chat-graphql';

type Env = Readonly<Record<string, string | undefined>>;

function flag(env: Env, name: string, problems: string[]): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '') return false;
  if (value === 'true') return true;
  if (value !== 'false') problems.push(`${name} must be true or false`);
  return false;
}

function httpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** `key=value,key2=value2`, values percent-encoded (the OTLP exporter specification's format). */
function parseHeaders(env: Env, name: string, problems: string[]): Record<string, string> {
  const raw = env[name]?.trim();
  const headers: Record<string, string> = {};
  if (raw === undefined || raw === '') return headers;
  for (const pair of raw.split(',')) {
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at).trim().toLowerCase() : '';
    let value: string | null = null;
    try {
      value = at > 0 ? decodeURIComponent(pair.slice(at + 1).trim()) : null;
    } catch {
      value = null;
    }
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(key) || value === null || /[\r\n]/.test(value)) {
      problems.push(`${name} must be a list of key=value pairs separated by commas`);
      return {};
    }
    headers[key] = value;
  }
  return headers;
}

function protocolOf(env: Env, problems: string[]): OtlpProtocol {
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const value = env[name]?.trim();
    if (value === undefined || value === '') continue;
    if (value === 'http/protobuf' || value === 'http/json') return value;
    problems.push(
      `${name} must be http/protobuf or http/json${value === 'grpc' ? ' (gRPC is not supported)' : ''}`,
    );
    return 'http/protobuf';
  }
  return 'http/protobuf';
}

function otlpUrl(env: Env, problems: string[]): string {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) {
    if (httpUrl(traces)) return traces;
    problems.push('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http:// or https:// URL');
    return '';
  }
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || 'http://localhost:4318';
  if (!httpUrl(base)) {
    problems.push('OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL');
    return '';
  }
  // The specification: the signal's path is appended to the generic endpoint, not to the other.
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

export interface TracingEnv {
  /** null when tracing is off: nothing is loaded and nothing exported. */
  readonly tracing: TracingSettings | null;
  readonly problems: readonly string[];
}

export function readTracingEnv(env: Env): TracingEnv {
  const problems: string[] = [];
  const propagateUpstream = flag(env, 'GATEWAY_TRACE_PROPAGATE_UPSTREAM', problems);
  const fieldSpans = flag(env, 'GATEWAY_TRACE_FIELDS', problems);
  const disabled = flag(env, 'OTEL_SDK_DISABLED', problems);

  const exporterName = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  const endpointSet = Boolean(
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim(),
  );
  let kind: 'otlp' | 'console' | 'none';
  if (exporterName === undefined || exporterName === '') kind = endpointSet ? 'otlp' : 'none';
  else if (exporterName === 'otlp' || exporterName === 'console' || exporterName === 'none') {
    kind = exporterName;
  } else {
    problems.push('OTEL_TRACES_EXPORTER must be otlp, console or none');
    kind = 'none';
  }

  const samplerValue = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase() || 'parentbased_always_on';
  const sampler = (samplerNames as readonly string[]).includes(samplerValue)
    ? (samplerValue as SamplerName)
    : null;
  if (sampler === null)
    problems.push(`OTEL_TRACES_SAMPLER must be one of ${samplerNames.join(', ')}`);
  const ratioValue = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  const ratio = ratioValue ? Number(ratioValue) : 1;
  if (ratioValue && !(/^\d*\.?\d+$/.test(ratioValue) && ratio >= 0 && ratio <= 1)) {
    problems.push('OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1');
  }
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || defaultServiceName;
  if (serviceName.length > 200 || !/^[\x20-\x7e]+$/.test(serviceName)) {
    problems.push('OTEL_SERVICE_NAME must be a short printable name');
  }

  if (kind === 'none' || disabled) return { tracing: null, problems };
  let exportTo: TraceExport = { kind: 'console' };
  if (kind === 'otlp') {
    const url = otlpUrl(env, problems);
    const protocol = protocolOf(env, problems);
    const headers = {
      ...parseHeaders(env, 'OTEL_EXPORTER_OTLP_HEADERS', problems),
      ...parseHeaders(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', problems),
    };
    exportTo = { kind: 'otlp', url, protocol, headers };
  }
  if (problems.length > 0 || sampler === null) return { tracing: null, problems };
  return {
    tracing: { serviceName, sampler, ratio, export: exportTo, propagateUpstream, fieldSpans },
    problems,
  };
}

/**
 * Issue 14's variables, validated once at start by loadServerEnv: the standard OTEL_* names and
 * the gateway's GATEWAY_TRACE_*, GATEWAY_METRICS_OPERATION_NAMES, GATEWAY_LOG_CALLER_IDENTITY.
 * Problems name the variable and never echo a value (an OTLP URL or header may hold an API key).
 */
import { describe, expect, it } from 'vitest';
import { loadServerEnv } from '../../src/server/env.js';
import { problemsOf } from './support/env-problems.js';

describe('tracing settings', () => {
  it('are off without OTEL_* settings, and when OTEL_TRACES_EXPORTER=none or the SDK is disabled', () => {
    expect(loadServerEnv({}).tracing).toBeNull();
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(loadServerEnv({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }).tracing).toBeNull();
    expect(loadServerEnv({ ...endpoint, OTEL_SDK_DISABLED: 'true' }).tracing).toBeNull();
  });

  it('an OTLP endpoint turns them on, with the specification defaults', () => {
    expect(
      loadServerEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing,
    ).toEqual({
      serviceName: 'twilio-chat-graphql',
      sampler: 'parentbased_always_on',
      ratio: 1,
      export: {
        kind: 'otlp',
        url: 'http://collector:4318/v1/traces',
        protocol: 'http/protobuf',
        headers: {},
      },
      propagateUpstream: false,
      fieldSpans: false,
    });
  });

  it('reads the traces endpoint as given, headers, protocol, sampler, service name and switches', () => {
    const tracing = loadServerEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otlp.example.com/api/traces',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-team=chat,authorization=Bearer%20k3y',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_SERVICE_NAME: 'inbox',
      GATEWAY_TRACE_PROPAGATE_UPSTREAM: 'true',
      GATEWAY_TRACE_FIELDS: 'true',
    }).tracing;
    expect(tracing).toEqual({
      serviceName: 'inbox',
      sampler: 'parentbased_traceidratio',
      ratio: 0.25,
      export: {
        kind: 'otlp',
        url: 'https://otlp.example.com/api/traces',
        protocol: 'http/json',
        headers: { 'x-team': 'chat', authorization: 'Bearer k3y' },
      },
      propagateUpstream: true,
      fieldSpans: true,
    });
    expect(loadServerEnv({ OTEL_TRACES_EXPORTER: 'console' }).tracing?.export).toEqual({
      kind: 'console',
    });
  });

  it('refuses malformed values, naming each variable and echoing none', () => {
    const message = problemsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector-with-s3cret',
      OTEL_EXPORTER_OTLP_HEADERS: 'no-equals-s3cret',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_TRACES_SAMPLER_ARG: '1.5',
      OTEL_TRACES_EXPORTER: 'zipkin',
      GATEWAY_TRACE_PROPAGATE_UPSTREAM: 'yes',
      GATEWAY_TRACE_FIELDS: 'on',
    });
    for (const name of [
      'OTEL_TRACES_EXPORTER must be otlp, console or none',
      'OTEL_TRACES_SAMPLER must be one of',
      'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1',
      'GATEWAY_TRACE_PROPAGATE_UPSTREAM must be true or false',
      'GATEWAY_TRACE_FIELDS must be true or false',
    ]) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('s3cret');
    const otlp = problemsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector-with-s3cret',
      OTEL_EXPORTER_OTLP_HEADERS: 'no-equals-s3cret',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    });
    expect(otlp).toContain('OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL');
    expect(otlp).toContain('OTEL_EXPORTER_OTLP_HEADERS must be a list of key=value pairs');
    expect(otlp).toContain('OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or http/json (gRPC');
    expect(otlp).not.toContain('s3cret');
  });
});

describe('metrics and log settings', () => {
  it('GATEWAY_METRICS_OPERATION_NAMES: GraphQL names separated by commas', () => {
    expect(loadServerEnv({}).metricsOperationNames).toEqual([]);
    expect(
      loadServerEnv({ GATEWAY_METRICS_OPERATION_NAMES: 'Inbox, SendMessage,,_Private' })
        .metricsOperationNames,
    ).toEqual(['Inbox', 'SendMessage', '_Private']);
    expect(problemsOf({ GATEWAY_METRICS_OPERATION_NAMES: 'Inbox,not-a-name' })).toBe(
      'Invalid environment: GATEWAY_METRICS_OPERATION_NAMES must be GraphQL operation names separated by commas',
    );
  });

  it('GATEWAY_LOG_CALLER_IDENTITY: off unless true', () => {
    expect(loadServerEnv({}).logCallerIdentity).toBe(false);
    expect(loadServerEnv({ GATEWAY_LOG_CALLER_IDENTITY: 'true' }).logCallerIdentity).toBe(true);
    expect(problemsOf({ GATEWAY_LOG_CALLER_IDENTITY: 'alice' })).toBe(
      'Invalid environment: GATEWAY_LOG_CALLER_IDENTITY must be true or false',
    );
  });
});

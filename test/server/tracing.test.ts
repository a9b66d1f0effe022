/**
 * Issue 14, traces: the real gateway in front of the real emulator, its spans caught by an
 * in-memory exporter. One span per operation, one per Twilio request under it; an incoming
 * `traceparent` makes the operation span a child of the caller's; nothing secret or
 * user-written reaches a span; `traceparent` goes to Twilio only when asked for.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createGateway, type Gateway } from '../../src/server/app.js';
import { graphBinding } from '../../src/server/graph-binding.js';
import { emulatorSettings } from '../../src/server/upstream.js';
import type { TracingSettings } from '../../src/telemetry/settings.js';
import { createTwilioConfig } from '../../src/twilio/index.js';
import { postGraphQL, startStack, type Stack } from './support/stack.js';
import { adminSecret, bearer } from './support/tokens.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function tracingTo(
  exporter: InMemorySpanExporter,
  more: Partial<TracingSettings> = {},
): TracingSettings {
  return {
    serviceName: 'gateway-under-test',
    sampler: 'parentbased_always_on',
    ratio: 1,
    export: { kind: 'exporter', exporter },
    propagateUpstream: false,
    fieldSpans: false,
    ...more,
  };
}

async function tracedStack(
  more: Partial<TracingSettings> = {},
  tuning: { maxAttempts?: number } = {},
): Promise<{ stack: Stack; exporter: InMemorySpanExporter }> {
  const exporter = new InMemorySpanExporter();
  const stack = await startStack({ tuning, gateway: { tracing: tracingTo(exporter, more) } });
  closers.push(() => stack.close());
  exporter.reset();
  return { stack, exporter };
}

function firstReadmeQuery(): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## A first query'));
  const query = /```graphql\n([\s\S]*?)```/.exec(section)?.[1];
  if (!query) throw new Error('README has no first query');
  return query;
}

/** The Twilio operation ids in the span tree the README's Operating section draws. */
function readmeTreeOperations(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf("The README's first query makes this tree"));
  const tree = /```text\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return [...tree.matchAll(/twilio (\S+)/g)].map((m) => m[1] ?? '').sort();
}

const operationSpans = (spans: readonly ReadableSpan[]) =>
  spans.filter((span) => span.kind === SpanKind.SERVER);
const twilioSpans = (spans: readonly ReadableSpan[]) =>
  spans.filter((span) => span.kind === SpanKind.CLIENT);

describe('operation and Twilio request spans', () => {
  it("the README's first query: one operation span, one child span per Twilio request", async () => {
    const { stack, exporter } = await tracedStack();
    const { body } = await postGraphQL(stack.gateway, firstReadmeQuery());
    expect(body.errors).toBeUndefined();
    const { requests, estimate } = body.extensions?.upstream as {
      requests: number;
      estimate: number;
    };
    expect(requests).toBe(4);
    // The pre-execution estimate is exact for this query (README, "The upstream budget").
    expect(estimate).toBe(4);

    const spans = exporter.getFinishedSpans();
    const [operation, ...others] = operationSpans(spans);
    expect(others).toEqual([]);
    expect(operation?.name).toBe('query');
    expect(operation?.attributes).toMatchObject({
      'graphql.operation.type': 'query',
      'gateway.upstream.estimate': 4,
      'gateway.upstream.requests': 4,
      'gateway.upstream.retries': 0,
    });
    const calls = twilioSpans(spans);
    expect(calls).toHaveLength(requests);
    expect(spans).toHaveLength(1 + requests);
    for (const call of calls) {
      expect(call.spanContext().traceId).toBe(operation?.spanContext().traceId);
      expect(call.parentSpanContext?.spanId).toBe(operation?.spanContext().spanId);
      expect(call.attributes).toMatchObject({
        'http.request.method': 'GET',
        'http.response.status_code': 200,
        'twilio.attempt': 1,
      });
      expect(call.attributes['twilio.operation_id']).toMatch(/^conversations\.v1\./);
      expect(call.attributes['twilio.queue_wait_ms']).toEqual(expect.any(Number));
      expect(call.attributes['twilio.wire_ms']).toEqual(expect.any(Number));
      expect(call.attributes['twilio.retry_reason']).toBeUndefined();
    }
    expect(new Set(calls.map((c) => c.attributes['twilio.operation_id'])).size).toBeGreaterThan(1);
    // The README draws this tree: the same Twilio operations, as many times.
    expect(calls.map((c) => String(c.attributes['twilio.operation_id'])).sort()).toEqual(
      readmeTreeOperations(),
    );
  });

  it('names the operation span after a named operation', async () => {
    const { stack, exporter } = await tracedStack();
    await postGraphQL(
      stack.gateway,
      'query DefaultService { configuration { defaultChatServiceSid } }',
    );
    const [operation] = operationSpans(exporter.getFinishedSpans());
    expect(operation?.name).toBe('query DefaultService');
    expect(operation?.attributes['graphql.operation.name']).toBe('DefaultService');
  });

  it('a retried request is two spans: a 429 with its Twilio code, then attempt 2 saying why', async () => {
    const { stack, exporter } = await tracedStack({}, { maxAttempts: 2 });
    stack.emulator.setFaults([{ kind: 'rate-limit', count: 1 }]);
    const { body } = await postGraphQL(
      stack.gateway,
      '{ configuration { defaultChatServiceSid } }',
    );
    expect(body.extensions?.upstream).toMatchObject({ requests: 2, retries: 1 });
    const calls = twilioSpans(exporter.getFinishedSpans()).sort(
      (a, b) => Number(a.attributes['twilio.attempt']) - Number(b.attributes['twilio.attempt']),
    );
    expect(calls.map((c) => c.attributes)).toEqual([
      expect.objectContaining({
        'twilio.attempt': 1,
        'http.response.status_code': 429,
        'twilio.error_code': 20429,
        'error.type': 'twilio',
      }),
      expect.objectContaining({
        'twilio.attempt': 2,
        'http.request.resend_count': 1,
        'twilio.retry_reason': 'http-429',
        'http.response.status_code': 200,
      }),
    ]);
  });

  it('an incoming traceparent makes the operation span its child, tracestate kept', async () => {
    const { stack, exporter } = await tracedStack();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    await postGraphQL(
      stack.gateway,
      '{ configuration { defaultChatServiceSid } }',
      {},
      {
        traceparent: `00-${traceId}-${parentId}-01`,
        tracestate: 'router=abc',
      },
    );
    const spans = exporter.getFinishedSpans();
    const [operation] = operationSpans(spans);
    expect(operation?.spanContext().traceId).toBe(traceId);
    expect(operation?.parentSpanContext?.spanId).toBe(parentId);
    expect(operation?.spanContext().traceState?.get('router')).toBe('abc');
    for (const call of twilioSpans(spans)) expect(call.spanContext().traceId).toBe(traceId);
  });

  it('an unsampled incoming trace exports nothing', async () => {
    const { stack, exporter } = await tracedStack();
    await postGraphQL(
      stack.gateway,
      '{ configuration { defaultChatServiceSid } }',
      {},
      {
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
      },
    );
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('field spans are off by default, and one per resolved field when switched on', async () => {
    const off = await tracedStack();
    await postGraphQL(off.stack.gateway, '{ configuration { defaultChatServiceSid } }');
    expect(off.exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.INTERNAL)).toEqual([]);

    const on = await tracedStack({ fieldSpans: true });
    await postGraphQL(on.stack.gateway, '{ configuration { defaultChatServiceSid } }');
    const spans = on.exporter.getFinishedSpans();
    const fields = spans.filter((s) => s.kind === SpanKind.INTERNAL);
    expect(fields.map((s) => s.name).sort()).toEqual([
      'Configuration.defaultChatServiceSid',
      'Query.configuration',
    ]);
    const byName = new Map(fields.map((s) => [s.name, s]));
    expect(byName.get('Configuration.defaultChatServiceSid')?.parentSpanContext?.spanId).toBe(
      byName.get('Query.configuration')?.spanContext().spanId,
    );
  });
});

/** A loopback hop in front of the emulator that remembers the headers of each request. */
async function recordingProxy(target: RunningEmulator): Promise<{
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>[];
  close(): Promise<void>;
}> {
  const headers: Record<string, string | string[] | undefined>[] = [];
  const upstream = new URL(target.url);
  const server: Server = createServer((req, res) => {
    headers.push({ ...req.headers });
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    headers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The emulator's base URLs, moved onto the proxy's origin. */
function throughProxy(emulator: RunningEmulator, proxyUrl: string) {
  const settings = emulatorSettings(emulator);
  const moved = Object.fromEntries(
    Object.entries(settings.baseUrls ?? {}).map(([product, url]) => [
      product,
      String(url).replace(emulator.url, proxyUrl),
    ]),
  );
  return createTwilioConfig({ ...settings, baseUrls: moved, maxAttempts: 1 });
}

describe('what spans and Twilio requests carry', () => {
  const distinct = {
    accountSid: 'AC' + 'd1571ac7'.repeat(4),
    authToken: 'token-d1571nct-5ecret-value',
    adminSecret,
    body: 'zebra-body-text-7731',
    attribute: 'quokka-attribute-4417',
  };

  async function gatewayWith(
    tracing: TracingSettings,
  ): Promise<{ gateway: Gateway; proxy: Awaited<ReturnType<typeof recordingProxy>> }> {
    const emulator = await startEmulator({
      credentials: { accountSid: distinct.accountSid, authToken: distinct.authToken },
    });
    closers.push(() => emulator.close());
    const proxy = await recordingProxy(emulator);
    closers.push(() => proxy.close());
    const gateway = await createGateway({
      twilio: throughProxy(emulator, proxy.url),
      graph: graphBinding(),
      access: { mode: 'none', adminSecret, keys: [] },
      tracing,
    });
    closers.push(() => gateway.close());
    return { gateway, proxy };
  }

  it('no secret, body or attribute value appears in any span', async () => {
    const exporter = new InMemorySpanExporter();
    const { gateway, proxy } = await gatewayWith(
      tracingTo(exporter, { fieldSpans: true, propagateUpstream: true }),
    );
    const found = await postGraphQL(
      gateway,
      '{ conversation(uniqueName: "general") { sid } }',
      {},
      bearer(adminSecret),
    );
    const conversationSid = (found.body.data?.conversation as { sid: string }).sid;
    const sent = await postGraphQL(
      gateway,
      `mutation Send($input: SendMessageInput!) {
        sendMessage(input: $input) { message { body attributes } userErrors { message } }
      }`,
      {
        input: {
          conversationSid,
          author: 'alice',
          body: distinct.body,
          attributes: { marker: distinct.attribute },
        },
      },
      bearer(adminSecret),
    );
    expect(sent.body.errors).toBeUndefined();
    expect(JSON.stringify(sent.body.data)).toContain(distinct.body);
    // The values did reach Twilio, so the scan below could have found them.
    expect(proxy.headers.length).toBeGreaterThan(0);

    const spans = exporter.getFinishedSpans();
    expect(twilioSpans(spans).some((s) => s.attributes['http.request.method'] === 'POST')).toBe(
      true,
    );
    const everything = JSON.stringify(
      spans.map((span) => ({
        name: span.name,
        attributes: span.attributes,
        events: span.events,
        status: span.status,
        links: span.links,
        resource: span.resource.attributes,
      })),
    );
    expect(everything).toContain('conversations.v1.CreateServiceConversationMessage');
    const basic = Buffer.from(`${distinct.accountSid}:${distinct.authToken}`).toString('base64');
    for (const secret of [
      distinct.body,
      distinct.attribute,
      distinct.authToken,
      distinct.adminSecret,
      distinct.accountSid,
      basic,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('traceparent goes to Twilio only with GATEWAY_TRACE_PROPAGATE_UPSTREAM', async () => {
    const quiet = await gatewayWith(tracingTo(new InMemorySpanExporter()));
    quiet.proxy.headers.length = 0;
    await postGraphQL(quiet.gateway, '{ configuration { defaultChatServiceSid } }');
    expect(quiet.proxy.headers).toHaveLength(1);
    expect(quiet.proxy.headers[0]?.traceparent).toBeUndefined();

    const exporter = new InMemorySpanExporter();
    const told = await gatewayWith(tracingTo(exporter, { propagateUpstream: true }));
    told.proxy.headers.length = 0;
    await postGraphQL(told.gateway, '{ configuration { defaultChatServiceSid } }');
    const [call] = twilioSpans(exporter.getFinishedSpans());
    expect(told.proxy.headers[0]?.traceparent).toBe(
      `00-${call?.spanContext().traceId}-${call?.spanContext().spanId}-01`,
    );
  });
});

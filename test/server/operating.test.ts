/**
 * Issue 14, logs and metrics: one structured info line per operation (who asked by kind only,
 * what it cost, how it ended, its trace), request ids kept or made and returned, and the
 * Prometheus series a dashboard reads, with operation names bounded.
 */
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { postGraphQL, startStack, type Stack, type StackOptions } from './support/stack.js';
import { adminSecret, bearer, emulatorKey, twilioNodeToken } from './support/tokens.js';

type LogLine = Record<string, unknown> & { readonly msg?: string; readonly level: number };

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function loggingStack(
  gateway: NonNullable<StackOptions['gateway']> = {},
  tuning: StackOptions['tuning'] = {},
): Promise<{ stack: Stack; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  stack = await startStack({
    access: { mode: 'access-token', adminSecret, keys: [emulatorKey] },
    gateway: { logger, ...gateway },
    tuning,
  });
  return { stack, lines };
}

const operationLines = (lines: readonly LogLine[]) =>
  lines.filter((line) => line.msg === 'graphql operation');

const defaultService = 'query DefaultService { configuration { defaultChatServiceSid } }';

describe('the operation log line', () => {
  it('one info line: name, hash, duration, upstream cost, error codes, caller kind', async () => {
    const { stack, lines } = await loggingStack();
    const answer = await postGraphQL(stack.gateway, defaultService, {}, bearer(adminSecret));
    expect(answer.body.errors).toBeUndefined();
    const [line, ...more] = operationLines(lines);
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: pino.levels.values.info,
      operation: 'DefaultService',
      type: 'query',
      upstream: { requests: 1, retries: 0 },
      errorCodes: [],
      twilioErrorCodes: [],
      caller: 'admin',
    });
    expect(line?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(line?.durationMs).toEqual(expect.any(Number));
    expect(line?.requestId).toEqual(expect.any(String));
    expect(line).not.toHaveProperty('traceId');
    expect(JSON.stringify(line)).not.toContain(adminSecret);
  });

  it('counts retries and names the error codes of a failed operation', async () => {
    const { stack, lines } = await loggingStack({}, { maxAttempts: 2 });
    stack.emulator.setFaults([{ kind: 'rate-limit', count: 1 }]);
    await postGraphQL(stack.gateway, defaultService, {}, bearer(adminSecret));
    await postGraphQL(stack.gateway, '{ nope }', {}, bearer(adminSecret));
    const [retried, invalid] = operationLines(lines);
    expect(retried).toMatchObject({ upstream: { requests: 2, retries: 1 }, errorCodes: [] });
    expect(invalid).toMatchObject({
      operation: null,
      upstream: { requests: 0, retries: 0 },
      errorCodes: ['GRAPHQL_VALIDATION_FAILED'],
    });
  });

  it("says 'token' for a token caller, and its identity only when configured", async () => {
    const quiet = await loggingStack();
    const token = twilioNodeToken({
      accountSid: quiet.stack.emulator.accountSid,
      identity: 'alice',
    });
    await postGraphQL(quiet.stack.gateway, '{ viewer { identity } }', {}, bearer(token));
    const [line] = operationLines(quiet.lines);
    expect(line).toMatchObject({ caller: 'token' });
    expect(JSON.stringify(line)).not.toContain('alice');
    await quiet.stack.close();

    const told = await loggingStack({ logCallerIdentity: true });
    await postGraphQL(told.stack.gateway, '{ viewer { identity } }', {}, bearer(token));
    expect(operationLines(told.lines)[0]).toMatchObject({ caller: 'token', identity: 'alice' });
  });

  it('never logs variables or the document: a message body stays out of every line', async () => {
    const { stack, lines } = await loggingStack();
    const body = 'walrus-body-text-9182';
    const found = await postGraphQL(
      stack.gateway,
      '{ conversation(uniqueName: "general") { sid } }',
      {},
      bearer(adminSecret),
    );
    const conversationSid = (found.body.data?.conversation as { sid: string }).sid;
    const sent = await postGraphQL(
      stack.gateway,
      `mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { message { body } } }`,
      { input: { conversationSid, author: 'alice', body } },
      bearer(adminSecret),
    );
    expect(JSON.stringify(sent.body.data)).toContain(body);
    expect(operationLines(lines).map((line) => line.operation)).toEqual([null, 'Send']);
    expect(JSON.stringify(lines)).not.toContain(body);
  });

  it('carries the trace id when tracing is on', async () => {
    const exporter = new InMemorySpanExporter();
    const { stack, lines } = await loggingStack({
      tracing: {
        serviceName: 'test',
        sampler: 'always_on',
        ratio: 1,
        export: { kind: 'exporter', exporter },
        propagateUpstream: false,
        fieldSpans: false,
      },
    });
    await postGraphQL(stack.gateway, defaultService, {}, bearer(adminSecret));
    const span = exporter.getFinishedSpans().find((s) => s.name === 'query DefaultService');
    expect(operationLines(lines)[0]).toMatchObject({
      traceId: span?.spanContext().traceId,
      spanId: span?.spanContext().spanId,
    });
  });
});

describe('request ids', () => {
  async function post(headers: Record<string, string>): Promise<Response> {
    if (!stack) throw new Error('no stack');
    return fetch(stack.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(adminSecret), ...headers },
      body: JSON.stringify({ query: defaultService }),
    });
  }

  it('keeps a safe x-request-id, returns it and logs it', async () => {
    const { lines } = await loggingStack();
    const response = await post({ 'x-request-id': 'router-7f3a.42:b_c' });
    expect(response.headers.get('x-request-id')).toBe('router-7f3a.42:b_c');
    expect(operationLines(lines)[0]?.requestId).toBe('router-7f3a.42:b_c');
  });

  it('makes one when there is none, on every route', async () => {
    const { stack, lines } = await loggingStack();
    const response = await post({});
    const made = response.headers.get('x-request-id');
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(operationLines(lines)[0]?.requestId).toBe(made);
    const health = await fetch(new URL('/healthz', stack.gateway.url));
    expect(health.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('replaces an unsafe or overlong one, never echoing it', async () => {
    const { lines } = await loggingStack();
    for (const unsafe of ['<script>alert(1)</script>', 'two words', 'x'.repeat(129), '{"a":1}']) {
      const response = await post({ 'x-request-id': unsafe });
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(JSON.stringify(lines)).not.toContain('script');
    expect(JSON.stringify(lines)).not.toContain('two words');
  });
});

function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{([^}]*)\}/.exec(line)?.[1] ?? '';
    const have = labelText.split(',');
    if (wanted.every((w) => have.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('metrics', () => {
  it('operation duration by bounded name, Twilio request duration by operation and status, queue wait', async () => {
    const { stack } = await loggingStack({ metricsOperationNames: ['Custom'] }, { maxAttempts: 2 });
    const run = (query: string) => postGraphQL(stack.gateway, query, {}, bearer(adminSecret));
    // Inbox is a playground document's name; Custom is configured; the others are not.
    await run('query Inbox { configuration { defaultChatServiceSid } }');
    await run('query Custom { configuration { defaultChatServiceSid } }');
    await run('query Unlisted1 { configuration { defaultChatServiceSid } }');
    stack.emulator.setFaults([{ kind: 'rate-limit', count: 1 }]);
    await run('query Unlisted2 { configuration { defaultChatServiceSid } }');

    const text = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
    const count = 'gateway_operation_duration_seconds_count';
    expect(sample(text, count, { operation: 'Inbox', type: 'query' })).toBe(1);
    expect(sample(text, count, { operation: 'Custom', type: 'query' })).toBe(1);
    expect(sample(text, count, { operation: 'other', type: 'query' })).toBe(2);
    expect(text).not.toContain('Unlisted');

    const fetchConfiguration = 'conversations.v1.FetchConfiguration';
    const wire = 'gateway_twilio_request_duration_seconds_count';
    // The warm-up at start made one more 200.
    expect(sample(text, wire, { operation: fetchConfiguration, status: '200' })).toBe(5);
    expect(sample(text, wire, { operation: fetchConfiguration, status: '429' })).toBe(1);
    expect(
      sample(text, 'gateway_upstream_queue_wait_seconds_count', { operation: fetchConfiguration }),
    ).toBe(6);
    expect(sample(text, 'gateway_upstream_concurrency_limit', {})).toBeGreaterThan(0);
    expect(
      sample(text, 'gateway_event_loop_delay_seconds', { quantile: '0.99' }),
    ).toBeGreaterThanOrEqual(0);
  });
});

describe('the README scrape example', () => {
  it('shows only metric families the gateway serves, and every one it serves', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('### Metrics'));
    const example = /```text\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const families = (text: string) =>
      [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] ?? '').sort();
    const { stack } = await loggingStack();
    await postGraphQL(stack.gateway, defaultService, {}, bearer(adminSecret));
    const served = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
    expect(families(example)).toEqual(families(served));
  });
});

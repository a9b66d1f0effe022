import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startStack, type Stack } from './support/stack.js';
import { secretInUnexpectedError, tinyGraph } from './support/tiny-graph.js';

let stack: Stack;
let real: Stack;

beforeAll(async () => {
  // The real schema has no field that fails unexpectedly; the tiny graph has one.
  stack = await startStack({ graph: tinyGraph() });
  real = await startStack();
});

afterAll(async () => {
  await stack?.close();
  await real?.close();
});

describe('error masking', () => {
  it('masks an unexpected resolver error as "Unexpected error." with INTERNAL_SERVER_ERROR', async () => {
    const { status, body } = await postGraphQL(stack.gateway, '{ unexpected }');
    expect(status).toBe(200);
    expect(body.errors).toEqual([
      {
        message: 'Unexpected error.',
        locations: [{ line: 1, column: 3 }],
        path: ['unexpected'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
  });

  it('never sends the secret or a stack trace of a masked error', async () => {
    const response = await fetch(stack.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ unexpected }' }),
    });
    const text = await response.text();
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(secretInUnexpectedError);
    expect(text).not.toContain('stacktrace');
    expect(text).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("keeps Apollo's code for a parse error", async () => {
    const { body } = await postGraphQL(stack.gateway, '{ unexpected');
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
  });

  it("keeps Apollo's code for a validation error", async () => {
    const { body } = await postGraphQL(stack.gateway, '{ nope }');
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(body.errors?.[0]?.message).toContain('nope');
  });

  it('keeps BAD_USER_INPUT for a variable that does not coerce', async () => {
    const { status, body } = await postGraphQL(
      stack.gateway,
      'query ($n: Int!) { echo(times: $n) }',
      { n: 'many' },
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });
});

describe('Twilio failures (real graph)', () => {
  const query = '{ configuration { defaultChatServiceSid } }';

  it('reports a Twilio 503 as UPSTREAM_UNAVAILABLE without upstream URLs or account SIDs', async () => {
    real.emulator.setFaults([{ kind: 'unavailable', count: 1 }]);
    const { body } = await postGraphQL(real.gateway, query);
    expect(body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    const text = JSON.stringify(body);
    expect(text).not.toContain(real.emulator.url);
    expect(text).not.toContain(real.emulator.accountSid);
    expect(text).not.toContain('stacktrace');
  });

  it('reports a Twilio 429 as UPSTREAM_RATE_LIMITED and retryable', async () => {
    real.emulator.setFaults([{ kind: 'rate-limit', count: 1 }]);
    const { body } = await postGraphQL(real.gateway, query);
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      retryable: true,
    });
  });

  it('reports a malformed Twilio answer without echoing it', async () => {
    real.emulator.setFaults([{ kind: 'malformed', count: 1 }]);
    const { body } = await postGraphQL(real.gateway, query);
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(body)).not.toContain(real.emulator.url);
  });
});

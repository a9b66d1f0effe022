/**
 * Deep or oversized JSON input is the caller's mistake (BAD_USER_INPUT, or a userError inside a
 * mutation payload), never a RangeError answered as INTERNAL_SERVER_ERROR; and the log lines a
 * failure leaves at warn and error level carry no stack frames with the server's file paths.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startStack, type GraphQLBody, type Stack } from './support/stack.js';
import { preflight } from './support/preflight.js';
import { tinyGraph } from './support/tiny-graph.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

const deepDepth = 100_000;
const deepText = `${'{"a":'.repeat(deepDepth)}1${'}'.repeat(deepDepth)}`;

const create = `mutation ($attributes: JSON) {
  createConversation(input: { friendlyName: "Deep", attributes: $attributes }) {
    conversation { sid }
    userErrors { field code message }
  }
}`;

/** Posts raw JSON text (a deep value cannot go through JSON.stringify). */
async function postRaw(text: string): Promise<{ status: number; body: GraphQLBody }> {
  stack.emulator.clearRequests();
  const response = await fetch(stack.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: text,
  });
  return { status: response.status, body: (await response.json()) as GraphQLBody };
}

const depthRefusal = {
  message: 'The request body nests JSON deeper than 64 levels (GATEWAY_MAX_JSON_DEPTH).',
  extensions: { code: 'BAD_USER_INPUT' },
};

describe('deep JSON input', () => {
  it('answers 100,000-deep attributes in variables with BAD_USER_INPUT and no Twilio call', async () => {
    const { status, body } = await postRaw(
      `{"query":${JSON.stringify(create)},"variables":{"attributes":${deepText}}}`,
    );
    expect(status).toBe(400);
    expect(body.errors).toEqual([depthRefusal]);
    expect(stack.emulator.requestLog().total).toBe(0);
  });

  it('answers a deeply nested JSON scalar variable of a query the same way', async () => {
    const query = 'query ($reps: [_Any!]!) { _entities(representations: $reps) { __typename } }';
    const { status, body } = await postRaw(
      `{"query":${JSON.stringify(query)},"variables":{"reps":[${deepText}]}}`,
    );
    expect(status).toBe(400);
    expect(body.errors).toEqual([depthRefusal]);
  });

  it('answers a request body that is itself deeply nested JSON', async () => {
    const { status, body } = await postRaw(`{"query":"{ __typename }","extensions":${deepText}}`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([depthRefusal]);
  });

  it('answers deep GET variables with BAD_USER_INPUT', async () => {
    const url = new URL(stack.gateway.graphqlUrl);
    url.searchParams.set('query', 'query ($v: JSON) { __typename }');
    url.searchParams.set('variables', `{"v":${'['.repeat(2_000)}${']'.repeat(2_000)}}`);
    const response = await fetch(url, { headers: preflight });
    expect(response.status).toBe(400);
    expect(((await response.json()) as GraphQLBody).errors?.[0]).toEqual({
      message:
        'The `variables` parameter nests JSON deeper than 64 levels (GATEWAY_MAX_JSON_DEPTH).',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('answers 100,000-deep attributes given as JSON text with a userError, writing nothing', async () => {
    stack.emulator.clearRequests();
    const { status, body } = await postGraphQL(stack.gateway, create, { attributes: deepText });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.createConversation).toEqual({
      conversation: null,
      userErrors: [
        {
          field: ['input', 'attributes'],
          code: 'INVALID',
          message: '`attributes` must nest at most 64 levels deep.',
        },
      ],
    });
    expect(stack.emulator.requestLog().requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('still accepts attributes nested a few levels deep', async () => {
    const { body } = await postGraphQL(stack.gateway, create, {
      attributes: { a: { b: { c: [1, { d: true }] } } },
    });
    expect(body.errors).toBeUndefined();
    expect((body.data?.createConversation as { userErrors: unknown[] }).userErrors).toEqual([]);
  });
});

describe('failure logs', () => {
  it('carry no stack frames or server paths at warn and error level; the stack is at debug', async () => {
    const lines: { level: number; msg: string; text: string }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) {
          const line = JSON.parse(text) as { level: number; msg: string };
          lines.push({ level: line.level, msg: line.msg, text });
        }
        done();
      },
    });
    const logged = await startStack({
      graph: tinyGraph(),
      gateway: { logger: pino({ level: 'debug' }, sink) },
    });
    try {
      await postGraphQL(logged.gateway, '{ unexpected }');
    } finally {
      await logged.close();
    }
    const masked = lines.filter((line) => line.msg.startsWith('masked an unexpected error'));
    const atError = masked.filter((line) => line.level >= 40);
    const atDebug = masked.filter((line) => line.level === 20);
    expect(atError).toHaveLength(1);
    expect(atDebug).toHaveLength(1);
    expect(atError[0]?.text).not.toContain(process.cwd());
    expect(atError[0]?.text).not.toMatch(/\bat .*:\d+:\d+/);
    expect(atError[0]?.text).toContain('"type":"Error"');
    expect(atDebug[0]?.text).toContain(process.cwd());
  });
});

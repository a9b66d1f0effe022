/**
 * Federated tracing: a Router that sends `apollo-federation-include-trace: ftv1` gets the
 * operation's trace in `extensions.ftv1` (base64 protobuf); an operation without the header
 * gets none (and no trace is built for it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startStack, type Stack } from './support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

const query = '{ conversations(first: 2) { nodes { sid friendlyName } } }';

describe('inline trace (ftv1)', () => {
  it('answers a Router asking for it with the trace of the operation', async () => {
    const { status, body } = await postGraphQL(
      stack.gateway,
      query,
      {},
      {
        'apollo-federation-include-trace': 'ftv1',
      },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const trace = body.extensions?.ftv1;
    expect(typeof trace).toBe('string');
    expect(Buffer.from(String(trace), 'base64').length).toBeGreaterThan(10);
    // The protobuf names each traced field by its response name, as UTF-8: this operation's.
    const decoded = Buffer.from(String(trace), 'base64').toString('latin1');
    for (const field of ['conversations', 'nodes', 'friendlyName']) {
      expect(decoded).toContain(field);
    }
    expect(body.extensions?.upstream).toMatchObject({ requests: expect.any(Number) });
  });

  it('adds nothing to an operation that did not ask', async () => {
    const { body } = await postGraphQL(stack.gateway, query);
    expect(body.errors).toBeUndefined();
    expect(body.extensions?.ftv1).toBeUndefined();
  });

  it('ignores another value of the header', async () => {
    const { body } = await postGraphQL(
      stack.gateway,
      query,
      {},
      {
        'apollo-federation-include-trace': 'ftv2',
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.extensions?.ftv1).toBeUndefined();
  });
});

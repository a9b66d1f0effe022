import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startStack, type Stack } from './support/stack.js';
import { preflight } from './support/preflight.js';

let stack: Stack;

beforeAll(async () => {
  // Two attempts per call, no backoff, so one injected 429 is one retry.
  stack = await startStack({ tuning: { maxAttempts: 2 } });
});

const defaultService = '{ configuration { defaultChatServiceSid } }';
const conversationView = `{
  conversation(uniqueName: "general") {
    friendlyName
    participants(first: 10) { nodes { identity user { friendlyName } } }
    messages(last: 3) { nodes { body } }
  }
}`;

afterAll(async () => {
  await stack?.close();
});

interface Upstream {
  readonly requests: number;
  readonly retries: number;
  readonly durationMs: number;
}

function upstreamOf(body: { extensions?: Record<string, unknown> }): Upstream {
  return body.extensions?.upstream as Upstream;
}

describe('extensions.upstream', () => {
  it('equals the number of requests the emulator served for the operation', async () => {
    const before = stack.emulator.requestLog().total;
    const { body } = await postGraphQL(stack.gateway, conversationView);
    expect(body.errors).toBeUndefined();
    const served = stack.emulator.requestLog().total - before;
    expect(served).toBeGreaterThan(2);
    expect(upstreamOf(body)).toMatchObject({ requests: served, retries: 0 });
    expect(Number.isInteger(upstreamOf(body).durationMs)).toBe(true);
  });

  it('is zero on a validation error, which never reaches Twilio', async () => {
    const { body } = await postGraphQL(stack.gateway, '{ nope }');
    expect(body.errors).toHaveLength(1);
    expect(upstreamOf(body)).toEqual({ estimate: 0, requests: 0, retries: 0, durationMs: 0 });
  });

  it('counts retries, in requests and in retries', async () => {
    stack.emulator.setFaults([{ kind: 'rate-limit', count: 1 }]);
    const before = stack.emulator.requestLog().total;
    const { body } = await postGraphQL(stack.gateway, defaultService);
    expect(body.errors).toBeUndefined();
    expect(stack.emulator.requestLog().total - before).toBe(2);
    expect(upstreamOf(body)).toMatchObject({ requests: 2, retries: 1 });
  });

  it('is reported on a response with an upstream error too', async () => {
    stack.emulator.setFaults([{ kind: 'unavailable', count: 2 }]);
    const { body } = await postGraphQL(stack.gateway, defaultService);
    expect(body.errors).toHaveLength(1);
    expect(upstreamOf(body)).toMatchObject({ requests: 2, retries: 1 });
  });

  it('is present on GET responses', async () => {
    const url = new URL(stack.gateway.graphqlUrl);
    url.searchParams.set('query', defaultService);
    const body = (await (await fetch(url, { headers: preflight })).json()) as {
      extensions?: Record<string, unknown>;
    };
    expect(upstreamOf(body)).toMatchObject({ requests: 1, retries: 0 });
  });
});

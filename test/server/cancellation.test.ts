import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.js';
import { untilMetric, UpstreamGate } from './support/upstream-gate.js';

let stack: Stack | undefined;

const gates: UpstreamGate[] = [];

afterEach(async () => {
  // A held request would keep the emulator from closing.
  for (const gate of gates.splice(0)) gate.release();
  await stack?.close();
  stack = undefined;
});

async function gatedStack(gate: UpstreamGate): Promise<Stack> {
  gates.push(gate);
  stack = await startStack({
    emulator: { latency: { fixedMs: 1 }, sleep: gate.sleep },
    warmUp: false,
  });
  return stack;
}

/** Needs several waves of Twilio calls: the list, then participants of each conversation. */
const fanOut = JSON.stringify({
  query: '{ conversations(first: 5) { nodes { participants(first: 5) { nodes { identity } } } } }',
});

describe('cancellation', () => {
  it('makes every upstream call of the operation when the client waits', async () => {
    const gate = new UpstreamGate();
    gate.release();
    const { gateway } = await gatedStack(gate);
    const response = await fetch(gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: fanOut,
    });
    const body = (await response.json()) as { extensions: { upstream: { requests: number } } };
    expect(body).not.toHaveProperty('errors');
    expect(gate.arrived).toBeGreaterThanOrEqual(6);
    expect(body.extensions.upstream.requests).toBe(gate.arrived);
  });

  it('stops the Twilio calls of a request whose HTTP client disconnected', async () => {
    const gate = new UpstreamGate();
    const { gateway } = await gatedStack(gate);
    const client = new AbortController();
    const pending = fetch(gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: fanOut,
      signal: client.signal,
    }).catch((error: unknown) => error);

    await gate.untilArrived(1);
    client.abort();
    expect(await pending).toBeInstanceOf(Error);

    // The in-flight call ends as `aborted` without an answer, and the request ends as 499.
    await untilMetric(
      gateway,
      /^gateway_upstream_calls_total\{[^}]*status="none",outcome="aborted"\} 1$/m,
    );
    const text = await untilMetric(
      gateway,
      /^gateway_http_requests_total\{route="\/graphql",method="POST",status="499"\} 1$/m,
    );
    expect(text).not.toContain('outcome="ok"');

    // The operation is over (its HTTP request was counted) after the first of its many calls.
    expect(gate.arrived).toBe(1);
    gate.release();
  });
});

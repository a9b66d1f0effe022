import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/server/app.js';
import { startStack, type Stack } from './support/stack.js';

/**
 * The emulator's latency waits through an injected `sleep`; here every upstream request waits at
 * a gate the test opens, so "the client left while a Twilio call was in flight" is an ordering of
 * events, not a race against a clock.
 */
class UpstreamGate {
  arrived = 0;
  private readonly held: (() => void)[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  open = false;

  readonly sleep = (): Promise<void> => {
    this.arrived += 1;
    for (const waiter of this.waiters.filter((w) => this.arrived >= w.count)) waiter.resolve();
    this.waiters = this.waiters.filter((w) => this.arrived < w.count);
    if (this.open) return Promise.resolve();
    return new Promise((resolve) => this.held.push(resolve));
  };

  untilArrived(count: number): Promise<void> {
    if (this.arrived >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  release(): void {
    this.open = true;
    for (const resolve of this.held.splice(0)) resolve();
  }
}

async function metricsText(gateway: Gateway): Promise<string> {
  return (await fetch(new URL('/metrics', gateway.url))).text();
}

/** Polls /metrics until a line matches (bounded; the assertion is on the line, not on time). */
async function untilMetric(gateway: Gateway, line: RegExp): Promise<string> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const text = await metricsText(gateway);
    if (line.test(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`metric never appeared: ${line.source}`);
}

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

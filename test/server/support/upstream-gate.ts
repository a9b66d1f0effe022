import type { Gateway } from '../../../src/server/app.js';

/**
 * The emulator's latency waits through an injected `sleep`; here every upstream request waits at
 * a gate the test opens, so "the client left while a Twilio call was in flight" is an ordering of
 * events, not a race against a clock.
 */
export class UpstreamGate {
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
export async function untilMetric(gateway: Gateway, line: RegExp): Promise<string> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const text = await metricsText(gateway);
    if (line.test(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`metric never appeared: ${line.source}`);
}

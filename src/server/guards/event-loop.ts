/**
 * Event-loop delay as a metric: a loop too busy to read Twilio's answers is the gateway's own
 * overload, and this is where it shows. Hand-made rather than prom-client's default metrics,
 * whose monitors can never be stopped: each gateway (tests start many) stops its own on close.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';

const quantiles = [0.5, 0.9, 0.99] as const;
const resolutionMs = 10;

/** The histogram records whole sampling intervals; the delay is what exceeds the interval. */
function delaySeconds(nanoseconds: number): number {
  return Math.max(0, nanoseconds / 1e9 - resolutionMs / 1e3);
}

/** Registers `gateway_event_loop_delay_seconds`; returns the function that stops watching. */
export function watchEventLoop(registry: Registry): () => void {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  new Gauge({
    name: 'gateway_event_loop_delay_seconds',
    help: 'Event-loop delay since the previous scrape, by quantile (quantile="1" is the maximum).',
    labelNames: ['quantile'] as const,
    registers: [registry],
    collect() {
      for (const quantile of quantiles) {
        this.set(
          { quantile: String(quantile) },
          delaySeconds(histogram.percentile(quantile * 100)),
        );
      }
      this.set({ quantile: '1' }, delaySeconds(histogram.max));
      histogram.reset();
    },
  });
  return () => histogram.disable();
}

/**
 * Live-update metrics, registered in the gateway's registry (so /metrics shows them): open
 * subscriptions per transport, webhook deliveries by outcome, slow consumers closed, and the
 * time from a webhook's arrival to the frame written for each subscriber.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type Transport = 'websocket' | 'sse' | 'callback';

export type DeliveryOutcome =
  'published' | 'duplicate' | 'ignored' | 'rejected-signature' | 'rejected-request' | 'failed';

export interface RealtimeMetrics {
  subscriptionOpened(transport: Transport): void;
  subscriptionClosed(transport: Transport): void;
  webhook(outcome: DeliveryOutcome): void;
  slowConsumer(transport: Transport): void;
  /** Milliseconds from the webhook's arrival to the subscriber's frame being written. */
  delivered(latencyMs: number): void;
  /** One event's payload for one group: executed, or another group's answer reused. */
  executed(outcome: 'executed' | 'shared'): void;
}

export function createRealtimeMetrics(registry: Registry): RealtimeMetrics {
  const open = new Gauge({
    name: 'gateway_subscriptions_open',
    help: 'GraphQL subscriptions currently open, by transport.',
    labelNames: ['transport'] as const,
    registers: [registry],
  });
  for (const transport of ['websocket', 'sse', 'callback'] as const) open.set({ transport }, 0);
  const deliveries = new Counter({
    name: 'gateway_webhook_deliveries_total',
    help: 'Twilio webhook deliveries received at /webhooks/twilio, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const slow = new Counter({
    name: 'gateway_subscription_slow_consumers_total',
    help: 'Subscribers closed because too many events were waiting to be sent to them.',
    labelNames: ['transport'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'gateway_subscription_delivery_seconds',
    help: 'Time from a webhook arriving to the event frame written to one subscriber.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const executions = new Counter({
    name: 'gateway_subscription_executions_total',
    help: 'Subscription payloads per event and group of identical subscribers: executed, or shared (the answer of another caller group, which read nothing of its caller).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  return {
    executed: (outcome) => executions.inc({ outcome }),
    subscriptionOpened: (transport) => open.inc({ transport }),
    subscriptionClosed: (transport) => open.dec({ transport }),
    webhook: (outcome) => deliveries.inc({ outcome }),
    slowConsumer: (transport) => slow.inc({ transport }),
    delivered: (latencyMs) => latency.observe(latencyMs / 1000),
  };
}

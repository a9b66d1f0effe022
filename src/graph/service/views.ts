/**
 * The service settings records turned into the graph's value types (enums in upper case).
 */
import type {
  ServiceEventWebhook,
  ServiceWebhookEvent,
  ServiceWebhooks,
} from '../../generated/graphql.js';
import type { EventWebhookRecord, ServiceWebhooksRecord } from '../../loaders/index.js';
import { chatV1ServiceHookEvents } from '../../registry/index.js';
import { webhookMethod } from '../enums.js';

export function serviceWebhooksView(record: ServiceWebhooksRecord): ServiceWebhooks {
  return {
    preWebhookUrl: record.preWebhookUrl,
    postWebhookUrl: record.postWebhookUrl,
    method: webhookMethod(record.method),
    filters: record.filters,
  };
}

/** `OnMessageSend` → `ON_MESSAGE_SEND`. */
export function webhookEventOf(name: string): ServiceWebhookEvent {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase() as ServiceWebhookEvent;
}

/** `ON_MESSAGE_SEND` → `OnMessageSend` (Chat v1's parameter spelling). */
export function webhookEventName(event: ServiceWebhookEvent): string {
  return event
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_m, _sep: string, c: string) => c.toUpperCase());
}

const KNOWN_EVENTS: ReadonlySet<string> = new Set(chatV1ServiceHookEvents);

/** Chat v1's per-event webhooks; events this graph does not know are left out. */
export function eventWebhookViews(records: readonly EventWebhookRecord[] | null) {
  if (records === null) return null;
  return records
    .filter((r) => KNOWN_EVENTS.has(r.event))
    .map((r): ServiceEventWebhook => ({
      event: webhookEventOf(r.event),
      url: r.url,
      method: webhookMethod(r.method),
    }));
}

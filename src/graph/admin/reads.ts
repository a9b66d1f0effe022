/**
 * Reads of the administration families: which API serves a read (the gateway's routing), and
 * the settings records turned into the graph's value types (enums in upper case).
 */
import type {
  ConfigurationWebhookTarget,
  ConfigurationWebhooks,
  ServiceEventWebhook,
  ServiceWebhookEvent,
  ServiceWebhooks,
  WebhookMethod,
} from '../../generated/graphql.js';
import { ADMIN_READS, apiOf } from '../../loaders/index.js';
import type {
  AccountWebhooksRecord,
  BindingReadApi,
  ChatReadApi,
  EventWebhookRecord,
  ReadApi,
  ServiceWebhooksRecord,
} from '../../loaders/index.js';
import { chatV1ServiceHookEvents } from '../../registry/index.js';
import type { GraphContext } from '../context.js';

/**
 * The API an administration read goes to under the gateway's routing (`ADMIN_READS` has a
 * Conversations, a Chat v2 and a Chat v1 column for these families; `apiOf` picks one).
 */
export function readApi(ctx: GraphContext): ReadApi {
  const api = apiOf(ADMIN_READS.fetchService, ctx.routing, false);
  return api === 'chat-v1' || api === 'chat-v2' ? api : 'conversations';
}

/** Bindings exist in Conversations and Chat v2 only (Chat v1 routing reads them from v2). */
export function bindingApi(ctx: GraphContext): BindingReadApi {
  const api = apiOf(ADMIN_READS.fetchBinding, ctx.routing, false);
  return api === 'chat-v2' ? api : 'conversations';
}

/** The Chat version serving Chat-only service settings (v1 only when routing picks it). */
export function chatApi(ctx: GraphContext): ChatReadApi {
  return apiOf(ADMIN_READS.fetchService, ctx.routing, false) === 'chat-v1' ? 'chat-v1' : 'chat-v2';
}

function method(value: string | null): WebhookMethod | null {
  return value === 'GET' || value === 'POST' ? value : null;
}

export function serviceWebhooksView(record: ServiceWebhooksRecord): ServiceWebhooks {
  return {
    preWebhookUrl: record.preWebhookUrl,
    postWebhookUrl: record.postWebhookUrl,
    method: method(record.method),
    filters: record.filters,
  };
}

export function accountWebhooksView(record: AccountWebhooksRecord): ConfigurationWebhooks {
  const target = record.target?.toUpperCase();
  return {
    preWebhookUrl: record.preWebhookUrl,
    postWebhookUrl: record.postWebhookUrl,
    method: method(record.method),
    filters: record.filters,
    target:
      target === 'WEBHOOK' || target === 'FLEX' ? (target as ConfigurationWebhookTarget) : null,
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
      method: method(r.method),
    }));
}

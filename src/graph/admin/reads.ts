/**
 * Reads of the administration families: which API serves a read (`source`), and the settings
 * records turned into the graph's value types (enums in upper case).
 */
import type {
  ConfigurationWebhookTarget,
  ConfigurationWebhooks,
  ReadApi as GraphReadApi,
  ServiceEventWebhook,
  ServiceWebhookEvent,
  ServiceWebhooks,
  WebhookMethod,
} from '../../generated/graphql.js';
import type {
  AccountWebhooksRecord,
  BindingReadApi,
  EventWebhookRecord,
  ReadApi,
  ServiceWebhooksRecord,
} from '../../loaders/index.js';
import { badUserInput } from '../errors.js';
import { CHAT_V1_EVENTS } from './events.js';

const READ_APIS: Readonly<Record<GraphReadApi, ReadApi>> = {
  CONVERSATIONS: 'conversations',
  CHAT_V2: 'chat-v2',
  CHAT_V1: 'chat-v1',
};

/** The loader API for a `source` argument (Conversations when absent). */
export function readApi(source: GraphReadApi | null | undefined): ReadApi {
  return READ_APIS[source ?? 'CONVERSATIONS'];
}

/** Bindings exist in Conversations and Chat v2 only. */
export function bindingApi(source: GraphReadApi | null | undefined): BindingReadApi {
  const api = readApi(source);
  if (api === 'chat-v1') {
    throw badUserInput('Bindings do not exist in Chat v1; use CONVERSATIONS or CHAT_V2.', 'source');
  }
  return api;
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

const KNOWN_EVENTS: ReadonlySet<string> = new Set(CHAT_V1_EVENTS);

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

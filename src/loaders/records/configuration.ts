/**
 * Account-level records: the account configuration (default services and timers), the
 * global webhooks and the address configurations. None has a Chat counterpart.
 */
import { asWireRecord, bool, int, obj, str, strings } from '../wire.js';
import { type Dated, dates, sidOf, upper } from './common.js';

export interface ConfigurationRecord {
  readonly defaultChatServiceSid: string | null;
  readonly defaultMessagingServiceSid: string | null;
  readonly defaultInactiveTimer: string | null;
  readonly defaultClosedTimer: string | null;
}

export function toConfiguration(data: unknown): ConfigurationRecord {
  const w = asWireRecord(data, 'configuration');
  return {
    defaultChatServiceSid: str(w, 'default_chat_service_sid'),
    defaultMessagingServiceSid: str(w, 'default_messaging_service_sid'),
    defaultInactiveTimer: str(w, 'default_inactive_timer'),
    defaultClosedTimer: str(w, 'default_closed_timer'),
  };
}

export interface AccountWebhooksRecord {
  readonly preWebhookUrl: string | null;
  readonly postWebhookUrl: string | null;
  readonly method: string | null;
  readonly filters: string[];
  readonly target: string | null;
}

export function toAccountWebhooks(data: unknown): AccountWebhooksRecord {
  const w = asWireRecord(data, 'account webhooks');
  return {
    preWebhookUrl: str(w, 'pre_webhook_url'),
    postWebhookUrl: str(w, 'post_webhook_url'),
    method: upper(str(w, 'method')),
    filters: strings(w, 'filters') ?? [],
    target: str(w, 'target'),
  };
}

export interface AutoCreationRecord {
  readonly enabled: boolean | null;
  readonly type: string | null;
  readonly conversationServiceSid: string | null;
  readonly webhookUrl: string | null;
  readonly webhookMethod: string | null;
  readonly webhookFilters: string[] | null;
  readonly studioFlowSid: string | null;
  readonly studioRetryCount: number | null;
}

export interface AddressConfigurationRecord extends Dated {
  readonly sid: string;
  readonly type: string | null;
  readonly address: string | null;
  readonly friendlyName: string | null;
  readonly addressCountry: string | null;
  readonly autoCreation: AutoCreationRecord | null;
}

export function toAddressConfiguration(data: unknown): AddressConfigurationRecord {
  const w = asWireRecord(data, 'address configuration');
  const a = obj(w, 'auto_creation');
  return {
    sid: sidOf(w),
    type: str(w, 'type'),
    address: str(w, 'address'),
    friendlyName: str(w, 'friendly_name'),
    addressCountry: str(w, 'address_country'),
    autoCreation: a
      ? {
          enabled: bool(a, 'enabled'),
          type: str(a, 'type'),
          conversationServiceSid: str(a, 'conversation_service_sid'),
          webhookUrl: str(a, 'webhook_url'),
          webhookMethod: str(a, 'webhook_method'),
          webhookFilters: strings(a, 'webhook_filters'),
          studioFlowSid: str(a, 'studio_flow_sid'),
          studioRetryCount: int(a, 'studio_retry_count'),
        }
      : null,
    ...dates(w),
  };
}

/**
 * Service records: what both APIs have, the Chat service record (which carries the settings
 * Conversations keeps in sub-resources of the service), and those sub-resources. Method names are
 * kept in upper case whatever casing the API answered with, so the two views compare equal.
 */
import { asWireRecord, bool, int, obj, str, strings, strOf, type WireRecord } from '../wire.js';
import { type Dated, dates, sidOf, upper } from './common.js';

export interface ServiceRecord extends Dated {
  readonly sid: string;
  readonly friendlyName: string | null;
}

export function toService(data: unknown): ServiceRecord {
  const w = asWireRecord(data, 'service');
  return { sid: sidOf(w), friendlyName: str(w, 'friendly_name'), ...dates(w) };
}

export interface ServiceConfigurationRecord {
  /** The service the settings belong to (its cache key); null when Twilio's answer lacks it. */
  readonly serviceSid: string | null;
  readonly defaultChatServiceRoleSid: string | null;
  readonly defaultConversationRoleSid: string | null;
  readonly defaultConversationCreatorRoleSid: string | null;
  readonly reachabilityEnabled: boolean | null;
}

export function toServiceConfiguration(
  data: unknown,
  serviceSid: string | null = null,
): ServiceConfigurationRecord {
  const w = asWireRecord(data, 'service configuration');
  return {
    serviceSid: str(w, 'chat_service_sid') ?? serviceSid,
    defaultChatServiceRoleSid: str(w, 'default_chat_service_role_sid'),
    defaultConversationRoleSid: str(w, 'default_conversation_role_sid'),
    defaultConversationCreatorRoleSid: str(w, 'default_conversation_creator_role_sid'),
    reachabilityEnabled: bool(w, 'reachability_enabled'),
  };
}

export interface NotificationSettingRecord {
  readonly enabled: boolean | null;
  readonly template: string | null;
  readonly sound: string | null;
}

export interface NewMessageNotificationRecord extends NotificationSettingRecord {
  readonly badgeCountEnabled: boolean | null;
  readonly withMedia: { readonly enabled: boolean | null; readonly template: string | null } | null;
}

export interface ServiceNotificationsRecord {
  readonly serviceSid: string | null;
  readonly logEnabled: boolean | null;
  readonly newMessage: NewMessageNotificationRecord | null;
  readonly addedToConversation: NotificationSettingRecord | null;
  readonly removedFromConversation: NotificationSettingRecord | null;
  /** Chat only: Conversations has no invitations. */
  readonly invitedToConversation: NotificationSettingRecord | null;
}

export interface ServiceWebhooksRecord {
  readonly serviceSid: string | null;
  readonly preWebhookUrl: string | null;
  readonly postWebhookUrl: string | null;
  readonly method: string | null;
  readonly filters: string[];
}

/** One of Chat v1's per-event service webhooks (`webhooks.on_message_send` ...). */
export interface EventWebhookRecord {
  /** Event name as Chat spells it in parameters, e.g. `OnMessageSend`. */
  readonly event: string;
  readonly url: string | null;
  readonly method: string | null;
}

/** What a Chat service record carries beyond the Conversations service record. */
export interface ChatServiceSettingsRecord {
  readonly configuration: ServiceConfigurationRecord;
  readonly notifications: ServiceNotificationsRecord;
  readonly webhooks: ServiceWebhooksRecord;
  readonly preWebhookRetryCount: number | null;
  readonly postWebhookRetryCount: number | null;
  readonly media: {
    readonly sizeLimitMb: number | null;
    readonly compatibilityMessage: string | null;
  } | null;
  /** Chat v1 only; null from Chat v2. */
  readonly eventWebhooks: EventWebhookRecord[] | null;
}

export interface ChatServiceRecord extends ChatServiceSettingsRecord {
  readonly sid: string;
  /** The fields both APIs have, so a Chat-only selection needs no Conversations read. */
  readonly service: ServiceRecord;
  readonly readStatusEnabled: boolean | null;
  readonly typingIndicatorTimeout: number | null;
  readonly consumptionReportInterval: number | null;
  readonly limits: {
    readonly channelMembers: number | null;
    readonly userChannels: number | null;
  } | null;
}

export function toChatService(data: unknown): ChatServiceRecord {
  const w = asWireRecord(data, 'chat service');
  const limits = obj(w, 'limits');
  return {
    sid: sidOf(w),
    service: toService(data),
    readStatusEnabled: bool(w, 'read_status_enabled'),
    typingIndicatorTimeout: int(w, 'typing_indicator_timeout'),
    consumptionReportInterval: int(w, 'consumption_report_interval'),
    limits: limits
      ? {
          channelMembers: int(limits, 'channel_members'),
          userChannels: int(limits, 'user_channels'),
        }
      : null,
    ...chatServiceSettings(w),
  };
}

function setting(w: WireRecord | null): NotificationSettingRecord | null {
  if (!w) return null;
  return { enabled: bool(w, 'enabled'), template: str(w, 'template'), sound: str(w, 'sound') };
}

function newMessage(w: WireRecord | null): NewMessageNotificationRecord | null {
  if (!w) return null;
  const media = obj(w, 'with_media');
  return {
    enabled: bool(w, 'enabled'),
    template: str(w, 'template'),
    sound: str(w, 'sound'),
    badgeCountEnabled: bool(w, 'badge_count_enabled'),
    withMedia: media ? { enabled: bool(media, 'enabled'), template: str(media, 'template') } : null,
  };
}

export function toServiceNotifications(
  data: unknown,
  serviceSid: string | null = null,
): ServiceNotificationsRecord {
  const w = asWireRecord(data, 'service notifications');
  return {
    serviceSid: str(w, 'chat_service_sid') ?? serviceSid,
    logEnabled: bool(w, 'log_enabled'),
    newMessage: newMessage(obj(w, 'new_message')),
    addedToConversation: setting(obj(w, 'added_to_conversation')),
    removedFromConversation: setting(obj(w, 'removed_from_conversation')),
    invitedToConversation: null,
  };
}

export function toServiceWebhooks(
  data: unknown,
  serviceSid: string | null = null,
): ServiceWebhooksRecord {
  const w = asWireRecord(data, 'service webhooks');
  return {
    serviceSid: str(w, 'chat_service_sid') ?? serviceSid,
    preWebhookUrl: str(w, 'pre_webhook_url'),
    postWebhookUrl: str(w, 'post_webhook_url'),
    method: upper(str(w, 'method')),
    filters: strings(w, 'filters') ?? [],
  };
}

/** `on_message_send` → `OnMessageSend`. */
const eventName = (key: string): string =>
  key.replace(/(^|_)([a-z])/g, (_m, _sep: string, c: string) => c.toUpperCase());

function eventWebhooks(w: WireRecord): EventWebhookRecord[] | null {
  const hooks = obj(w, 'webhooks');
  if (!hooks) return null;
  const out: EventWebhookRecord[] = [];
  for (const key of Object.keys(hooks).sort()) {
    const hook = obj(hooks, key);
    if (!hook) continue;
    out.push({ event: eventName(key), url: str(hook, 'url'), method: upper(str(hook, 'method')) });
  }
  return out;
}

/** The Chat-only and mirrored settings of a Chat v1/v2 service record. */
function chatServiceSettings(w: WireRecord): ChatServiceSettingsRecord {
  const serviceSid = str(w, 'sid');
  const n = obj(w, 'notifications');
  const media = obj(w, 'media');
  return {
    configuration: {
      serviceSid,
      defaultChatServiceRoleSid: str(w, 'default_service_role_sid'),
      defaultConversationRoleSid: str(w, 'default_channel_role_sid'),
      defaultConversationCreatorRoleSid: str(w, 'default_channel_creator_role_sid'),
      reachabilityEnabled: bool(w, 'reachability_enabled'),
    },
    notifications: {
      serviceSid,
      logEnabled: n ? bool(n, 'log_enabled') : null,
      newMessage: n ? newMessage(obj(n, 'new_message')) : null,
      addedToConversation: n ? setting(obj(n, 'added_to_channel')) : null,
      removedFromConversation: n ? setting(obj(n, 'removed_from_channel')) : null,
      invitedToConversation: n ? setting(obj(n, 'invited_to_channel')) : null,
    },
    webhooks: {
      serviceSid,
      preWebhookUrl: str(w, 'pre_webhook_url'),
      postWebhookUrl: str(w, 'post_webhook_url'),
      method: upper(strOf(w, 'webhook_method')),
      filters: strings(w, 'webhook_filters') ?? [],
    },
    preWebhookRetryCount: int(w, 'pre_webhook_retry_count'),
    postWebhookRetryCount: int(w, 'post_webhook_retry_count'),
    media: media
      ? {
          sizeLimitMb: int(media, 'size_limit_mb'),
          compatibilityMessage: str(media, 'compatibility_message'),
        }
      : null,
    eventWebhooks: eventWebhooks(w),
  };
}

/**
 * Conversations configuration renderings: the account's configuration and webhooks, address
 * configurations (IG), and a service's configuration, notifications and webhooks.
 */
import type { WireRecord } from '../../contract.js';
import type { AddressConfiguration, NotificationSetting, Service } from '../../store/entities.js';
import type { Store } from '../../store/store.js';
import { isoSeconds } from '../../store/time.js';
import type { Request } from '../request.js';

export function accountConfiguration(r: Request, store: Store): WireRecord {
  const a = store.account;
  return {
    account_sid: r.accountSid,
    default_chat_service_sid: a.defaultChatServiceSid,
    default_messaging_service_sid: a.defaultMessagingServiceSid,
    default_inactive_timer: a.defaultInactiveTimer,
    default_closed_timer: a.defaultClosedTimer,
    url: `${r.base}/Configuration`,
    links: {
      service: `${r.base}/Services/${a.defaultChatServiceSid ?? ''}/Configuration`,
      webhooks: `${r.base}/Configuration/Webhooks`,
    },
  };
}

export function accountWebhooks(r: Request, store: Store): WireRecord {
  const a = store.account;
  return {
    account_sid: r.accountSid,
    method: a.webhookMethod.toUpperCase(),
    filters: a.webhookFilters,
    pre_webhook_url: a.preWebhookUrl,
    post_webhook_url: a.postWebhookUrl,
    target: a.webhookTarget,
    url: `${r.base}/Configuration/Webhooks`,
  };
}

export function addressConfiguration(r: Request, a: AddressConfiguration): WireRecord {
  const auto = a.autoCreation;
  const autoCreation: Record<string, unknown> = { enabled: auto.enabled };
  if (auto.type !== null) autoCreation.type = auto.type;
  if (auto.conversationServiceSid !== null)
    autoCreation.conversation_service_sid = auto.conversationServiceSid;
  if (auto.webhookUrl !== null) autoCreation.webhook_url = auto.webhookUrl;
  if (auto.webhookMethod !== null) autoCreation.webhook_method = auto.webhookMethod;
  if (auto.webhookFilters.length > 0) autoCreation.webhook_filters = auto.webhookFilters;
  if (auto.studioFlowSid !== null) autoCreation.studio_flow_sid = auto.studioFlowSid;
  if (auto.studioRetryCount !== null) autoCreation.studio_retry_count = auto.studioRetryCount;
  return {
    sid: a.sid,
    account_sid: r.accountSid,
    type: a.type,
    address: a.address,
    friendly_name: a.friendlyName,
    auto_creation: autoCreation,
    date_created: isoSeconds(a.dateCreated),
    date_updated: isoSeconds(a.dateUpdated),
    url: `${r.base}/Configuration/Addresses/${a.sid}`,
    address_country: a.addressCountry,
  };
}

export function serviceConfiguration(r: Request, s: Service): WireRecord {
  const url = `${r.base}/Services/${s.sid}/Configuration`;
  return {
    chat_service_sid: s.sid,
    default_conversation_creator_role_sid: s.defaultChannelCreatorRoleSid,
    default_conversation_role_sid: s.defaultChannelRoleSid,
    default_chat_service_role_sid: s.defaultServiceRoleSid,
    url,
    links: { notifications: `${url}/Notifications`, webhooks: `${url}/Webhooks` },
    reachability_enabled: s.reachabilityEnabled,
  };
}

function notification(setting: NotificationSetting): Record<string, unknown> {
  return { enabled: setting.enabled, template: setting.template, sound: setting.sound };
}

export function serviceNotifications(r: Request, s: Service): WireRecord {
  const n = s.notifications;
  return {
    account_sid: r.accountSid,
    chat_service_sid: s.sid,
    new_message: {
      ...notification(n.newMessage),
      badge_count_enabled: n.newMessage.badgeCountEnabled,
      with_media: {
        enabled: n.newMessage.withMedia.enabled,
        template: n.newMessage.withMedia.template,
      },
    },
    added_to_conversation: notification(n.addedToChannel),
    removed_from_conversation: notification(n.removedFromChannel),
    log_enabled: n.logEnabled,
    url: `${r.base}/Services/${s.sid}/Configuration/Notifications`,
  };
}

export function serviceWebhooks(r: Request, s: Service): WireRecord {
  return {
    account_sid: r.accountSid,
    chat_service_sid: s.sid,
    pre_webhook_url: s.preWebhookUrl,
    post_webhook_url: s.postWebhookUrl,
    filters: s.webhookFilters,
    method: s.webhookMethod.toUpperCase(),
    url: `${r.base}/Services/${s.sid}/Configuration/Webhooks`,
  };
}

/** Chat v1 / v2 and Conversations renderings of a service (IS). */
import { chatV1ServiceHookEvents } from '../../../registry/index.js';
import type { WireRecord } from '../../contract.js';
import type { NotificationSetting, Service } from '../../store/entities.js';
import { isoSeconds } from '../../store/time.js';
import type { Request } from '../request.js';
import { serviceUrl } from './urls.js';

function notification(setting: NotificationSetting, v2: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { enabled: setting.enabled };
  if (setting.template !== null) out.template = setting.template;
  if (v2 && setting.sound !== null) out.sound = setting.sound;
  return out;
}

const snake = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();

export function chatService(r: Request, s: Service): WireRecord {
  const v2 = r.version === 'v2';
  const n = s.notifications;
  const notifications: Record<string, unknown> = {
    new_message: v2
      ? { ...notification(n.newMessage, true), badge_count_enabled: n.newMessage.badgeCountEnabled }
      : notification(n.newMessage, false),
    added_to_channel: notification(n.addedToChannel, v2),
    removed_from_channel: notification(n.removedFromChannel, v2),
    invited_to_channel: notification(n.invitedToChannel, v2),
  };
  if (v2) notifications.log_enabled = n.logEnabled;
  const url = serviceUrl(r, s.sid);
  const links: Record<string, string> = {
    channels: `${url}/Channels`,
    users: `${url}/Users`,
    roles: `${url}/Roles`,
  };
  if (v2) links.bindings = `${url}/Bindings`;
  const common = {
    sid: s.sid,
    account_sid: r.accountSid,
    friendly_name: s.friendlyName,
    date_created: isoSeconds(s.dateCreated),
    date_updated: isoSeconds(s.dateUpdated),
    default_service_role_sid: s.defaultServiceRoleSid,
    default_channel_role_sid: s.defaultChannelRoleSid,
    default_channel_creator_role_sid: s.defaultChannelCreatorRoleSid,
    read_status_enabled: s.readStatusEnabled,
    reachability_enabled: s.reachabilityEnabled,
    typing_indicator_timeout: s.typingIndicatorTimeout,
    consumption_report_interval: s.consumptionReportInterval,
    limits: { channel_members: s.limits.channelMembers, user_channels: s.limits.userChannels },
    pre_webhook_url: s.preWebhookUrl,
    post_webhook_url: s.postWebhookUrl,
    webhook_method: s.webhookMethod,
    webhook_filters: s.webhookFilters,
  };
  if (!v2) {
    const webhooks: Record<string, unknown> = {};
    for (const event of chatV1ServiceHookEvents) {
      const hook = s.eventHooks.get(event);
      webhooks[snake(event)] = { url: hook?.url ?? null, method: hook?.method ?? null };
    }
    return { ...common, webhooks, notifications, url, links };
  }
  return {
    ...common,
    pre_webhook_retry_count: s.preWebhookRetryCount,
    post_webhook_retry_count: s.postWebhookRetryCount,
    notifications,
    media: {
      size_limit_mb: s.media.sizeLimitMb,
      compatibility_message: s.media.compatibilityMessage,
    },
    url,
    links,
  };
}

export function conversationsService(r: Request, s: Service): WireRecord {
  const url = `${r.base}/Services/${s.sid}`;
  return {
    account_sid: r.accountSid,
    sid: s.sid,
    friendly_name: s.friendlyName,
    date_created: isoSeconds(s.dateCreated),
    date_updated: isoSeconds(s.dateUpdated),
    url,
    links: {
      conversations: `${url}/Conversations`,
      users: `${url}/Users`,
      roles: `${url}/Roles`,
      bindings: `${url}/Bindings`,
      configuration: `${url}/Configuration`,
      participant_conversations: `${url}/ParticipantConversations`,
      conversation_with_participants: `${url}/ConversationWithParticipants`,
    },
  };
}

/**
 * Chat v1 / v2 (= IP Messaging v2) / v3 wire shapes of the shared store's records. Each function
 * returns exactly the fields of the operation's response schema for its version.
 */
import { chatV1ServiceHookEvents } from '../../../registry/index.js';
import type { WireRecord } from '../../contract.js';
import type {
  Binding,
  Channel,
  ChannelWebhook,
  Credential,
  Invite,
  Member,
  Message,
  NotificationSetting,
  Role,
  Service,
  User,
} from '../../store/entities.js';
import type { Store } from '../../store/store.js';
import { isoOrNull, isoSeconds } from '../../store/time.js';
import type { Request } from '../request.js';

const serviceUrl = (r: Request, serviceSid: string) => `${r.base}/Services/${serviceSid}`;
const channelUrl = (r: Request, c: { serviceSid: string; sid: string }) =>
  `${serviceUrl(r, c.serviceSid)}/Channels/${c.sid}`;
const userUrl = (r: Request, u: { serviceSid: string; sid: string }) =>
  `${serviceUrl(r, u.serviceSid)}/Users/${u.sid}`;

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

/*
 * Channels, messages and user-channel rows are written as whole object literals per version
 * rather than `{ ...core, more }`: V8 builds the spread form an order of magnitude slower, and
 * list pages render these by the dozen.
 */

export function chatChannel(r: Request, c: Channel): WireRecord {
  const url = channelUrl(r, c);
  if (r.version === 'v3') {
    return {
      sid: c.sid,
      account_sid: r.accountSid,
      service_sid: c.serviceSid,
      friendly_name: c.friendlyName,
      unique_name: c.uniqueName,
      attributes: c.attributes,
      type: c.type,
      date_created: isoSeconds(c.dateCreated),
      date_updated: isoSeconds(c.dateUpdated),
      created_by: c.createdBy,
      members_count: c.members.size,
      messages_count: c.messages.length,
      messaging_service_sid: c.messagingServiceSid,
      url,
    };
  }
  const last = c.messages[c.messages.length - 1];
  const lastMessage = last ? `${url}/Messages/${last.sid}` : null;
  return {
    sid: c.sid,
    account_sid: r.accountSid,
    service_sid: c.serviceSid,
    friendly_name: c.friendlyName,
    unique_name: c.uniqueName,
    attributes: c.attributes,
    type: c.type,
    date_created: isoSeconds(c.dateCreated),
    date_updated: isoSeconds(c.dateUpdated),
    created_by: c.createdBy,
    members_count: c.members.size,
    messages_count: c.messages.length,
    url,
    links:
      r.version === 'v2'
        ? {
            members: `${url}/Members`,
            messages: `${url}/Messages`,
            invites: `${url}/Invites`,
            webhooks: `${url}/Webhooks`,
            last_message: lastMessage,
          }
        : {
            members: `${url}/Members`,
            messages: `${url}/Messages`,
            invites: `${url}/Invites`,
            last_message: lastMessage,
          },
  };
}

export function chatMember(r: Request, m: Member): WireRecord {
  const out: Record<string, unknown> = {
    sid: m.sid,
    account_sid: r.accountSid,
    channel_sid: m.channelSid,
    service_sid: m.serviceSid,
    identity: m.identity,
    date_created: isoSeconds(m.dateCreated),
    date_updated: isoSeconds(m.dateUpdated),
    role_sid: m.roleSid,
    last_consumed_message_index: m.lastReadIndex,
    last_consumption_timestamp: isoOrNull(m.lastReadAt),
    url: `${channelUrl(r, { serviceSid: m.serviceSid, sid: m.channelSid })}/Members/${m.sid}`,
  };
  if (r.version === 'v2') out.attributes = m.attributes;
  return out;
}

export function chatMessage(r: Request, m: Message): WireRecord {
  const url = `${channelUrl(r, { serviceSid: m.serviceSid, sid: m.channelSid })}/Messages/${m.sid}`;
  if (r.version !== 'v2') {
    return {
      sid: m.sid,
      account_sid: r.accountSid,
      attributes: m.attributes,
      service_sid: m.serviceSid,
      to: m.channelSid,
      channel_sid: m.channelSid,
      date_created: isoSeconds(m.dateCreated),
      date_updated: isoSeconds(m.dateUpdated),
      was_edited: m.wasEdited,
      from: m.author,
      body: m.body,
      index: m.index,
      url,
    };
  }
  return {
    sid: m.sid,
    account_sid: r.accountSid,
    attributes: m.attributes,
    service_sid: m.serviceSid,
    to: m.channelSid,
    channel_sid: m.channelSid,
    date_created: isoSeconds(m.dateCreated),
    date_updated: isoSeconds(m.dateUpdated),
    last_updated_by: m.lastUpdatedBy,
    was_edited: m.wasEdited,
    from: m.author,
    body: m.body,
    index: m.index,
    type: m.media ? 'media' : 'text',
    media: m.media
      ? {
          sid: m.media.sid,
          size: m.media.size,
          content_type: m.media.contentType,
          filename: m.media.filename,
        }
      : null,
    url,
  };
}

export function chatRole(r: Request, role: Role): WireRecord {
  return {
    sid: role.sid,
    account_sid: r.accountSid,
    service_sid: role.serviceSid,
    friendly_name: role.friendlyName,
    type: role.type,
    permissions: role.permissions,
    date_created: isoSeconds(role.dateCreated),
    date_updated: isoSeconds(role.dateUpdated),
    url: `${serviceUrl(r, role.serviceSid)}/Roles/${role.sid}`,
  };
}

/** `is_online` / `is_notifiable` are only filled on fetch, and only with reachability on. */
export function chatUser(r: Request, store: Store, u: User, fetched: boolean): WireRecord {
  const service = store.services.get(u.serviceSid);
  const reachable = fetched && service?.reachabilityEnabled === true;
  const url = userUrl(r, u);
  const links: Record<string, string> = { user_channels: `${url}/Channels` };
  if (r.version === 'v2') links.user_bindings = `${url}/Bindings`;
  return {
    sid: u.sid,
    account_sid: r.accountSid,
    service_sid: u.serviceSid,
    attributes: u.attributes,
    friendly_name: u.friendlyName,
    role_sid: u.roleSid,
    identity: u.identity,
    is_online: reachable ? false : null,
    is_notifiable: reachable ? hasBindings(store, u) : null,
    date_created: isoSeconds(u.dateCreated),
    date_updated: isoSeconds(u.dateUpdated),
    joined_channels_count: store.membershipsOf(u.serviceSid, u.identity).size,
    links,
    url,
  };
}

function hasBindings(store: Store, u: User): boolean {
  for (const binding of store.bindings.of(u.serviceSid)) {
    if (binding.identity === u.identity) return true;
  }
  return false;
}

export function chatUserChannel(
  r: Request,
  store: Store,
  user: User,
  channel: Channel,
  member: Member,
): WireRecord {
  const url = channelUrl(r, channel);
  const links = { channel: url, member: `${url}/Members/${member.sid}` };
  const unread = store.unreadCount(channel, member);
  if (r.version !== 'v2') {
    return {
      account_sid: r.accountSid,
      service_sid: channel.serviceSid,
      channel_sid: channel.sid,
      member_sid: member.sid,
      status: 'joined',
      last_consumed_message_index: member.lastReadIndex,
      unread_messages_count: unread,
      links,
    };
  }
  return {
    account_sid: r.accountSid,
    service_sid: channel.serviceSid,
    channel_sid: channel.sid,
    user_sid: user.sid,
    member_sid: member.sid,
    status: 'joined',
    last_consumed_message_index: member.lastReadIndex,
    unread_messages_count: unread,
    links,
    url: `${userUrl(r, user)}/Channels/${channel.sid}`,
    notification_level: member.notificationLevel,
  };
}

export function chatInvite(r: Request, i: Invite): WireRecord {
  return {
    sid: i.sid,
    account_sid: r.accountSid,
    channel_sid: i.channelSid,
    service_sid: i.serviceSid,
    identity: i.identity,
    date_created: isoSeconds(i.dateCreated),
    date_updated: isoSeconds(i.dateUpdated),
    role_sid: i.roleSid,
    created_by: i.createdBy,
    url: `${channelUrl(r, { serviceSid: i.serviceSid, sid: i.channelSid })}/Invites/${i.sid}`,
  };
}

export function chatCredential(r: Request, c: Credential): WireRecord {
  return {
    sid: c.sid,
    account_sid: r.accountSid,
    friendly_name: c.friendlyName,
    type: c.type,
    sandbox: c.sandbox,
    date_created: isoSeconds(c.dateCreated),
    date_updated: isoSeconds(c.dateUpdated),
    url: `${r.base}/Credentials/${c.sid}`,
  };
}

export function chatBinding(r: Request, store: Store, b: Binding): WireRecord {
  const user = store.users.find(b.serviceSid, b.identity);
  return {
    sid: b.sid,
    account_sid: r.accountSid,
    service_sid: b.serviceSid,
    date_created: isoSeconds(b.dateCreated),
    date_updated: isoSeconds(b.dateUpdated),
    endpoint: b.endpoint,
    identity: b.identity,
    credential_sid: b.credentialSid,
    binding_type: b.bindingType,
    message_types: b.messageTypes,
    url: `${serviceUrl(r, b.serviceSid)}/Bindings/${b.sid}`,
    links: { user: `${serviceUrl(r, b.serviceSid)}/Users/${user?.sid ?? b.identity}` },
  };
}

export function chatUserBinding(r: Request, user: User, b: Binding): WireRecord {
  return {
    sid: b.sid,
    account_sid: r.accountSid,
    service_sid: b.serviceSid,
    date_created: isoSeconds(b.dateCreated),
    date_updated: isoSeconds(b.dateUpdated),
    endpoint: b.endpoint,
    identity: b.identity,
    user_sid: user.sid,
    credential_sid: b.credentialSid,
    binding_type: b.bindingType,
    message_types: b.messageTypes,
    url: `${userUrl(r, user)}/Bindings/${b.sid}`,
  };
}

export function chatWebhook(r: Request, w: ChannelWebhook): WireRecord {
  const configuration: Record<string, unknown> = {};
  if (w.url !== null) configuration.url = w.url;
  configuration.method = w.method.toUpperCase();
  if (w.filters.length > 0) configuration.filters = w.filters;
  if (w.triggers.length > 0) configuration.triggers = w.triggers;
  if (w.flowSid !== null) configuration.flow_sid = w.flowSid;
  configuration.retry_count = w.retryCount;
  return {
    sid: w.sid,
    account_sid: r.accountSid,
    service_sid: w.serviceSid,
    channel_sid: w.channelSid,
    type: w.target,
    url: `${channelUrl(r, { serviceSid: w.serviceSid, sid: w.channelSid })}/Webhooks/${w.sid}`,
    configuration,
    date_created: isoSeconds(w.dateCreated),
    date_updated: isoSeconds(w.dateUpdated),
  };
}

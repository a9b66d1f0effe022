/**
 * Conversations v1 wire shapes of the shared store's records. The default-service variants
 * (`/v1/Conversations/…`) omit `chat_service_sid` on messages, participants, scoped webhooks and
 * receipts; the `/v1/Services/{IS}/…` variants carry it, and URLs follow the form called.
 */
import type { WireRecord } from '../../contract.js';
import type {
  AddressConfiguration,
  Binding,
  Channel,
  ChannelWebhook,
  Credential,
  Member,
  Message,
  NotificationSetting,
  Receipt,
  Role,
  Service,
  User,
} from '../../store/entities.js';
import type { Store } from '../../store/store.js';
import { isoOrNull, isoSeconds } from '../../store/time.js';
import type { Request } from '../request.js';

/** Root of service-owned resources in the form the client used. */
function root(r: Request, serviceSid: string): string {
  return r.serviceScoped ? `${r.base}/Services/${serviceSid}` : r.base;
}

const conversationUrl = (r: Request, serviceSid: string, channelSid: string) =>
  `${root(r, serviceSid)}/Conversations/${channelSid}`;

/** Adds `chat_service_sid` right after `account_sid` on the service-scoped variant only. */
function scoped(r: Request, serviceSid: string): Record<string, unknown> {
  return r.serviceScoped ? { chat_service_sid: serviceSid } : {};
}

export function roleType(type: Role['type']): 'conversation' | 'service' {
  return type === 'channel' ? 'conversation' : 'service';
}

export function timers(c: Channel): Record<string, string> {
  const out: Record<string, string> = {};
  if (c.timerInactiveAt !== null) out.date_inactive = isoSeconds(c.timerInactiveAt);
  if (c.timerClosedAt !== null) out.date_closed = isoSeconds(c.timerClosedAt);
  return out;
}

function bindings(c: Channel): Record<string, unknown> {
  if (!c.emailBinding) return {};
  return { email: { address: c.emailBinding.address, name: c.emailBinding.name } };
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

/**
 * A conversation; `withParticipants` renders the ConversationWithParticipants variant (same
 * fields, `links` without `export` and before `url`). Each variant is one object literal: V8
 * builds `{ ...core, more }` an order of magnitude slower, and list pages render these by the
 * dozen.
 */
export function conversation(r: Request, c: Channel, withParticipants = false): WireRecord {
  const url = conversationUrl(r, c.serviceSid, c.sid);
  if (withParticipants) {
    return {
      account_sid: r.accountSid,
      chat_service_sid: c.serviceSid,
      messaging_service_sid: c.messagingServiceSid,
      sid: c.sid,
      friendly_name: c.friendlyName,
      unique_name: c.uniqueName,
      attributes: c.attributes,
      state: c.state,
      date_created: isoSeconds(c.dateCreated),
      date_updated: isoSeconds(c.dateUpdated),
      timers: timers(c),
      links: {
        participants: `${url}/Participants`,
        messages: `${url}/Messages`,
        webhooks: `${url}/Webhooks`,
      },
      bindings: bindings(c),
      url,
    };
  }
  return {
    account_sid: r.accountSid,
    chat_service_sid: c.serviceSid,
    messaging_service_sid: c.messagingServiceSid,
    sid: c.sid,
    friendly_name: c.friendlyName,
    unique_name: c.uniqueName,
    attributes: c.attributes,
    state: c.state,
    date_created: isoSeconds(c.dateCreated),
    date_updated: isoSeconds(c.dateUpdated),
    timers: timers(c),
    url,
    links: {
      participants: `${url}/Participants`,
      messages: `${url}/Messages`,
      webhooks: `${url}/Webhooks`,
      export: `${url}/Export`,
    },
    bindings: bindings(c),
  };
}

function delivery(m: Message): Record<string, unknown> | null {
  if (m.receipts.size === 0) return null;
  const counts = { sent: 0, delivered: 0, read: 0, failed: 0, undelivered: 0 };
  for (const receipt of m.receipts.values()) counts[receipt.status] += 1;
  const total = m.receipts.size;
  const level = (n: number) => (n === 0 ? 'none' : n === total ? 'all' : 'some');
  return {
    total,
    sent: level(counts.sent),
    delivered: level(counts.delivered),
    read: level(counts.read),
    failed: level(counts.failed),
    undelivered: level(counts.undelivered),
  };
}

export function conversationMessage(r: Request, m: Message): WireRecord {
  const url = `${conversationUrl(r, m.serviceSid, m.channelSid)}/Messages/${m.sid}`;
  const media = m.media
    ? [
        {
          sid: m.media.sid,
          size: m.media.size,
          content_type: m.media.contentType,
          filename: m.media.filename,
        },
      ]
    : null;
  return {
    account_sid: r.accountSid,
    ...scoped(r, m.serviceSid),
    conversation_sid: m.channelSid,
    sid: m.sid,
    index: m.index,
    author: m.author,
    body: m.body,
    media,
    attributes: m.attributes,
    participant_sid: m.participantSid,
    date_created: isoSeconds(m.dateCreated),
    date_updated: isoSeconds(m.dateUpdated),
    url,
    delivery: delivery(m),
    links: { delivery_receipts: `${url}/Receipts`, channel_metadata: `${url}/ChannelMetadata` },
    content_sid: m.contentSid,
  };
}

export function receipt(r: Request, d: Receipt): WireRecord {
  const messageUrl = `${conversationUrl(r, d.serviceSid, d.channelSid)}/Messages/${d.messageSid}`;
  return {
    account_sid: r.accountSid,
    ...scoped(r, d.serviceSid),
    conversation_sid: d.channelSid,
    sid: d.sid,
    message_sid: d.messageSid,
    channel_message_sid: d.channelMessageSid,
    participant_sid: d.participantSid,
    status: d.status,
    error_code: d.errorCode,
    date_created: isoSeconds(d.dateCreated),
    date_updated: isoSeconds(d.dateUpdated),
    url: `${messageUrl}/Receipts/${d.sid}`,
  };
}

export function messagingBinding(m: Member): Record<string, unknown> | null {
  const b = m.messagingBinding;
  if (!b) return null;
  const out: Record<string, unknown> = { type: b.type };
  if (b.address !== null) out.address = b.address;
  if (b.proxyAddress !== null) out.proxy_address = b.proxyAddress;
  if (b.projectedAddress !== null) out.projected_address = b.projectedAddress;
  return out;
}

export function participant(r: Request, m: Member): WireRecord {
  return {
    account_sid: r.accountSid,
    ...scoped(r, m.serviceSid),
    conversation_sid: m.channelSid,
    sid: m.sid,
    identity: m.identity,
    attributes: m.attributes,
    messaging_binding: messagingBinding(m),
    role_sid: m.roleSid,
    date_created: isoSeconds(m.dateCreated),
    date_updated: isoSeconds(m.dateUpdated),
    url: `${conversationUrl(r, m.serviceSid, m.channelSid)}/Participants/${m.sid}`,
    last_read_message_index: m.lastReadIndex,
    last_read_timestamp: isoOrNull(m.lastReadAt),
  };
}

export function scopedWebhook(r: Request, w: ChannelWebhook): WireRecord {
  const configuration: Record<string, unknown> = {};
  if (w.url !== null) configuration.url = w.url;
  configuration.method = w.method.toLowerCase();
  if (w.filters.length > 0) configuration.filters = w.filters;
  if (w.triggers.length > 0) configuration.triggers = w.triggers;
  if (w.flowSid !== null) configuration.flow_sid = w.flowSid;
  if (w.replayAfter !== null) configuration.replay_after = w.replayAfter;
  return {
    sid: w.sid,
    account_sid: r.accountSid,
    ...scoped(r, w.serviceSid),
    conversation_sid: w.channelSid,
    target: w.target,
    url: `${conversationUrl(r, w.serviceSid, w.channelSid)}/Webhooks/${w.sid}`,
    configuration,
    date_created: isoSeconds(w.dateCreated),
    date_updated: isoSeconds(w.dateUpdated),
  };
}

export function conversationsUser(r: Request, store: Store, u: User, fetched: boolean): WireRecord {
  const service = store.services.get(u.serviceSid);
  const reachable = fetched && service?.reachabilityEnabled === true;
  const url = `${root(r, u.serviceSid)}/Users/${u.sid}`;
  let notifiable = false;
  if (reachable) {
    for (const b of store.bindings.of(u.serviceSid))
      if (b.identity === u.identity) notifiable = true;
  }
  return {
    sid: u.sid,
    account_sid: r.accountSid,
    chat_service_sid: u.serviceSid,
    role_sid: u.roleSid,
    identity: u.identity,
    friendly_name: u.friendlyName,
    attributes: u.attributes,
    is_online: reachable ? false : null,
    is_notifiable: reachable ? notifiable : null,
    date_created: isoSeconds(u.dateCreated),
    date_updated: isoSeconds(u.dateUpdated),
    url,
    links: { user_conversations: `${url}/Conversations` },
  };
}

export function userConversation(
  r: Request,
  store: Store,
  user: User,
  c: Channel,
  m: Member,
): WireRecord {
  const url = conversationUrl(r, c.serviceSid, c.sid);
  return {
    account_sid: r.accountSid,
    chat_service_sid: c.serviceSid,
    conversation_sid: c.sid,
    unread_messages_count: store.unreadCount(c, m),
    last_read_message_index: m.lastReadIndex,
    participant_sid: m.sid,
    user_sid: user.sid,
    friendly_name: c.friendlyName,
    conversation_state: c.state,
    timers: timers(c),
    attributes: c.attributes,
    date_created: isoSeconds(c.dateCreated),
    date_updated: isoSeconds(c.dateUpdated),
    created_by: c.createdBy,
    notification_level: m.notificationLevel,
    unique_name: c.uniqueName,
    url: `${root(r, c.serviceSid)}/Users/${user.sid}/Conversations/${c.sid}`,
    links: { participant: `${url}/Participants/${m.sid}`, conversation: url },
  };
}

export function participantConversation(
  r: Request,
  store: Store,
  c: Channel,
  m: Member,
): WireRecord {
  const url = conversationUrl(r, c.serviceSid, c.sid);
  const user = m.identity === null ? undefined : store.users.find(c.serviceSid, m.identity);
  return {
    account_sid: r.accountSid,
    chat_service_sid: c.serviceSid,
    participant_sid: m.sid,
    participant_user_sid: user?.sid ?? null,
    participant_identity: m.identity,
    participant_messaging_binding: messagingBinding(m),
    conversation_sid: c.sid,
    conversation_unique_name: c.uniqueName,
    conversation_friendly_name: c.friendlyName,
    conversation_attributes: c.attributes,
    conversation_date_created: isoSeconds(c.dateCreated),
    conversation_date_updated: isoSeconds(c.dateUpdated),
    conversation_created_by: c.createdBy,
    conversation_state: c.state,
    conversation_timers: timers(c),
    links: { participant: `${url}/Participants/${m.sid}`, conversation: url },
  };
}

export function conversationsRole(r: Request, role: Role): WireRecord {
  return {
    sid: role.sid,
    account_sid: r.accountSid,
    chat_service_sid: role.serviceSid,
    friendly_name: role.friendlyName,
    type: roleType(role.type),
    permissions: role.permissions,
    date_created: isoSeconds(role.dateCreated),
    date_updated: isoSeconds(role.dateUpdated),
    url: `${root(r, role.serviceSid)}/Roles/${role.sid}`,
  };
}

export function serviceBinding(r: Request, b: Binding): WireRecord {
  return {
    sid: b.sid,
    account_sid: r.accountSid,
    chat_service_sid: b.serviceSid,
    credential_sid: b.credentialSid,
    date_created: isoSeconds(b.dateCreated),
    date_updated: isoSeconds(b.dateUpdated),
    endpoint: b.endpoint,
    identity: b.identity,
    binding_type: b.bindingType,
    message_types: b.messageTypes.flatMap((t) =>
      t === 'invited_to_channel' ? [] : [t.replace('_channel', '_conversation')],
    ),
    url: `${r.base}/Services/${b.serviceSid}/Bindings/${b.sid}`,
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

export function conversationsCredential(r: Request, c: Credential): WireRecord {
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

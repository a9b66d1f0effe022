/**
 * The records loaders hand to the graph: Twilio's wire fields renamed to the graph's vocabulary
 * and typed. Enum-like values stay Twilio's lowercase strings; the graph maps them to its enums.
 * One converter per (API, resource); Chat-only data lives in separate `Chat*` records so a
 * Conversations load never implies a Chat request.
 */
import { chatServiceSettings, type ChatServiceSettingsRecord } from './admin-records.js';
import {
  asWireRecord,
  bool,
  int,
  jsonObject,
  obj,
  str,
  strings,
  strOf,
  type WireRecord,
} from './wire.js';

/** Parent SIDs known from the request path, used where a record omits them. */
export interface Scope {
  readonly serviceSid?: string;
  readonly conversationSid?: string;
  readonly messageSid?: string;
  readonly userSid?: string;
}

function need(value: string | null | undefined, what: string): string {
  if (value === null || value === undefined || value === '') {
    throw new TypeError(`Twilio returned a record without ${what}`);
  }
  return value;
}

function serviceOf(w: WireRecord, scope: Scope): string {
  return need(strOf(w, 'chat_service_sid', 'service_sid') ?? scope.serviceSid, 'a service SID');
}

function conversationOf(w: WireRecord, scope: Scope): string {
  return need(
    strOf(w, 'conversation_sid', 'channel_sid') ?? scope.conversationSid,
    'a conversation SID',
  );
}

function sidOf(w: WireRecord): string {
  return need(str(w, 'sid'), 'a SID');
}

/** The keys of an object inside a conversation: its service, conversation and own SID. */
function conversationChildKeys(
  w: WireRecord,
  scope: Scope,
): { readonly serviceSid: string; readonly conversationSid: string; readonly sid: string } {
  return {
    serviceSid: serviceOf(w, scope),
    conversationSid: conversationOf(w, scope),
    sid: sidOf(w),
  };
}

export interface Dated {
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
}

function dates(w: WireRecord): Dated {
  return { createdAt: str(w, 'date_created'), updatedAt: str(w, 'date_updated') };
}

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

export interface ServiceRecord extends Dated {
  readonly sid: string;
  readonly friendlyName: string | null;
}

export function toService(data: unknown): ServiceRecord {
  const w = asWireRecord(data, 'service');
  return { sid: sidOf(w), friendlyName: str(w, 'friendly_name'), ...dates(w) };
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

export interface TimersRecord {
  readonly inactiveAt: string | null;
  readonly closedAt: string | null;
}

function timers(w: WireRecord, key: string): TimersRecord | null {
  const t = obj(w, key);
  if (!t) return null;
  return { inactiveAt: str(t, 'date_inactive'), closedAt: str(t, 'date_closed') };
}

export interface ConversationRecord extends Dated {
  readonly serviceSid: string;
  readonly sid: string;
  readonly uniqueName: string | null;
  readonly friendlyName: string | null;
  readonly attributes: Record<string, unknown> | null;
  readonly state: string | null;
  readonly timers: TimersRecord | null;
  readonly messagingServiceSid: string | null;
}

export function toConversation(data: unknown, scope: Scope = {}): ConversationRecord {
  const w = asWireRecord(data, 'conversation');
  return {
    serviceSid: serviceOf(w, scope),
    sid: sidOf(w),
    uniqueName: str(w, 'unique_name'),
    friendlyName: str(w, 'friendly_name'),
    attributes: jsonObject(w, 'attributes'),
    state: str(w, 'state'),
    timers: timers(w, 'timers'),
    messagingServiceSid: str(w, 'messaging_service_sid'),
    ...dates(w),
  };
}

export interface ChannelRecord {
  readonly serviceSid: string;
  readonly sid: string;
  readonly uniqueName: string | null;
  readonly type: string | null;
  readonly membersCount: number | null;
  readonly messagesCount: number | null;
  readonly createdBy: string | null;
}

export function toChannel(data: unknown, scope: Scope = {}): ChannelRecord {
  const w = asWireRecord(data, 'channel');
  return {
    serviceSid: serviceOf(w, scope),
    sid: sidOf(w),
    uniqueName: str(w, 'unique_name'),
    type: str(w, 'type'),
    membersCount: int(w, 'members_count'),
    messagesCount: int(w, 'messages_count'),
    createdBy: str(w, 'created_by'),
  };
}

/** Conversation fields a Chat channel list also carries (same store), for list pages from Chat. */
export function conversationFieldsOfChannel(
  data: unknown,
  scope: Scope = {},
): Partial<ConversationRecord> {
  const w = asWireRecord(data, 'channel');
  return {
    serviceSid: serviceOf(w, scope),
    sid: sidOf(w),
    uniqueName: str(w, 'unique_name'),
    friendlyName: str(w, 'friendly_name'),
    attributes: jsonObject(w, 'attributes'),
    ...dates(w),
  };
}

export interface MessagingBindingRecord {
  readonly type: string | null;
  readonly address: string | null;
  readonly proxyAddress: string | null;
  readonly projectedAddress: string | null;
  readonly name: string | null;
  readonly level: string | null;
}

function messagingBinding(w: WireRecord, key: string): MessagingBindingRecord | null {
  const b = obj(w, key);
  if (!b) return null;
  return {
    type: str(b, 'type'),
    address: str(b, 'address'),
    proxyAddress: str(b, 'proxy_address'),
    projectedAddress: str(b, 'projected_address'),
    name: str(b, 'name'),
    level: str(b, 'level'),
  };
}

export interface ParticipantRecord extends Dated {
  readonly serviceSid: string;
  readonly conversationSid: string;
  readonly sid: string;
  readonly identity: string | null;
  readonly attributes: Record<string, unknown> | null;
  readonly roleSid: string | null;
  readonly lastReadMessageIndex: number | null;
  readonly lastReadTimestamp: string | null;
  readonly messagingBinding: MessagingBindingRecord | null;
}

export function toParticipant(data: unknown, scope: Scope = {}): ParticipantRecord {
  const w = asWireRecord(data, 'participant');
  return {
    ...conversationChildKeys(w, scope),
    identity: str(w, 'identity'),
    attributes: jsonObject(w, 'attributes'),
    roleSid: str(w, 'role_sid'),
    // Chat members name the same two fields after "consumption".
    lastReadMessageIndex:
      int(w, 'last_read_message_index') ?? int(w, 'last_consumed_message_index'),
    lastReadTimestamp: strOf(w, 'last_read_timestamp', 'last_consumption_timestamp') || null,
    messagingBinding: messagingBinding(w, 'messaging_binding'),
    ...dates(w),
  };
}

export interface UserRecord extends Dated {
  readonly serviceSid: string;
  readonly sid: string;
  readonly identity: string;
  readonly friendlyName: string | null;
  readonly attributes: Record<string, unknown> | null;
  readonly roleSid: string | null;
  readonly isOnline: boolean | null;
  readonly isNotifiable: boolean | null;
}

export function toUser(data: unknown, scope: Scope = {}): UserRecord {
  const w = asWireRecord(data, 'user');
  return {
    serviceSid: serviceOf(w, scope),
    sid: sidOf(w),
    identity: need(str(w, 'identity'), 'an identity'),
    friendlyName: str(w, 'friendly_name'),
    attributes: jsonObject(w, 'attributes'),
    roleSid: str(w, 'role_sid'),
    isOnline: bool(w, 'is_online'),
    isNotifiable: bool(w, 'is_notifiable'),
    ...dates(w),
  };
}

export interface ChatUserRecord {
  readonly serviceSid: string;
  readonly sid: string;
  /** The fields both APIs have, so a Chat-only selection needs no Conversations read. */
  readonly user: UserRecord;
  readonly identity: string | null;
  readonly joinedChannelsCount: number | null;
}

export function toChatUser(data: unknown, scope: Scope = {}): ChatUserRecord {
  const w = asWireRecord(data, 'chat user');
  return {
    serviceSid: serviceOf(w, scope),
    sid: sidOf(w),
    user: toUser(data, scope),
    identity: str(w, 'identity'),
    joinedChannelsCount: int(w, 'joined_channels_count'),
  };
}

export interface MediaRecord {
  readonly sid: string;
  readonly contentType: string | null;
  readonly filename: string | null;
  readonly size: number | null;
}

function media(w: WireRecord): MediaRecord[] | null {
  const value = w['media'];
  const list = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : null;
  if (!list) return null;
  const out: MediaRecord[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const m = item as WireRecord;
    const sid = str(m, 'sid');
    if (sid === null) continue;
    out.push({
      sid,
      contentType: str(m, 'content_type'),
      filename: str(m, 'filename'),
      size: int(m, 'size'),
    });
  }
  return out;
}

export interface DeliveryRecord {
  readonly total: number | null;
  readonly sent: string | null;
  readonly delivered: string | null;
  readonly read: string | null;
  readonly failed: string | null;
  readonly undelivered: string | null;
}

function delivery(w: WireRecord): DeliveryRecord | null {
  const d = obj(w, 'delivery');
  if (!d) return null;
  return {
    total: int(d, 'total'),
    sent: str(d, 'sent'),
    delivered: str(d, 'delivered'),
    read: str(d, 'read'),
    failed: str(d, 'failed'),
    undelivered: str(d, 'undelivered'),
  };
}

export interface MessageRecord extends Dated {
  readonly serviceSid: string;
  readonly conversationSid: string;
  readonly sid: string;
  readonly index: number | null;
  readonly author: string | null;
  readonly body: string | null;
  readonly attributes: Record<string, unknown> | null;
  readonly participantSid: string | null;
  readonly media: MediaRecord[] | null;
  readonly delivery: DeliveryRecord | null;
  readonly contentSid: string | null;
}

export function toMessage(data: unknown, scope: Scope = {}): MessageRecord {
  const w = asWireRecord(data, 'message');
  return {
    ...conversationChildKeys(w, scope),
    index: int(w, 'index'),
    author: strOf(w, 'author', 'from'),
    body: str(w, 'body'),
    attributes: jsonObject(w, 'attributes'),
    participantSid: str(w, 'participant_sid'),
    media: media(w),
    delivery: delivery(w),
    contentSid: str(w, 'content_sid'),
    ...dates(w),
  };
}

export interface ChatMessageRecord {
  readonly serviceSid: string;
  readonly conversationSid: string;
  readonly sid: string;
  /** The fields both APIs have (Conversations-only ones null), for Chat-only selections. */
  readonly message: MessageRecord;
  readonly wasEdited: boolean | null;
  readonly lastUpdatedBy: string | null;
  readonly type: string | null;
}

export function toChatMessage(data: unknown, scope: Scope = {}): ChatMessageRecord {
  const w = asWireRecord(data, 'chat message');
  return {
    ...conversationChildKeys(w, scope),
    message: toMessage(data, scope),
    wasEdited: bool(w, 'was_edited'),
    lastUpdatedBy: str(w, 'last_updated_by'),
    type: str(w, 'type'),
  };
}

export interface RoleRecord extends Dated {
  readonly serviceSid: string;
  readonly sid: string;
  readonly friendlyName: string | null;
  readonly type: string | null;
  readonly permissions: string[];
}

export function toRole(data: unknown, scope: Scope = {}): RoleRecord {
  const w = asWireRecord(data, 'role');
  return {
    serviceSid: serviceOf(w, scope),
    sid: sidOf(w),
    friendlyName: str(w, 'friendly_name'),
    type: str(w, 'type'),
    permissions: strings(w, 'permissions') ?? [],
    ...dates(w),
  };
}

export interface InviteRecord extends Dated {
  readonly serviceSid: string;
  readonly conversationSid: string;
  readonly sid: string;
  readonly identity: string | null;
  readonly roleSid: string | null;
  readonly createdBy: string | null;
}

export function toInvite(data: unknown, scope: Scope = {}): InviteRecord {
  const w = asWireRecord(data, 'invite');
  return {
    ...conversationChildKeys(w, scope),
    identity: str(w, 'identity'),
    roleSid: str(w, 'role_sid'),
    createdBy: str(w, 'created_by'),
    ...dates(w),
  };
}

export interface WebhookConfigurationRecord {
  readonly url: string | null;
  readonly method: string | null;
  readonly filters: string[] | null;
  readonly triggers: string[] | null;
  readonly flowSid: string | null;
  readonly replayAfter: number | null;
}

export interface WebhookRecord extends Dated {
  readonly serviceSid: string;
  readonly conversationSid: string;
  readonly sid: string;
  readonly target: string | null;
  readonly configuration: WebhookConfigurationRecord | null;
}

export function toWebhook(data: unknown, scope: Scope = {}): WebhookRecord {
  const w = asWireRecord(data, 'webhook');
  const c = obj(w, 'configuration');
  return {
    ...conversationChildKeys(w, scope),
    target: strOf(w, 'target', 'type'),
    configuration: c
      ? {
          url: str(c, 'url'),
          method: str(c, 'method')?.toUpperCase() ?? null,
          filters: strings(c, 'filters'),
          triggers: strings(c, 'triggers'),
          flowSid: str(c, 'flow_sid'),
          replayAfter: int(c, 'replay_after'),
        }
      : null,
    ...dates(w),
  };
}

export interface DeliveryReceiptRecord extends Dated {
  readonly serviceSid: string;
  readonly conversationSid: string;
  readonly messageSid: string;
  readonly sid: string;
  readonly channelMessageSid: string | null;
  readonly participantSid: string | null;
  readonly status: string | null;
  readonly errorCode: number | null;
}

export function toDeliveryReceipt(data: unknown, scope: Scope = {}): DeliveryReceiptRecord {
  const w = asWireRecord(data, 'delivery receipt');
  return {
    ...conversationChildKeys(w, scope),
    messageSid: need(str(w, 'message_sid') ?? scope.messageSid, 'a message SID'),
    channelMessageSid: str(w, 'channel_message_sid'),
    participantSid: str(w, 'participant_sid'),
    status: str(w, 'status'),
    errorCode: int(w, 'error_code'),
    ...dates(w),
  };
}

export interface BindingRecord extends Dated {
  readonly serviceSid: string;
  readonly sid: string;
  readonly identity: string | null;
  readonly endpoint: string | null;
  readonly credentialSid: string | null;
  readonly bindingType: string | null;
  readonly messageTypes: string[];
}

export function toBinding(data: unknown, scope: Scope = {}): BindingRecord {
  const w = asWireRecord(data, 'binding');
  return {
    serviceSid: serviceOf(w, scope),
    sid: sidOf(w),
    identity: str(w, 'identity'),
    endpoint: str(w, 'endpoint'),
    credentialSid: str(w, 'credential_sid'),
    bindingType: str(w, 'binding_type'),
    messageTypes: strings(w, 'message_types') ?? [],
    ...dates(w),
  };
}

export interface CredentialRecord extends Dated {
  readonly sid: string;
  readonly friendlyName: string | null;
  readonly type: string | null;
  readonly sandbox: boolean | null;
}

export function toCredential(data: unknown): CredentialRecord {
  const w = asWireRecord(data, 'credential');
  return {
    sid: sidOf(w),
    friendlyName: str(w, 'friendly_name'),
    type: str(w, 'type'),
    sandbox: bool(w, 'sandbox'),
    ...dates(w),
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

/** A user's membership in a conversation, with the conversation fields Twilio copies into it. */
export interface UserConversationRecord {
  readonly serviceSid: string;
  readonly userSid: string | null;
  readonly conversationSid: string;
  readonly participantSid: string | null;
  readonly unreadMessagesCount: number | null;
  readonly lastReadMessageIndex: number | null;
  readonly notificationLevel: string | null;
  readonly conversation: Partial<ConversationRecord>;
}

export function toUserConversation(data: unknown, scope: Scope = {}): UserConversationRecord {
  const w = asWireRecord(data, 'user conversation');
  const serviceSid = serviceOf(w, scope);
  const conversationSid = conversationOf(w, scope);
  return {
    serviceSid,
    userSid: str(w, 'user_sid') ?? scope.userSid ?? null,
    conversationSid,
    participantSid: str(w, 'participant_sid'),
    unreadMessagesCount: int(w, 'unread_messages_count'),
    lastReadMessageIndex: int(w, 'last_read_message_index'),
    notificationLevel: str(w, 'notification_level'),
    conversation: {
      serviceSid,
      sid: conversationSid,
      uniqueName: str(w, 'unique_name'),
      friendlyName: str(w, 'friendly_name'),
      attributes: jsonObject(w, 'attributes'),
      state: str(w, 'conversation_state'),
      timers: timers(w, 'timers'),
      ...dates(w),
    },
  };
}

/**
 * A Chat user channel read as a membership. Chat copies no conversation fields into it, so the
 * conversation part holds only its keys (the rest is loaded when selected).
 */
export function toUserChannel(data: unknown, scope: Scope = {}): UserConversationRecord {
  const w = asWireRecord(data, 'user channel');
  const serviceSid = serviceOf(w, scope);
  const conversationSid = conversationOf(w, scope);
  return {
    serviceSid,
    userSid: str(w, 'user_sid') ?? scope.userSid ?? null,
    conversationSid,
    participantSid: strOf(w, 'member_sid', 'participant_sid'),
    unreadMessagesCount: int(w, 'unread_messages_count'),
    lastReadMessageIndex: int(w, 'last_consumed_message_index'),
    notificationLevel: str(w, 'notification_level'),
    conversation: { serviceSid, sid: conversationSid },
  };
}

/** A participant's membership found by identity or address, with copied conversation fields. */
export interface ParticipantConversationRecord {
  readonly serviceSid: string;
  readonly conversationSid: string;
  readonly participant: Partial<ParticipantRecord> &
    Pick<ParticipantRecord, 'serviceSid' | 'conversationSid' | 'sid'>;
  readonly conversation: Partial<ConversationRecord>;
}

export function toParticipantConversation(
  data: unknown,
  scope: Scope = {},
): ParticipantConversationRecord {
  const w = asWireRecord(data, 'participant conversation');
  const serviceSid = serviceOf(w, scope);
  const conversationSid = conversationOf(w, scope);
  return {
    serviceSid,
    conversationSid,
    participant: {
      serviceSid,
      conversationSid,
      sid: need(str(w, 'participant_sid'), 'a participant SID'),
      identity: str(w, 'participant_identity'),
      messagingBinding: messagingBinding(w, 'participant_messaging_binding'),
    },
    conversation: {
      serviceSid,
      sid: conversationSid,
      uniqueName: str(w, 'conversation_unique_name'),
      friendlyName: str(w, 'conversation_friendly_name'),
      attributes: jsonObject(w, 'conversation_attributes'),
      state: str(w, 'conversation_state'),
      timers: timers(w, 'conversation_timers'),
      createdAt: str(w, 'conversation_date_created'),
      updatedAt: str(w, 'conversation_date_updated'),
    },
  };
}

/**
 * The records of the one shared store. Field names are ours (camelCase, API-neutral); each API
 * renders them in its own wire shape. Instants are epoch milliseconds.
 */

export interface NotificationSetting {
  enabled: boolean;
  template: string | null;
  sound: string | null;
}

export interface ServiceNotifications {
  newMessage: NotificationSetting & {
    badgeCountEnabled: boolean;
    withMedia: { enabled: boolean; template: string | null };
  };
  addedToChannel: NotificationSetting;
  removedFromChannel: NotificationSetting;
  /** Chat only (no Conversations equivalent). */
  invitedToChannel: NotificationSetting;
  logEnabled: boolean;
}

export interface EventHook {
  url: string | null;
  method: string | null;
}

/** A Chat service, which is also a Conversations service (IS). */
export interface Service {
  readonly sid: string;
  friendlyName: string;
  readonly dateCreated: number;
  dateUpdated: number;
  defaultServiceRoleSid: string | null;
  defaultChannelRoleSid: string | null;
  defaultChannelCreatorRoleSid: string | null;
  readStatusEnabled: boolean;
  reachabilityEnabled: boolean;
  typingIndicatorTimeout: number;
  consumptionReportInterval: number;
  limits: { channelMembers: number; userChannels: number };
  preWebhookUrl: string | null;
  postWebhookUrl: string | null;
  /** As written by the client; Chat renders it upper-case, Conversations as stored. */
  webhookMethod: string;
  webhookFilters: string[];
  preWebhookRetryCount: number;
  postWebhookRetryCount: number;
  notifications: ServiceNotifications;
  media: { sizeLimitMb: number; compatibilityMessage: string | null };
  /** Chat v1 per-event hooks (`Webhooks.OnMessageSend.Url`), keyed by event name. */
  eventHooks: Map<string, EventHook>;
}

export type ChannelType = 'public' | 'private';
export type ConversationState = 'active' | 'inactive' | 'closed';

/** A Chat channel, which is also a Conversation when private (CH). */
export interface Channel {
  readonly sid: string;
  readonly serviceSid: string;
  friendlyName: string | null;
  uniqueName: string | null;
  attributes: string;
  type: ChannelType;
  createdBy: string;
  dateCreated: number;
  dateUpdated: number;
  messagingServiceSid: string | null;
  state: ConversationState;
  /** Absolute instants of the state timers, or null when unset. */
  timerInactiveAt: number | null;
  timerClosedAt: number | null;
  emailBinding: { address: string | null; name: string | null } | null;
  nextMessageIndex: number;
  readonly members: Map<string, Member>;
  /** identity → member sid, for chat-participant lookups and duplicate checks. */
  readonly memberByIdentity: Map<string, string>;
  /** Messages sorted by index. */
  readonly messages: Message[];
  readonly messageBySid: Map<string, Message>;
  readonly webhooks: Map<string, ChannelWebhook>;
  readonly invites: Map<string, Invite>;
}

export interface MessagingBinding {
  type: string;
  /** Null for a chat participant that only has a projected (group MMS) address. */
  address: string | null;
  proxyAddress: string | null;
  projectedAddress: string | null;
}

/** A Chat member, which is also a Conversations participant (MB). */
export interface Member {
  readonly sid: string;
  readonly channelSid: string;
  readonly serviceSid: string;
  identity: string | null;
  roleSid: string | null;
  attributes: string;
  /** The read horizon: index of the last message read, or null when nothing was read. */
  lastReadIndex: number | null;
  lastReadAt: number | null;
  dateCreated: number;
  dateUpdated: number;
  messagingBinding: MessagingBinding | null;
  notificationLevel: 'default' | 'muted';
}

export interface Media {
  sid: string;
  size: number;
  contentType: string;
  filename: string;
}

export interface Message {
  readonly sid: string;
  readonly channelSid: string;
  readonly serviceSid: string;
  readonly index: number;
  author: string;
  body: string | null;
  attributes: string;
  dateCreated: number;
  dateUpdated: number;
  lastUpdatedBy: string | null;
  wasEdited: boolean;
  media: Media | null;
  participantSid: string | null;
  contentSid: string | null;
  subject: string | null;
  readonly receipts: Map<string, Receipt>;
}

export type ReceiptStatus = 'read' | 'failed' | 'delivered' | 'undelivered' | 'sent';

export interface Receipt {
  readonly sid: string;
  readonly messageSid: string;
  readonly channelSid: string;
  readonly serviceSid: string;
  channelMessageSid: string;
  participantSid: string;
  status: ReceiptStatus;
  errorCode: number;
  dateCreated: number;
  dateUpdated: number;
}

/** A channel webhook, which is also a conversation-scoped webhook (WH). */
export interface ChannelWebhook {
  readonly sid: string;
  readonly channelSid: string;
  readonly serviceSid: string;
  target: 'webhook' | 'trigger' | 'studio';
  url: string | null;
  method: string;
  filters: string[];
  triggers: string[];
  flowSid: string | null;
  retryCount: number;
  replayAfter: number | null;
  dateCreated: number;
  dateUpdated: number;
}

export interface Invite {
  readonly sid: string;
  readonly channelSid: string;
  readonly serviceSid: string;
  readonly identity: string;
  roleSid: string | null;
  createdBy: string;
  dateCreated: number;
  dateUpdated: number;
}

export interface User {
  readonly sid: string;
  readonly serviceSid: string;
  identity: string;
  friendlyName: string | null;
  attributes: string;
  roleSid: string | null;
  dateCreated: number;
  dateUpdated: number;
}

/** Chat role types; Conversations renders channel→conversation and deployment→service. */
export type RoleType = 'channel' | 'deployment';

export interface Role {
  readonly sid: string;
  readonly serviceSid: string;
  friendlyName: string;
  type: RoleType;
  permissions: string[];
  dateCreated: number;
  dateUpdated: number;
}

export type PushType = 'gcm' | 'apn' | 'fcm';

export interface Binding {
  readonly sid: string;
  readonly serviceSid: string;
  credentialSid: string | null;
  endpoint: string;
  identity: string;
  bindingType: PushType;
  messageTypes: string[];
  dateCreated: number;
  dateUpdated: number;
}

export interface Credential {
  readonly sid: string;
  friendlyName: string | null;
  type: PushType;
  sandbox: string | null;
  dateCreated: number;
  dateUpdated: number;
}

export interface AccountConfiguration {
  defaultChatServiceSid: string | null;
  defaultMessagingServiceSid: string | null;
  defaultInactiveTimer: string | null;
  defaultClosedTimer: string | null;
  webhookMethod: string;
  webhookFilters: string[];
  preWebhookUrl: string | null;
  postWebhookUrl: string | null;
  webhookTarget: 'webhook' | 'flex';
}

export interface AddressConfiguration {
  readonly sid: string;
  type: string;
  address: string;
  friendlyName: string | null;
  autoCreation: {
    enabled: boolean;
    type: string | null;
    conversationServiceSid: string | null;
    webhookUrl: string | null;
    webhookMethod: string | null;
    webhookFilters: string[];
    studioFlowSid: string | null;
    studioRetryCount: number | null;
  };
  addressCountry: string | null;
  dateCreated: number;
  dateUpdated: number;
}

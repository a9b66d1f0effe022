/**
 * Per-request loaders over the Twilio client: one entity cache per (API, resource), a page
 * cache, and list sources for every connection of the graph. Conversations API by default;
 * Chat v2 loaders exist separately so a query that needs no Chat-only field makes no Chat call.
 * All service-owned resources use the explicit `/v1/Services/{ChatServiceSid}/...` paths.
 */
import type { CallLedger, TwilioClient, TwilioParams } from '../twilio/index.js';
import { createAdminLoaders, type AdminLoaders } from './admin.js';
import { EntityLoader, type EntityPath } from './entity-loader.js';
import { createListSource, type ListSource } from './list-source.js';
import { createPageLoader, type PageParams } from './page-loader.js';
import {
  conversationFieldsOfChannel,
  toAddressConfiguration,
  toBinding,
  toChannel,
  toChatMessage,
  toChatService,
  toChatUser,
  toConfiguration,
  toConversation,
  toCredential,
  toDeliveryReceipt,
  toInvite,
  toMessage,
  toParticipant,
  toParticipantConversation,
  toRole,
  toService,
  toServiceConfiguration,
  toUser,
  toUserConversation,
  toWebhook,
  type AddressConfigurationRecord,
  type BindingRecord,
  type ChannelRecord,
  type ChatMessageRecord,
  type ChatServiceRecord,
  type ChatUserRecord,
  type ConfigurationRecord,
  type ConversationRecord,
  type CredentialRecord,
  type DeliveryReceiptRecord,
  type InviteRecord,
  type MessageRecord,
  type ParticipantConversationRecord,
  type ParticipantRecord,
  type RoleRecord,
  type ServiceConfigurationRecord,
  type ServiceRecord,
  type UserConversationRecord,
  type UserRecord,
  type WebhookRecord,
} from './records.js';

export type * from './records.js';
export type * from './admin-records.js';
export type {
  AdminLoaders,
  BindingFilters,
  BindingReadApi,
  ChatReadApi,
  ReadApi,
} from './admin.js';
export { ADMIN_READS } from './admin.js';
export type { EntityPath } from './entity-loader.js';
export { isNotFound } from './entity-loader.js';
export type { ListSource, PageFetch, PageLink, PageResult, UpstreamOrder } from './list-source.js';
export { GRAPH_MAX_PAGE_SIZE } from './list-source.js';

export interface LoaderInput {
  readonly client: TwilioClient;
  readonly ledger: CallLedger;
  readonly signal?: AbortSignal;
  /** Skips `GET /v1/Configuration` when the caller already knows the default service. */
  readonly defaultServiceSid?: string;
}

/** A conversation listed through Chat: Conversations-shaped fields plus the Chat-only ones. */
export interface ListedChannel {
  readonly conversation: Partial<ConversationRecord>;
  readonly channel: ChannelRecord;
}

export interface ConversationFilters {
  readonly state?: string;
  readonly startDate?: string;
  readonly endDate?: string;
}

export interface Loaders {
  configuration(): Promise<ConfigurationRecord>;
  /** After the account configuration was changed: later reads in the request see `record`. */
  replaceConfiguration(record: ConfigurationRecord): void;
  /** The account's default chat service SID, or null when the account has none. */
  defaultServiceSid(): Promise<string | null>;
  readonly service: EntityLoader<ServiceRecord>;
  readonly chatService: EntityLoader<ChatServiceRecord>;
  readonly serviceConfiguration: EntityLoader<ServiceConfigurationRecord>;
  readonly conversation: EntityLoader<ConversationRecord>;
  readonly channel: EntityLoader<ChannelRecord>;
  readonly participant: EntityLoader<ParticipantRecord>;
  readonly user: EntityLoader<UserRecord>;
  readonly chatUser: EntityLoader<ChatUserRecord>;
  readonly message: EntityLoader<MessageRecord>;
  readonly chatMessage: EntityLoader<ChatMessageRecord>;
  readonly role: EntityLoader<RoleRecord>;
  readonly invite: EntityLoader<InviteRecord>;
  readonly webhook: EntityLoader<WebhookRecord>;
  readonly deliveryReceipt: EntityLoader<DeliveryReceiptRecord>;
  readonly binding: EntityLoader<BindingRecord>;
  readonly credential: EntityLoader<CredentialRecord>;
  readonly addressConfiguration: EntityLoader<AddressConfigurationRecord>;
  readonly lists: ListSources;
  /** Roles, credentials, bindings, services and settings through each API that has them. */
  readonly admin: AdminLoaders;
  /**
   * Forgets every list page read so far in this request, so a read after a mutation lists
   * fresh data (a write can change any list: membership, counts, order).
   */
  invalidateLists(): void;
  /**
   * Sends one write (POST or DELETE) for a mutation: repeated only after a 429, never after a
   * 5xx or a broken connection (a second create or delete must not happen behind the caller's
   * back). Lists read earlier in the request are forgotten whatever the outcome, since a write
   * that failed late may still have been applied.
   */
  write(operationId: string, params: TwilioParams): Promise<unknown>;
}

export interface ListSources {
  services(): ListSource<ServiceRecord>;
  conversations(serviceSid: string, filters: ConversationFilters): ListSource<ConversationRecord>;
  channels(serviceSid: string, types: readonly string[]): ListSource<ListedChannel>;
  participants(serviceSid: string, conversationSid: string): ListSource<ParticipantRecord>;
  messages(serviceSid: string, conversationSid: string): ListSource<MessageRecord>;
  webhooks(serviceSid: string, conversationSid: string): ListSource<WebhookRecord>;
  invites(
    serviceSid: string,
    conversationSid: string,
    identities: readonly string[],
  ): ListSource<InviteRecord>;
  deliveryReceipts(
    serviceSid: string,
    conversationSid: string,
    messageSid: string,
  ): ListSource<DeliveryReceiptRecord>;
  users(serviceSid: string): ListSource<UserRecord>;
  userConversations(serviceSid: string, userSid: string): ListSource<UserConversationRecord>;
  participantConversations(
    serviceSid: string,
    by: { readonly identity: string } | { readonly address: string },
  ): ListSource<ParticipantConversationRecord>;
  roles(serviceSid: string): ListSource<RoleRecord>;
  bindings(
    serviceSid: string,
    filters: { readonly bindingTypes?: readonly string[]; readonly identities?: readonly string[] },
  ): ListSource<BindingRecord>;
  credentials(): ListSource<CredentialRecord>;
  addressConfigurations(type: string | null): ListSource<AddressConfigurationRecord>;
}

function at(path: EntityPath, index: number): string {
  const value = path[index];
  if (value === undefined) throw new TypeError(`Entity path ${path.join('/')} is too short`);
  return value;
}

export function createLoaders(input: LoaderInput): Loaders {
  const { client, ledger, signal } = input;
  const callOptions = { ledger, ...(signal ? { signal } : {}) };
  const get = (operationId: string, params: Readonly<Record<string, string>>) =>
    client.request(operationId, params, callOptions);

  function entity<R>(
    operationId: string,
    params: (path: EntityPath) => Record<string, string>,
    parse: (data: unknown, path: EntityPath) => R,
    pathsOf: (record: R) => EntityPath[],
  ): EntityLoader<R> {
    return new EntityLoader<R>(
      async (path) => parse(await get(operationId, params(path)), path),
      pathsOf,
    );
  }

  const withName = (base: string[], name: string | null): EntityPath[] =>
    name === null || name === '' ? [base] : [base, [...base.slice(0, -1), name]];

  const service = entity(
    'conversations.v1.FetchService',
    (p) => ({ Sid: at(p, 0) }),
    (d) => toService(d),
    (r) => [[r.sid]],
  );
  const chatService = entity(
    'chat.v2.FetchService',
    (p) => ({ Sid: at(p, 0) }),
    (d) => toChatService(d),
    (r) => [[r.sid]],
  );
  const serviceConfiguration = entity(
    'conversations.v1.FetchServiceConfiguration',
    (p) => ({ ChatServiceSid: at(p, 0) }),
    (d, p) => toServiceConfiguration(d, at(p, 0)),
    (r) => (r.serviceSid ? [[r.serviceSid]] : []),
  );
  const conversation = entity(
    'conversations.v1.FetchServiceConversation',
    (p) => ({ ChatServiceSid: at(p, 0), Sid: at(p, 1) }),
    (d, p) => toConversation(d, { serviceSid: at(p, 0) }),
    (r) => withName([r.serviceSid, r.sid], r.uniqueName),
  );
  const channel = entity(
    'chat.v2.FetchChannel',
    (p) => ({ ServiceSid: at(p, 0), Sid: at(p, 1) }),
    (d, p) => toChannel(d, { serviceSid: at(p, 0) }),
    (r) => withName([r.serviceSid, r.sid], r.uniqueName),
  );
  const participant = entity(
    'conversations.v1.FetchServiceConversationParticipant',
    (p) => ({ ChatServiceSid: at(p, 0), ConversationSid: at(p, 1), Sid: at(p, 2) }),
    (d, p) => toParticipant(d, { serviceSid: at(p, 0), conversationSid: at(p, 1) }),
    (r) => [[r.serviceSid, r.conversationSid, r.sid]],
  );
  const user = entity(
    'conversations.v1.FetchServiceUser',
    (p) => ({ ChatServiceSid: at(p, 0), Sid: at(p, 1) }),
    (d, p) => toUser(d, { serviceSid: at(p, 0) }),
    (r) => withName([r.serviceSid, r.sid], r.identity),
  );
  const chatUser = entity(
    'chat.v2.FetchUser',
    (p) => ({ ServiceSid: at(p, 0), Sid: at(p, 1) }),
    (d, p) => toChatUser(d, { serviceSid: at(p, 0) }),
    (r) => withName([r.serviceSid, r.sid], r.identity),
  );
  const message = entity(
    'conversations.v1.FetchServiceConversationMessage',
    (p) => ({ ChatServiceSid: at(p, 0), ConversationSid: at(p, 1), Sid: at(p, 2) }),
    (d, p) => toMessage(d, { serviceSid: at(p, 0), conversationSid: at(p, 1) }),
    (r) => [[r.serviceSid, r.conversationSid, r.sid]],
  );
  const chatMessage = entity(
    'chat.v2.FetchMessage',
    (p) => ({ ServiceSid: at(p, 0), ChannelSid: at(p, 1), Sid: at(p, 2) }),
    (d, p) => toChatMessage(d, { serviceSid: at(p, 0), conversationSid: at(p, 1) }),
    (r) => [[r.serviceSid, r.conversationSid, r.sid]],
  );
  const role = entity(
    'conversations.v1.FetchServiceRole',
    (p) => ({ ChatServiceSid: at(p, 0), Sid: at(p, 1) }),
    (d, p) => toRole(d, { serviceSid: at(p, 0) }),
    (r) => [[r.serviceSid, r.sid]],
  );
  const invite = entity(
    'chat.v2.FetchInvite',
    (p) => ({ ServiceSid: at(p, 0), ChannelSid: at(p, 1), Sid: at(p, 2) }),
    (d, p) => toInvite(d, { serviceSid: at(p, 0), conversationSid: at(p, 1) }),
    (r) => [[r.serviceSid, r.conversationSid, r.sid]],
  );
  const webhook = entity(
    'conversations.v1.FetchServiceConversationScopedWebhook',
    (p) => ({ ChatServiceSid: at(p, 0), ConversationSid: at(p, 1), Sid: at(p, 2) }),
    (d, p) => toWebhook(d, { serviceSid: at(p, 0), conversationSid: at(p, 1) }),
    (r) => [[r.serviceSid, r.conversationSid, r.sid]],
  );
  const deliveryReceipt = entity(
    'conversations.v1.FetchServiceConversationMessageReceipt',
    (p) => ({
      ChatServiceSid: at(p, 0),
      ConversationSid: at(p, 1),
      MessageSid: at(p, 2),
      Sid: at(p, 3),
    }),
    (d, p) =>
      toDeliveryReceipt(d, {
        serviceSid: at(p, 0),
        conversationSid: at(p, 1),
        messageSid: at(p, 2),
      }),
    (r) => [[r.serviceSid, r.conversationSid, r.messageSid, r.sid]],
  );
  const binding = entity(
    'conversations.v1.FetchServiceBinding',
    (p) => ({ ChatServiceSid: at(p, 0), Sid: at(p, 1) }),
    (d, p) => toBinding(d, { serviceSid: at(p, 0) }),
    (r) => [[r.serviceSid, r.sid]],
  );
  const credential = entity(
    'conversations.v1.FetchCredential',
    (p) => ({ Sid: at(p, 0) }),
    (d) => toCredential(d),
    (r) => [[r.sid]],
  );
  const addressConfiguration = entity(
    'conversations.v1.FetchConfigurationAddress',
    (p) => ({ Sid: at(p, 0) }),
    (d) => toAddressConfiguration(d),
    (r) => withName([r.sid], r.address),
  );

  let configurationPromise: Promise<ConfigurationRecord> | null = null;
  const configuration = (): Promise<ConfigurationRecord> => {
    configurationPromise ??= get('conversations.v1.FetchConfiguration', {}).then(toConfiguration);
    return configurationPromise;
  };
  const defaultServiceSid = async (): Promise<string | null> => {
    if (input.defaultServiceSid) return input.defaultServiceSid;
    return (await configuration()).defaultChatServiceSid;
  };

  const pages = createPageLoader(client, ledger, signal);
  const source = <R>(
    operationId: string,
    params: PageParams,
    parse: (item: unknown) => R,
    prime?: (record: R) => void,
  ): ListSource<R> =>
    createListSource(pages, { operationId, params, parse, ...(prime ? { prime } : {}) });

  const lists: ListSources = {
    services: () => source('conversations.v1.ListService', {}, toService, (r) => service.prime(r)),
    conversations: (serviceSid, filters) =>
      source(
        'conversations.v1.ListServiceConversation',
        {
          ChatServiceSid: serviceSid,
          ...(filters.state ? { State: filters.state } : {}),
          ...(filters.startDate ? { StartDate: filters.startDate } : {}),
          ...(filters.endDate ? { EndDate: filters.endDate } : {}),
        },
        (item) => toConversation(item, { serviceSid }),
        (r) => conversation.prime(r),
      ),
    channels: (serviceSid, types) =>
      source(
        'chat.v2.ListChannel',
        { ServiceSid: serviceSid, ...(types.length > 0 ? { Type: types } : {}) },
        (item) => ({
          conversation: conversationFieldsOfChannel(item, { serviceSid }),
          channel: toChannel(item, { serviceSid }),
        }),
        (r) => channel.prime(r.channel),
      ),
    participants: (serviceSid, conversationSid) =>
      source(
        'conversations.v1.ListServiceConversationParticipant',
        { ChatServiceSid: serviceSid, ConversationSid: conversationSid },
        (item) => toParticipant(item, { serviceSid, conversationSid }),
        (r) => participant.prime(r),
      ),
    messages: (serviceSid, conversationSid) =>
      source(
        'conversations.v1.ListServiceConversationMessage',
        { ChatServiceSid: serviceSid, ConversationSid: conversationSid },
        (item) => toMessage(item, { serviceSid, conversationSid }),
        (r) => message.prime(r),
      ),
    webhooks: (serviceSid, conversationSid) =>
      source(
        'conversations.v1.ListServiceConversationScopedWebhook',
        { ChatServiceSid: serviceSid, ConversationSid: conversationSid },
        (item) => toWebhook(item, { serviceSid, conversationSid }),
        (r) => webhook.prime(r),
      ),
    invites: (serviceSid, conversationSid, identities) =>
      source(
        'chat.v2.ListInvite',
        {
          ServiceSid: serviceSid,
          ChannelSid: conversationSid,
          ...(identities.length > 0 ? { Identity: identities } : {}),
        },
        (item) => toInvite(item, { serviceSid, conversationSid }),
        (r) => invite.prime(r),
      ),
    deliveryReceipts: (serviceSid, conversationSid, messageSid) =>
      source(
        'conversations.v1.ListServiceConversationMessageReceipt',
        { ChatServiceSid: serviceSid, ConversationSid: conversationSid, MessageSid: messageSid },
        (item) => toDeliveryReceipt(item, { serviceSid, conversationSid, messageSid }),
        (r) => deliveryReceipt.prime(r),
      ),
    users: (serviceSid) =>
      source(
        'conversations.v1.ListServiceUser',
        { ChatServiceSid: serviceSid },
        (item) => toUser(item, { serviceSid }),
        (r) => user.prime(r),
      ),
    userConversations: (serviceSid, userSid) =>
      source(
        'conversations.v1.ListServiceUserConversation',
        { ChatServiceSid: serviceSid, UserSid: userSid },
        (item) => toUserConversation(item, { serviceSid, userSid }),
      ),
    participantConversations: (serviceSid, by) =>
      source(
        'conversations.v1.ListServiceParticipantConversation',
        {
          ChatServiceSid: serviceSid,
          ...('identity' in by ? { Identity: by.identity } : { Address: by.address }),
        },
        (item) => toParticipantConversation(item, { serviceSid }),
      ),
    roles: (serviceSid) =>
      source(
        'conversations.v1.ListServiceRole',
        { ChatServiceSid: serviceSid },
        (item) => toRole(item, { serviceSid }),
        (r) => role.prime(r),
      ),
    bindings: (serviceSid, filters) =>
      source(
        'conversations.v1.ListServiceBinding',
        {
          ChatServiceSid: serviceSid,
          ...(filters.bindingTypes?.length ? { BindingType: filters.bindingTypes } : {}),
          ...(filters.identities?.length ? { Identity: filters.identities } : {}),
        },
        (item) => toBinding(item, { serviceSid }),
        (r) => binding.prime(r),
      ),
    credentials: () =>
      source('conversations.v1.ListCredential', {}, toCredential, (r) => credential.prime(r)),
    addressConfigurations: (type) =>
      source(
        'conversations.v1.ListConfigurationAddress',
        type ? { Type: type } : {},
        toAddressConfiguration,
        (r) => addressConfiguration.prime(r),
      ),
  };

  const admin = createAdminLoaders({
    get,
    entity,
    source,
    role,
    credential,
    service,
    chatService,
    binding,
  });

  return {
    configuration,
    replaceConfiguration: (record) => {
      configurationPromise = Promise.resolve(record);
    },
    defaultServiceSid,
    service,
    chatService,
    serviceConfiguration,
    conversation,
    channel,
    participant,
    user,
    chatUser,
    message,
    chatMessage,
    role,
    invite,
    webhook,
    deliveryReceipt,
    binding,
    credential,
    addressConfiguration,
    lists,
    admin,
    invalidateLists: () => {
      pages.clearAll();
    },
    write: async (operationId, params) => {
      try {
        return await client.request(operationId, params, {
          ...callOptions,
          retry: 'rate-limit-only',
        });
      } finally {
        pages.clearAll();
      }
    },
  };
}

/**
 * Per-request loaders over the Twilio client: one entity cache per (API, resource), a page
 * cache, and list sources for every connection of the graph. Each read's operation id comes
 * from `READS` by the gateway's routing (Conversations service paths by default); Chat-only
 * loaders exist separately so a query that needs no Chat-only field makes no Chat call, and
 * `conversationsOnly` reads Conversations-only fields when another API is primary.
 *
 * This file is the public entry and assembles one request's loaders; the parts live apart so
 * each reads on its own: `reads.ts` (the READS table), `read-context.ts` (calls, configuration,
 * default service, column choice), `entities.ts` (entity loaders) and `lists.ts` (list sources).
 */
import type { TwilioParams } from '../twilio/index.js';
import { createAdminLoaders, type AdminLoaders } from './admin.js';
import { createEntityLoaders, type ConversationsOnlyLoaders } from './entities.js';
import type { EntityLoader } from './entity-loader.js';
import { createListSources, listSourceFactory, type ListSources } from './lists.js';
import { createPageLoader } from './page-loader.js';
import { createReadContext, type LoaderInput } from './read-context.js';
import type {
  AddressConfigurationRecord,
  BindingRecord,
  ChannelRecord,
  ChatMessageRecord,
  ChatServiceRecord,
  ChatUserRecord,
  ConfigurationRecord,
  ConversationRecord,
  CredentialRecord,
  DeliveryReceiptRecord,
  InviteRecord,
  MessageRecord,
  ParticipantRecord,
  RoleRecord,
  ServiceConfigurationRecord,
  ServiceRecord,
  UserConversationRecord,
  UserRecord,
  WebhookRecord,
} from './records.js';
import type { ApiRouting } from './routing.js';

export type * from './records.js';
export { toConfiguration, toConversation, toMessage, toParticipant, toUser } from './records.js';
export type { ApiRouting, RouteApi, RouteRow } from './routing.js';
export { apiOf, DEFAULT_ROUTING, hostFor, isChatApi, operationOf, readParams } from './routing.js';
export type { AccountDefaults, AccountDefaultsOptions } from './account-defaults.js';
export { createAccountDefaults, DEFAULT_ACCOUNT_DEFAULTS_TTL_MS } from './account-defaults.js';
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
export type { LoaderInput } from './read-context.js';
export type { ConversationsOnlyLoaders } from './entities.js';
export type { ConversationFilters, ListedChannel, ListSources } from './lists.js';
export { READS } from './reads.js';

export interface Loaders {
  /** The routing these loaders read by (entity and list loaders below follow it). */
  readonly routing: ApiRouting;
  /**
   * The same objects through Conversations whatever the primary API: `state`, `timers`,
   * messaging bindings, delivery and the like exist nowhere else.
   */
  readonly conversationsOnly: ConversationsOnlyLoaders;
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
  /** One user's membership by `[serviceSid, userSid, conversationSid]`. */
  readonly userConversation: EntityLoader<UserConversationRecord>;
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

export function createLoaders(input: LoaderInput): Loaders {
  const context = createReadContext(input);
  const { client, ledger, signal, routing, callOptions, hostOption, get } = context;
  const entities = createEntityLoaders(context);
  const { entity, role, credential, service, chatService, binding } = entities;

  const pages = createPageLoader(client, ledger, signal, hostOption);
  const source = listSourceFactory(pages);
  const lists = createListSources(context, entities, source);

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
    routing,
    configuration: context.configuration,
    replaceConfiguration: context.replaceConfiguration,
    defaultServiceSid: context.defaultServiceSid,
    conversationsOnly: entities.conversationsOnly,
    service,
    chatService,
    serviceConfiguration: entities.serviceConfiguration,
    conversation: entities.conversation,
    channel: entities.channel,
    participant: entities.participant,
    user: entities.user,
    chatUser: entities.chatUser,
    message: entities.message,
    chatMessage: entities.chatMessage,
    role,
    invite: entities.invite,
    webhook: entities.webhook,
    deliveryReceipt: entities.deliveryReceipt,
    userConversation: entities.userConversation,
    binding,
    credential,
    addressConfiguration: entities.addressConfiguration,
    lists,
    admin,
    invalidateLists: () => {
      pages.clearAll();
    },
    write: async (operationId, params) => {
      try {
        return await client.request(operationId, params, {
          ...callOptions,
          ...hostOption(operationId, params),
          retry: 'rate-limit-only',
        });
      } finally {
        pages.clearAll();
      }
    },
  };
}

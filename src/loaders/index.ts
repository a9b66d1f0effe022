/**
 * Per-request loaders over the Twilio client: one entity cache per (API, resource), a page
 * cache, and list sources for every connection of the graph. Each read's operation id comes
 * from `READS` by the gateway's routing (Conversations service paths by default); Chat-only
 * loaders exist separately so a query that needs no Chat-only field makes no Chat call, and
 * `conversationsOnly` reads Conversations-only fields when another API is primary.
 */
import type { CallLedger, TwilioClient, TwilioParams } from '../twilio/index.js';
import type { AccountDefaults } from './account-defaults.js';
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
  toUserChannel,
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
import {
  apiOf,
  DEFAULT_ROUTING,
  hostFor,
  isChatApi,
  operationOf,
  readParams,
  type ApiRouting,
  type RouteApi,
  type RouteRow,
} from './routing.js';

export type * from './records.js';
export { toConfiguration } from './records.js';
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

export interface LoaderInput {
  readonly client: TwilioClient;
  readonly ledger: CallLedger;
  readonly signal?: AbortSignal;
  /** Skips `GET /v1/Configuration` when the caller already knows the default service. */
  readonly defaultServiceSid?: string;
  /** Which API serves what (default: Conversations, service paths, Chat host). */
  readonly routing?: ApiRouting;
  /** The gateway's cache of each account's default service, shared across requests. */
  readonly accountDefaults?: AccountDefaults;
}

/** Loaders that always read the Conversations API, for the fields only it has. */
export interface ConversationsOnlyLoaders {
  readonly conversation: EntityLoader<ConversationRecord>;
  readonly participant: EntityLoader<ParticipantRecord>;
  readonly message: EntityLoader<MessageRecord>;
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

/**
 * Operation ids of the main reads per API, one row per read; the column is chosen by the
 * gateway's routing (`apiOf`). Rows with only Chat columns are Chat-only, rows with only
 * Conversations columns Conversations-only. Parameters are built in the Conversations
 * service-scoped vocabulary and renamed for the chosen column (`readParams`).
 */
export const READS = {
  fetchService: {
    conversations: 'conversations.v1.FetchService',
    'chat-v2': 'chat.v2.FetchService',
    'chat-v1': 'chat.v1.FetchService',
  },
  fetchChatService: { 'chat-v2': 'chat.v2.FetchService', 'chat-v1': 'chat.v1.FetchService' },
  fetchServiceConfiguration: { conversations: 'conversations.v1.FetchServiceConfiguration' },
  fetchConversation: {
    conversations: 'conversations.v1.FetchServiceConversation',
    'conversations-default': 'conversations.v1.FetchConversation',
    'chat-v2': 'chat.v2.FetchChannel',
    'chat-v1': 'chat.v1.FetchChannel',
  },
  fetchChannel: { 'chat-v2': 'chat.v2.FetchChannel', 'chat-v1': 'chat.v1.FetchChannel' },
  fetchParticipant: {
    conversations: 'conversations.v1.FetchServiceConversationParticipant',
    'conversations-default': 'conversations.v1.FetchConversationParticipant',
    'chat-v2': 'chat.v2.FetchMember',
    'chat-v1': 'chat.v1.FetchMember',
  },
  fetchUser: {
    conversations: 'conversations.v1.FetchServiceUser',
    'conversations-default': 'conversations.v1.FetchUser',
    'chat-v2': 'chat.v2.FetchUser',
    'chat-v1': 'chat.v1.FetchUser',
  },
  fetchChatUser: { 'chat-v2': 'chat.v2.FetchUser', 'chat-v1': 'chat.v1.FetchUser' },
  fetchMessage: {
    conversations: 'conversations.v1.FetchServiceConversationMessage',
    'conversations-default': 'conversations.v1.FetchConversationMessage',
    'chat-v2': 'chat.v2.FetchMessage',
    'chat-v1': 'chat.v1.FetchMessage',
  },
  fetchChatMessage: { 'chat-v2': 'chat.v2.FetchMessage', 'chat-v1': 'chat.v1.FetchMessage' },
  fetchRole: {
    conversations: 'conversations.v1.FetchServiceRole',
    'conversations-default': 'conversations.v1.FetchRole',
    'chat-v2': 'chat.v2.FetchRole',
    'chat-v1': 'chat.v1.FetchRole',
  },
  fetchInvite: { 'chat-v2': 'chat.v2.FetchInvite', 'chat-v1': 'chat.v1.FetchInvite' },
  fetchWebhook: {
    conversations: 'conversations.v1.FetchServiceConversationScopedWebhook',
    'conversations-default': 'conversations.v1.FetchConversationScopedWebhook',
    'chat-v2': 'chat.v2.FetchChannelWebhook',
  },
  fetchDeliveryReceipt: {
    conversations: 'conversations.v1.FetchServiceConversationMessageReceipt',
    'conversations-default': 'conversations.v1.FetchConversationMessageReceipt',
  },
  fetchBinding: {
    conversations: 'conversations.v1.FetchServiceBinding',
    'chat-v2': 'chat.v2.FetchBinding',
  },
  fetchCredential: {
    conversations: 'conversations.v1.FetchCredential',
    'chat-v2': 'chat.v2.FetchCredential',
    'chat-v1': 'chat.v1.FetchCredential',
  },
  fetchAddressConfiguration: { conversations: 'conversations.v1.FetchConfigurationAddress' },
  listService: {
    conversations: 'conversations.v1.ListService',
    'chat-v2': 'chat.v2.ListService',
    'chat-v1': 'chat.v1.ListService',
  },
  listConversation: {
    conversations: 'conversations.v1.ListServiceConversation',
    'conversations-default': 'conversations.v1.ListConversation',
    'chat-v2': 'chat.v2.ListChannel',
    'chat-v1': 'chat.v1.ListChannel',
  },
  listChannel: { 'chat-v2': 'chat.v2.ListChannel', 'chat-v1': 'chat.v1.ListChannel' },
  listParticipant: {
    conversations: 'conversations.v1.ListServiceConversationParticipant',
    'conversations-default': 'conversations.v1.ListConversationParticipant',
    'chat-v2': 'chat.v2.ListMember',
    'chat-v1': 'chat.v1.ListMember',
  },
  listMessage: {
    conversations: 'conversations.v1.ListServiceConversationMessage',
    'conversations-default': 'conversations.v1.ListConversationMessage',
    'chat-v2': 'chat.v2.ListMessage',
    'chat-v1': 'chat.v1.ListMessage',
  },
  listWebhook: {
    conversations: 'conversations.v1.ListServiceConversationScopedWebhook',
    'conversations-default': 'conversations.v1.ListConversationScopedWebhook',
    'chat-v2': 'chat.v2.ListChannelWebhook',
  },
  listInvite: { 'chat-v2': 'chat.v2.ListInvite', 'chat-v1': 'chat.v1.ListInvite' },
  listDeliveryReceipt: {
    conversations: 'conversations.v1.ListServiceConversationMessageReceipt',
    'conversations-default': 'conversations.v1.ListConversationMessageReceipt',
  },
  listUser: {
    conversations: 'conversations.v1.ListServiceUser',
    'conversations-default': 'conversations.v1.ListUser',
    'chat-v2': 'chat.v2.ListUser',
    'chat-v1': 'chat.v1.ListUser',
  },
  listUserConversation: {
    conversations: 'conversations.v1.ListServiceUserConversation',
    'conversations-default': 'conversations.v1.ListUserConversation',
    'chat-v2': 'chat.v2.ListUserChannel',
    'chat-v1': 'chat.v1.ListUserChannel',
  },
  fetchUserConversation: {
    conversations: 'conversations.v1.FetchServiceUserConversation',
    'conversations-default': 'conversations.v1.FetchUserConversation',
    'chat-v2': 'chat.v2.FetchUserChannel',
  },
  listParticipantConversation: {
    conversations: 'conversations.v1.ListServiceParticipantConversation',
    'conversations-default': 'conversations.v1.ListParticipantConversation',
  },
  listRole: {
    conversations: 'conversations.v1.ListServiceRole',
    'conversations-default': 'conversations.v1.ListRole',
    'chat-v2': 'chat.v2.ListRole',
    'chat-v1': 'chat.v1.ListRole',
  },
  listBinding: {
    conversations: 'conversations.v1.ListServiceBinding',
    'chat-v2': 'chat.v2.ListBinding',
  },
  listCredential: {
    conversations: 'conversations.v1.ListCredential',
    'chat-v2': 'chat.v2.ListCredential',
    'chat-v1': 'chat.v1.ListCredential',
  },
  listAddressConfiguration: { conversations: 'conversations.v1.ListConfigurationAddress' },
} as const satisfies Record<string, RouteRow>;

/** The Conversations columns of a row: reads of fields only Conversations has. */
function conversationsColumns(row: RouteRow): RouteRow {
  return {
    ...(row.conversations ? { conversations: row.conversations } : {}),
    ...(row['conversations-default']
      ? { 'conversations-default': row['conversations-default'] }
      : {}),
  };
}

function at(path: EntityPath, index: number): string {
  const value = path[index];
  if (value === undefined) throw new TypeError(`Entity path ${path.join('/')} is too short`);
  return value;
}

export function createLoaders(input: LoaderInput): Loaders {
  const { client, ledger, signal } = input;
  const routing = input.routing ?? DEFAULT_ROUTING;
  const accountSid = client.config.credentials.accountSid;
  const callOptions = { ledger, ...(signal ? { signal } : {}) };
  const hostOption = (operationId: string, params: Readonly<Record<string, unknown>>) => {
    const host = hostFor(routing, operationId, params);
    return host ? { host } : {};
  };
  const get = (operationId: string, params: Readonly<Record<string, string>>) =>
    client.request(operationId, params, { ...callOptions, ...hostOption(operationId, params) });

  let configurationPromise: Promise<ConfigurationRecord> | null = null;
  const remember = (record: ConfigurationRecord): ConfigurationRecord => {
    input.accountDefaults?.record(accountSid, record.defaultChatServiceSid);
    return record;
  };
  const configuration = (): Promise<ConfigurationRecord> => {
    configurationPromise ??= get('conversations.v1.FetchConfiguration', {})
      .then(toConfiguration)
      .then(remember);
    return configurationPromise;
  };
  // What this request learnt of the default service (undefined: not yet asked).
  let knownDefault: string | null | undefined = input.defaultServiceSid;
  const defaultServiceSid = async (): Promise<string | null> => {
    if (knownDefault !== undefined) return knownDefault;
    const fetch = async () => (await configuration()).defaultChatServiceSid;
    const value =
      configurationPromise !== null || input.accountDefaults === undefined
        ? await fetch()
        : await input.accountDefaults.lookup(accountSid, fetch);
    knownDefault = value;
    return value;
  };
  /** The default service as far as known without a request (lists choose their path at once). */
  const defaultServiceSidNow = (): string | null | undefined =>
    knownDefault ?? input.accountDefaults?.peek(accountSid);

  const usesDefaultPaths = (row: RouteRow) =>
    routing.conversationsPaths === 'default-service' &&
    row['conversations-default'] !== undefined &&
    apiOf(row, routing, false) === 'conversations';

  /** The column of `row` for an object of `serviceSid` (null: no service in the path). */
  async function columnFor(row: RouteRow, serviceSid: string | null): Promise<RouteApi> {
    const inDefault =
      serviceSid !== null && usesDefaultPaths(row) && serviceSid === (await defaultServiceSid());
    return apiOf(row, routing, inDefault);
  }
  function columnNow(row: RouteRow, serviceSid: string | null): RouteApi {
    const inDefault =
      serviceSid !== null && usesDefaultPaths(row) && serviceSid === defaultServiceSidNow();
    return apiOf(row, routing, inDefault);
  }

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

  /**
   * An entity read through the column `routing` picks for `row`; `params` are in the
   * Conversations vocabulary and the first path segment is the service (when `scoped`).
   */
  function routed<R>(
    row: RouteRow,
    params: (path: EntityPath) => Record<string, string>,
    parse: (data: unknown, path: EntityPath, api: RouteApi) => R,
    pathsOf: (record: R) => EntityPath[],
    scoped = true,
  ): EntityLoader<R> {
    return new EntityLoader<R>(async (path) => {
      const api = await columnFor(row, scoped ? at(path, 0) : null);
      const data = await get(operationOf(row, api), readParams(api, params(path)));
      return parse(data, path, api);
    }, pathsOf);
  }

  const withName = (base: string[], name: string | null): EntityPath[] =>
    name === null || name === '' ? [base] : [base, [...base.slice(0, -1), name]];

  const chatService = routed(
    READS.fetchChatService,
    (p) => ({ Sid: at(p, 0) }),
    (d) => toChatService(d),
    (r) => [[r.sid]],
    false,
  );
  const service = routed(
    READS.fetchService,
    (p) => ({ Sid: at(p, 0) }),
    (d, _p, api) => {
      // A Chat service answer holds the Chat-only settings too: keep them for this request.
      if (isChatApi(api)) chatService.prime(toChatService(d));
      return toService(d);
    },
    (r) => [[r.sid]],
    false,
  );
  const serviceConfiguration = routed(
    READS.fetchServiceConfiguration,
    (p) => ({ ChatServiceSid: at(p, 0) }),
    (d, p) => toServiceConfiguration(d, at(p, 0)),
    (r) => (r.serviceSid ? [[r.serviceSid]] : []),
  );
  const channel = routed(
    READS.fetchChannel,
    (p) => ({ ChatServiceSid: at(p, 0), Sid: at(p, 1) }),
    (d, p) => toChannel(d, { serviceSid: at(p, 0) }),
    (r) => withName([r.serviceSid, r.sid], r.uniqueName),
  );
  const conversationParse = (d: unknown, p: EntityPath, api: RouteApi) => {
    if (isChatApi(api)) channel.prime(toChannel(d, { serviceSid: at(p, 0) }));
    return toConversation(d, { serviceSid: at(p, 0) });
  };
  const conversationPaths = (r: ConversationRecord) =>
    withName([r.serviceSid, r.sid], r.uniqueName);
  const conversationParams = (p: EntityPath) => ({ ChatServiceSid: at(p, 0), Sid: at(p, 1) });
  const conversation = routed(
    READS.fetchConversation,
    conversationParams,
    conversationParse,
    conversationPaths,
  );
  const participantParams = (p: EntityPath) => ({
    ChatServiceSid: at(p, 0),
    ConversationSid: at(p, 1),
    Sid: at(p, 2),
  });
  const participantParse = (d: unknown, p: EntityPath) =>
    toParticipant(d, { serviceSid: at(p, 0), conversationSid: at(p, 1) });
  const participantPaths = (r: ParticipantRecord) => [[r.serviceSid, r.conversationSid, r.sid]];
  const participant = routed(
    READS.fetchParticipant,
    participantParams,
    participantParse,
    participantPaths,
  );
  const chatUser = routed(
    READS.fetchChatUser,
    (p) => ({ ChatServiceSid: at(p, 0), Sid: at(p, 1) }),
    (d, p) => toChatUser(d, { serviceSid: at(p, 0) }),
    (r) => withName([r.serviceSid, r.sid], r.identity),
  );
  const user = routed(
    READS.fetchUser,
    (p) => ({ ChatServiceSid: at(p, 0), Sid: at(p, 1) }),
    (d, p, api) => {
      if (isChatApi(api)) chatUser.prime(toChatUser(d, { serviceSid: at(p, 0) }));
      return toUser(d, { serviceSid: at(p, 0) });
    },
    (r) => withName([r.serviceSid, r.sid], r.identity),
  );
  const chatMessage = routed(
    READS.fetchChatMessage,
    participantParams,
    (d, p) => toChatMessage(d, { serviceSid: at(p, 0), conversationSid: at(p, 1) }),
    (r) => [[r.serviceSid, r.conversationSid, r.sid]],
  );
  const messageParse = (d: unknown, p: EntityPath, api: RouteApi) => {
    const scope = { serviceSid: at(p, 0), conversationSid: at(p, 1) };
    if (isChatApi(api)) chatMessage.prime(toChatMessage(d, scope));
    return toMessage(d, scope);
  };
  const messagePaths = (r: MessageRecord) => [[r.serviceSid, r.conversationSid, r.sid]];
  const message = routed(READS.fetchMessage, participantParams, messageParse, messagePaths);
  const role = routed(
    READS.fetchRole,
    (p) => ({ ChatServiceSid: at(p, 0), Sid: at(p, 1) }),
    (d, p) => toRole(d, { serviceSid: at(p, 0) }),
    (r) => [[r.serviceSid, r.sid]],
  );
  const invite = routed(
    READS.fetchInvite,
    participantParams,
    (d, p) => toInvite(d, { serviceSid: at(p, 0), conversationSid: at(p, 1) }),
    (r) => [[r.serviceSid, r.conversationSid, r.sid]],
  );
  const webhook = routed(
    READS.fetchWebhook,
    participantParams,
    (d, p) => toWebhook(d, { serviceSid: at(p, 0), conversationSid: at(p, 1) }),
    (r) => [[r.serviceSid, r.conversationSid, r.sid]],
  );
  const deliveryReceipt = routed(
    READS.fetchDeliveryReceipt,
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
  const userConversation = routed(
    READS.fetchUserConversation,
    (p) => ({ ChatServiceSid: at(p, 0), UserSid: at(p, 1), ConversationSid: at(p, 2) }),
    (d, p, api) => {
      const scope = { serviceSid: at(p, 0), userSid: at(p, 1) };
      return isChatApi(api) ? toUserChannel(d, scope) : toUserConversation(d, scope);
    },
    (r) => [[r.serviceSid, r.userSid ?? '', r.conversationSid]],
  );
  const binding = routed(
    READS.fetchBinding,
    (p) => ({ ChatServiceSid: at(p, 0), Sid: at(p, 1) }),
    (d, p) => toBinding(d, { serviceSid: at(p, 0) }),
    (r) => [[r.serviceSid, r.sid]],
  );
  const credential = routed(
    READS.fetchCredential,
    (p) => ({ Sid: at(p, 0) }),
    (d) => toCredential(d),
    (r) => [[r.sid]],
    false,
  );
  const addressConfiguration = routed(
    READS.fetchAddressConfiguration,
    (p) => ({ Sid: at(p, 0) }),
    (d) => toAddressConfiguration(d),
    (r) => withName([r.sid], r.address),
    false,
  );
  // Fields only Conversations has, whatever the primary API (the same loaders when it is it).
  const conversationsOnly: ConversationsOnlyLoaders =
    routing.primaryApi === 'conversations'
      ? { conversation, participant, message }
      : {
          conversation: routed(
            conversationsColumns(READS.fetchConversation),
            conversationParams,
            conversationParse,
            conversationPaths,
          ),
          participant: routed(
            conversationsColumns(READS.fetchParticipant),
            participantParams,
            participantParse,
            participantPaths,
          ),
          message: routed(
            conversationsColumns(READS.fetchMessage),
            participantParams,
            messageParse,
            messagePaths,
          ),
        };

  const pages = createPageLoader(client, ledger, signal, hostOption);
  const source = <R>(
    operationId: string,
    params: PageParams,
    parse: (item: unknown) => R,
    prime?: (record: R) => void,
  ): ListSource<R> =>
    createListSource(pages, { operationId, params, parse, ...(prime ? { prime } : {}) });
  /** A list through the column `routing` picks for `row`, parameters renamed for it. */
  const routedSource = <R>(
    row: RouteRow,
    serviceSid: string | null,
    params: PageParams,
    parse: (item: unknown, api: RouteApi) => R,
    prime?: (record: R) => void,
  ): ListSource<R> => {
    const api = columnNow(row, serviceSid);
    return source(
      operationOf(row, api),
      readParams(api, params),
      (item) => parse(item, api),
      prime,
    );
  };

  const lists: ListSources = {
    services: () =>
      routedSource(
        READS.listService,
        null,
        {},
        (item, api) => {
          if (isChatApi(api)) chatService.prime(toChatService(item));
          return toService(item);
        },
        (r) => service.prime(r),
      ),
    // Filters only Conversations has keep the listing there whatever the primary API.
    conversations: (serviceSid, filters) =>
      routedSource(
        filters.state || filters.startDate || filters.endDate
          ? conversationsColumns(READS.listConversation)
          : READS.listConversation,
        serviceSid,
        {
          ChatServiceSid: serviceSid,
          ...(filters.state ? { State: filters.state } : {}),
          ...(filters.startDate ? { StartDate: filters.startDate } : {}),
          ...(filters.endDate ? { EndDate: filters.endDate } : {}),
        },
        (item, api) => {
          if (isChatApi(api)) channel.prime(toChannel(item, { serviceSid }));
          return toConversation(item, { serviceSid });
        },
        (r) => conversation.prime(r),
      ),
    channels: (serviceSid, types) =>
      routedSource(
        READS.listChannel,
        serviceSid,
        { ChatServiceSid: serviceSid, ...(types.length > 0 ? { Type: types } : {}) },
        (item) => ({
          conversation: conversationFieldsOfChannel(item, { serviceSid }),
          channel: toChannel(item, { serviceSid }),
        }),
        (r) => channel.prime(r.channel),
      ),
    participants: (serviceSid, conversationSid) =>
      routedSource(
        READS.listParticipant,
        serviceSid,
        { ChatServiceSid: serviceSid, ConversationSid: conversationSid },
        (item) => toParticipant(item, { serviceSid, conversationSid }),
        (r) => participant.prime(r),
      ),
    messages: (serviceSid, conversationSid) =>
      routedSource(
        READS.listMessage,
        serviceSid,
        { ChatServiceSid: serviceSid, ConversationSid: conversationSid },
        (item, api) => {
          const scope = { serviceSid, conversationSid };
          if (isChatApi(api)) chatMessage.prime(toChatMessage(item, scope));
          return toMessage(item, scope);
        },
        (r) => message.prime(r),
      ),
    webhooks: (serviceSid, conversationSid) =>
      routedSource(
        READS.listWebhook,
        serviceSid,
        { ChatServiceSid: serviceSid, ConversationSid: conversationSid },
        (item) => toWebhook(item, { serviceSid, conversationSid }),
        (r) => webhook.prime(r),
      ),
    invites: (serviceSid, conversationSid, identities) =>
      routedSource(
        READS.listInvite,
        serviceSid,
        {
          ChatServiceSid: serviceSid,
          ConversationSid: conversationSid,
          ...(identities.length > 0 ? { Identity: identities } : {}),
        },
        (item) => toInvite(item, { serviceSid, conversationSid }),
        (r) => invite.prime(r),
      ),
    deliveryReceipts: (serviceSid, conversationSid, messageSid) =>
      routedSource(
        READS.listDeliveryReceipt,
        serviceSid,
        { ChatServiceSid: serviceSid, ConversationSid: conversationSid, MessageSid: messageSid },
        (item) => toDeliveryReceipt(item, { serviceSid, conversationSid, messageSid }),
        (r) => deliveryReceipt.prime(r),
      ),
    users: (serviceSid) =>
      routedSource(
        READS.listUser,
        serviceSid,
        { ChatServiceSid: serviceSid },
        (item, api) => {
          if (isChatApi(api)) chatUser.prime(toChatUser(item, { serviceSid }));
          return toUser(item, { serviceSid });
        },
        (r) => user.prime(r),
      ),
    userConversations: (serviceSid, userSid) =>
      routedSource(
        READS.listUserConversation,
        serviceSid,
        { ChatServiceSid: serviceSid, UserSid: userSid },
        (item, api) =>
          isChatApi(api)
            ? toUserChannel(item, { serviceSid, userSid })
            : toUserConversation(item, { serviceSid, userSid }),
      ),
    participantConversations: (serviceSid, by) =>
      routedSource(
        READS.listParticipantConversation,
        serviceSid,
        {
          ChatServiceSid: serviceSid,
          ...('identity' in by ? { Identity: by.identity } : { Address: by.address }),
        },
        (item) => toParticipantConversation(item, { serviceSid }),
      ),
    roles: (serviceSid) =>
      routedSource(
        READS.listRole,
        serviceSid,
        { ChatServiceSid: serviceSid },
        (item) => toRole(item, { serviceSid }),
        (r) => role.prime(r),
      ),
    bindings: (serviceSid, filters) =>
      routedSource(
        READS.listBinding,
        serviceSid,
        {
          ChatServiceSid: serviceSid,
          ...(filters.bindingTypes?.length ? { BindingType: filters.bindingTypes } : {}),
          ...(filters.identities?.length ? { Identity: filters.identities } : {}),
        },
        (item) => toBinding(item, { serviceSid }),
        (r) => binding.prime(r),
      ),
    credentials: () =>
      routedSource(READS.listCredential, null, {}, toCredential, (r) => credential.prime(r)),
    addressConfigurations: (type) =>
      routedSource(
        READS.listAddressConfiguration,
        null,
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
    routing,
    configuration,
    replaceConfiguration: (record) => {
      configurationPromise = Promise.resolve(remember(record));
      knownDefault = record.defaultChatServiceSid;
    },
    defaultServiceSid,
    conversationsOnly,
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
    userConversation,
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
          ...hostOption(operationId, params),
          retry: 'rate-limit-only',
        });
      } finally {
        pages.clearAll();
      }
    },
  };
}

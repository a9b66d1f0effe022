/**
 * The list sources of one request, one per connection of the graph: each pages through the
 * READS column the routing picks now (lists cannot wait for the default service) and primes the
 * entity loaders with what it lists, so a later fetch of a listed object makes no call.
 */
import type { EntityLoaders } from './entities.js';
import { createListSource, type ListSource } from './list-source.js';
import type { createPageLoader, PageParams } from './page-loader.js';
import type { ReadContext } from './read-context.js';
import { conversationsColumns, READS } from './reads.js';
import {
  conversationFieldsOfChannel,
  toAddressConfiguration,
  toBinding,
  toChannel,
  toChatMessage,
  toChatService,
  toChatUser,
  toConversation,
  toCredential,
  toDeliveryReceipt,
  toInvite,
  toMessage,
  toParticipant,
  toParticipantConversation,
  toRole,
  toService,
  toUser,
  toUserChannel,
  toUserConversation,
  toWebhook,
  type AddressConfigurationRecord,
  type BindingRecord,
  type ChannelRecord,
  type ConversationRecord,
  type CredentialRecord,
  type DeliveryReceiptRecord,
  type InviteRecord,
  type MessageRecord,
  type ParticipantConversationRecord,
  type ParticipantRecord,
  type RoleRecord,
  type ServiceRecord,
  type UserConversationRecord,
  type UserRecord,
  type WebhookRecord,
} from './records.js';
import { isChatApi, operationOf, readParams, type RouteApi, type RouteRow } from './routing.js';

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

/** A list of one operation over the request's page cache (shared with the admin loaders). */
export function listSourceFactory(pages: ReturnType<typeof createPageLoader>) {
  return <R>(
    operationId: string,
    params: PageParams,
    parse: (item: unknown) => R,
    prime?: (record: R) => void,
  ): ListSource<R> =>
    createListSource(pages, { operationId, params, parse, ...(prime ? { prime } : {}) });
}

export function createListSources(
  context: ReadContext,
  entities: EntityLoaders,
  source: ReturnType<typeof listSourceFactory>,
): ListSources {
  const { columnNow } = context;
  const {
    service,
    chatService,
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
  } = entities;
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

  return {
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
}

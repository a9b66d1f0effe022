/**
 * The list sources of one request, one per connection of the graph: each pages through the
 * route the router picks now (lists cannot wait for the default service) and primes the
 * entity caches with what it lists, so a later fetch of a listed object makes no call.
 */
import type { EntityLoaders } from './entities.js';
import { servedBy } from './entities.js';
import { createListSource, listIdentity, type ListSource } from './list-source.js';
import type { createPageLoader, PageParams } from './page-loader.js';
import { DEFAULT_SERVICE, NoDefaultServiceError, type ReadContext } from './read-context.js';
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
} from './records/index.js';
import type { Route } from './router.js';
import type { Family, Only } from './routes.js';

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

export interface BindingFilters {
  readonly bindingTypes?: readonly string[];
  readonly identities?: readonly string[];
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
  /**
   * `DEFAULT_SERVICE`: the default service, through its shortcut path when the routing reads
   * roles through Conversations (no configuration lookup), else by its SID.
   */
  roles(serviceSid: string): Promise<ListSource<RoleRecord>>;
  bindings(serviceSid: string, filters: BindingFilters): ListSource<BindingRecord>;
  userBindings(
    serviceSid: string,
    user: string,
    bindingTypes: readonly string[],
  ): ListSource<BindingRecord>;
  credentials(): ListSource<CredentialRecord>;
  addressConfigurations(type: string | null): ListSource<AddressConfigurationRecord>;
}

export function createListSources(
  context: ReadContext,
  entities: EntityLoaders,
  pages: ReturnType<typeof createPageLoader>,
): ListSources {
  const { router, routeNow, shortcutOf, learnDefaultService } = context;

  /** A list of `family` on `route`; `params` are in the Conversations vocabulary. */
  function listOn<R>(
    family: Family,
    only: Only | undefined,
    route: Route,
    params: PageParams,
    parse: (item: unknown, route: Route) => R,
    prime?: (record: R) => void,
    identity: () => string = () => listIdentity(`${family}:${only ?? ''}`, params),
  ): ListSource<R> {
    return createListSource(pages, {
      operationId: route.operationId,
      params: router.params(family, route, params) as PageParams,
      identity,
      parse: (item) => parse(item, route),
      ...(prime ? { prime } : {}),
    });
  }
  /** A list through the route the router picks for `serviceSid` (null: no service in the path). */
  const routed = <R>(
    family: Family,
    only: Only | undefined,
    serviceSid: string | null,
    params: PageParams,
    parse: (item: unknown, route: Route) => R,
    prime?: (record: R) => void,
  ): ListSource<R> =>
    listOn(
      family,
      only,
      routeNow(router.row(family, 'list', only), serviceSid),
      params,
      parse,
      prime,
    );

  const roles = (serviceSid: string): ListSource<RoleRecord> =>
    routed(
      'role',
      undefined,
      serviceSid,
      { ChatServiceSid: serviceSid },
      (item) => toRole(item, { serviceSid }),
      (r) => entities.role.prime(r),
    );

  return {
    services: () =>
      routed(
        'service',
        undefined,
        null,
        {},
        (item, route) => {
          if (route.chat) entities.chatService.prime(toChatService(item));
          return toService(item);
        },
        (r) => entities.service.prime(r),
      ),
    // Filters only Conversations has keep the listing there whatever the primary API.
    conversations: (serviceSid, filters) => {
      const filtered = Boolean(filters.state || filters.startDate || filters.endDate);
      return routed(
        'conversation',
        filtered ? 'conversations' : undefined,
        serviceSid,
        {
          ChatServiceSid: serviceSid,
          ...(filters.state ? { State: filters.state } : {}),
          ...(filters.startDate ? { StartDate: filters.startDate } : {}),
          ...(filters.endDate ? { EndDate: filters.endDate } : {}),
        },
        (item, route) => {
          if (route.chat) entities.channel.prime(toChannel(item, { serviceSid }));
          const record = toConversation(item, { serviceSid });
          if (!route.chat) entities.conversationsOnly.conversation.prime(record);
          return servedBy('Conversation', route, record);
        },
        (r) => entities.conversation.prime(r),
      );
    },
    channels: (serviceSid, types) =>
      routed(
        'conversation',
        'chat',
        serviceSid,
        { ChatServiceSid: serviceSid, ...(types.length > 0 ? { Type: types } : {}) },
        (item) => ({
          conversation: conversationFieldsOfChannel(item, { serviceSid }),
          channel: toChannel(item, { serviceSid }),
        }),
        (r) => entities.channel.prime(r.channel),
      ),
    participants: (serviceSid, conversationSid) =>
      routed(
        'participant',
        undefined,
        serviceSid,
        { ChatServiceSid: serviceSid, ConversationSid: conversationSid },
        (item, route) => {
          const record = toParticipant(item, { serviceSid, conversationSid });
          if (!route.chat) entities.conversationsOnly.participant.prime(record);
          return servedBy('Participant', route, record);
        },
        (r) => entities.participant.prime(r),
      ),
    messages: (serviceSid, conversationSid) =>
      routed(
        'message',
        undefined,
        serviceSid,
        { ChatServiceSid: serviceSid, ConversationSid: conversationSid },
        (item, route) => {
          const scope = { serviceSid, conversationSid };
          if (route.chat) entities.chatMessage.prime(toChatMessage(item, scope));
          const record = toMessage(item, scope);
          if (!route.chat) entities.conversationsOnly.message.prime(record);
          return servedBy('Message', route, record);
        },
        (r) => entities.message.prime(r),
      ),
    webhooks: (serviceSid, conversationSid) =>
      routed(
        'webhook',
        undefined,
        serviceSid,
        { ChatServiceSid: serviceSid, ConversationSid: conversationSid },
        (item) => toWebhook(item, { serviceSid, conversationSid }),
        (r) => entities.webhook.prime(r),
      ),
    invites: (serviceSid, conversationSid, identities) =>
      routed(
        'invite',
        undefined,
        serviceSid,
        {
          ChatServiceSid: serviceSid,
          ConversationSid: conversationSid,
          ...(identities.length > 0 ? { Identity: identities } : {}),
        },
        (item) => toInvite(item, { serviceSid, conversationSid }),
        (r) => entities.invite.prime(r),
      ),
    deliveryReceipts: (serviceSid, conversationSid, messageSid) =>
      routed(
        'deliveryReceipt',
        undefined,
        serviceSid,
        { ChatServiceSid: serviceSid, ConversationSid: conversationSid, MessageSid: messageSid },
        (item) => toDeliveryReceipt(item, { serviceSid, conversationSid, messageSid }),
        (r) => entities.deliveryReceipt.prime(r),
      ),
    users: (serviceSid) =>
      routed(
        'user',
        undefined,
        serviceSid,
        { ChatServiceSid: serviceSid },
        (item, route) => {
          if (route.chat) entities.chatUser.prime(toChatUser(item, { serviceSid }));
          return toUser(item, { serviceSid });
        },
        (r) => entities.user.prime(r),
      ),
    userConversations: (serviceSid, userSid) =>
      routed(
        'membership',
        undefined,
        serviceSid,
        { ChatServiceSid: serviceSid, UserSid: userSid },
        (item, route) =>
          route.chat
            ? toUserChannel(item, { serviceSid, userSid })
            : toUserConversation(item, { serviceSid, userSid }),
      ),
    participantConversations: (serviceSid, by) =>
      routed(
        'participantConversation',
        undefined,
        serviceSid,
        {
          ChatServiceSid: serviceSid,
          ...('identity' in by ? { Identity: by.identity } : { Address: by.address }),
        },
        (item) => toParticipantConversation(item, { serviceSid }),
      ),
    roles: async (serviceSid) => {
      if (serviceSid !== DEFAULT_SERVICE) return roles(serviceSid);
      const shortcut = shortcutOf(router.row('role', 'list'));
      if (shortcut === null) {
        const sid = await context.defaultServiceSid();
        if (sid === null) throw new NoDefaultServiceError();
        return roles(sid);
      }
      // The items name their service: the list is the default service's, by its SID.
      let learnt: string | null = null;
      return listOn(
        'role',
        undefined,
        shortcut,
        {},
        (item) => toRole(item),
        (r) => {
          learnt ??= r.serviceSid;
          learnDefaultService(r.serviceSid);
          entities.role.prime(r);
        },
        () =>
          listIdentity('role:', {
            ChatServiceSid: learnt ?? context.defaultServiceSidNow() ?? DEFAULT_SERVICE,
          }),
      );
    },
    bindings: (serviceSid, filters) =>
      routed(
        'binding',
        undefined,
        serviceSid,
        {
          ChatServiceSid: serviceSid,
          ...(filters.bindingTypes?.length ? { BindingType: filters.bindingTypes } : {}),
          ...(filters.identities?.length ? { Identity: filters.identities } : {}),
        },
        (item) => toBinding(item, { serviceSid }),
        (r) => entities.binding.prime(r),
      ),
    userBindings: (serviceSid, user, bindingTypes) =>
      routed(
        'userBinding',
        undefined,
        serviceSid,
        {
          ChatServiceSid: serviceSid,
          UserSid: user,
          ...(bindingTypes.length > 0 ? { BindingType: bindingTypes } : {}),
        },
        (item) => toBinding(item, { serviceSid }),
      ),
    credentials: () =>
      routed('credential', undefined, null, {}, toCredential, (r) => entities.credential.prime(r)),
    addressConfigurations: (type) =>
      routed(
        'addressConfiguration',
        undefined,
        null,
        type ? { Type: type } : {},
        toAddressConfiguration,
        (r) => entities.addressConfiguration.prime(r),
      ),
  };
}

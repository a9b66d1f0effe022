/**
 * The list sources of one request, one per connection of the graph: each pages through the
 * route the router picks now (lists cannot wait for the default service) and primes the
 * entity caches with what it lists, so a later fetch of a listed object makes no call.
 * Priming goes through `EntityAccess.later`: until something asks the entity caches, the
 * primes wait (in order), so a request that only lists never builds a cache it does not read.
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
  type ConversationListItem,
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
import { getOperation } from '../registry/index.js';
import { TwilioError } from '../twilio/index.js';
import { apiParamName, type Family, type Only } from './routes.js';

/** Whether the route's path takes `value` for the parent parameter `name` (registry pattern). */
function pathTakes(family: Family, route: Route, name: string, value: string): boolean {
  const wire = apiParamName(family, route.api, name);
  const param = getOperation(route.operationId).pathParams.find((p) => p.name === wire);
  return param?.pattern === undefined || new RegExp(param.pattern).test(value);
}

/** Twilio's answer for a parent that does not exist, for a list that never reached Twilio. */
export function notFound(operationId: string | null): TwilioError {
  return new TwilioError({
    kind: 'twilio',
    operationId,
    status: 404,
    code: 20404,
    message: 'The conversation does not exist.',
  });
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

export interface BindingFilters {
  readonly bindingTypes?: readonly string[];
  readonly identities?: readonly string[];
}

export interface ListSources {
  services(): ListSource<ServiceRecord>;
  conversations(serviceSid: string, filters: ConversationFilters): ListSource<ConversationListItem>;
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

/** The request's entity caches as the lists reach them (index.ts builds them on first use). */
export interface EntityAccess {
  /** The caches, built now if they were not yet (after every prime waiting for them). */
  now(): EntityLoaders;
  /** Runs `prime` on the caches now if they exist, else when they are first asked for. */
  later(prime: (entities: EntityLoaders) => void): void;
}

export function createListSources(
  context: ReadContext,
  { now, later }: EntityAccess,
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
    /** Finds the parameters on first fetch (a parent named in a way the path does not take). */
    resolve?: () => Promise<PageParams>,
  ): ListSource<R> {
    const wire = (given: PageParams) => router.params(family, route, given) as PageParams;
    return createListSource(pages, {
      operationId: route.operationId,
      params: resolve ? async () => wire(await resolve()) : wire(params),
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

  /**
   * A list inside a conversation named by SID or unique name. Where the route's path takes
   * only a SID (the registry's pattern says so: Chat v1 messages), the conversation is read
   * first for its SID; a conversation that does not exist then lists as Twilio's 404.
   */
  function inConversation<R>(
    family: Family,
    serviceSid: string,
    conversationSid: string,
    extra: PageParams,
    parse: (item: unknown, route: Route) => R,
    prime?: (record: R) => void,
  ): ListSource<R> {
    const route = routeNow(router.row(family, 'list'), serviceSid);
    const params = { ChatServiceSid: serviceSid, ConversationSid: conversationSid, ...extra };
    const identity = () => listIdentity(`${family}:`, params);
    if (pathTakes(family, route, 'ConversationSid', conversationSid)) {
      return listOn(family, undefined, route, params, parse, prime, identity);
    }
    return listOn(family, undefined, route, params, parse, prime, identity, async () => {
      const conversation = await now().conversation.load([serviceSid, conversationSid]);
      if (conversation === null) throw notFound(route.operationId);
      return { ...params, ConversationSid: conversation.sid };
    });
  }

  const roles = (serviceSid: string): ListSource<RoleRecord> =>
    routed(
      'role',
      undefined,
      serviceSid,
      { ChatServiceSid: serviceSid },
      (item) => toRole(item, { serviceSid }),
      (r) => later((e) => e.role.prime(r)),
    );

  return {
    services: () =>
      routed(
        'service',
        undefined,
        null,
        {},
        (item, route) => {
          if (route.chat) later((e) => e.chatService.prime(toChatService(item)));
          return toService(item);
        },
        (r) => later((e) => e.service.prime(r)),
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
          if (route.chat) later((e) => e.channel.prime(toChannel(item, { serviceSid })));
          const record = toConversation(item, { serviceSid });
          if (!route.chat) later((e) => e.conversationsOnly.conversation.prime(record));
          return servedBy('Conversation', route, record);
        },
        (r) => later((e) => e.conversation.prime(r)),
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
        (r) => later((e) => e.channel.prime(r.channel)),
      ),
    participants: (serviceSid, conversationSid) =>
      inConversation(
        'participant',
        serviceSid,
        conversationSid,
        {},
        (item, route) => {
          const record = toParticipant(item, { serviceSid, conversationSid });
          if (!route.chat) later((e) => e.conversationsOnly.participant.prime(record));
          return servedBy('Participant', route, record);
        },
        (r) => later((e) => e.participant.prime(r)),
      ),
    messages: (serviceSid, conversationSid) =>
      inConversation(
        'message',
        serviceSid,
        conversationSid,
        {},
        (item, route) => {
          const scope = { serviceSid, conversationSid };
          if (route.chat) later((e) => e.chatMessage.prime(toChatMessage(item, scope)));
          const record = toMessage(item, scope);
          if (!route.chat) later((e) => e.conversationsOnly.message.prime(record));
          return servedBy('Message', route, record);
        },
        (r) => later((e) => e.message.prime(r)),
      ),
    webhooks: (serviceSid, conversationSid) =>
      inConversation(
        'webhook',
        serviceSid,
        conversationSid,
        {},
        (item) => toWebhook(item, { serviceSid, conversationSid }),
        (r) => later((e) => e.webhook.prime(r)),
      ),
    invites: (serviceSid, conversationSid, identities) =>
      inConversation(
        'invite',
        serviceSid,
        conversationSid,
        identities.length > 0 ? { Identity: identities } : {},
        (item) => toInvite(item, { serviceSid, conversationSid }),
        (r) => later((e) => e.invite.prime(r)),
      ),
    deliveryReceipts: (serviceSid, conversationSid, messageSid) =>
      routed(
        'deliveryReceipt',
        undefined,
        serviceSid,
        { ChatServiceSid: serviceSid, ConversationSid: conversationSid, MessageSid: messageSid },
        (item) => toDeliveryReceipt(item, { serviceSid, conversationSid, messageSid }),
        (r) => later((e) => e.deliveryReceipt.prime(r)),
      ),
    users: (serviceSid) =>
      routed(
        'user',
        undefined,
        serviceSid,
        { ChatServiceSid: serviceSid },
        (item, route) => {
          if (route.chat) later((e) => e.chatUser.prime(toChatUser(item, { serviceSid })));
          return toUser(item, { serviceSid });
        },
        (r) => later((e) => e.user.prime(r)),
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
          later((e) => e.role.prime(r));
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
        (r) => later((e) => e.binding.prime(r)),
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
      routed('credential', undefined, null, {}, toCredential, (r) =>
        later((e) => e.credential.prime(r)),
      ),
    addressConfigurations: (type) =>
      routed(
        'addressConfiguration',
        undefined,
        null,
        type ? { Type: type } : {},
        toAddressConfiguration,
        (r) => later((e) => e.addressConfiguration.prime(r)),
      ),
  };
}

/**
 * The entity caches of one request: one per kind of object, whatever the routing. Each source
 * of a kind (what both APIs have, what only Chat or only Conversations has) reads through the
 * route the router picks; an answer primes every source it holds (a Chat service answer holds
 * the Chat-only settings too), so an object fetched once is not fetched again.
 */
import { Entity, entityLoader, type EntityLoader, type EntityPath } from './entity-loader.js';
import { conversationsOnlyFields, type UnifiedType } from './field-sources.js';
import type { ReadContext } from './read-context.js';
import {
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
  toRole,
  toService,
  toServiceConfiguration,
  toServiceNotifications,
  toServiceWebhooks,
  toUser,
  toUserChannel,
  toUserConversation,
  toWebhook,
  type ChannelRecord,
  type ChatMessageRecord,
  type ChatServiceRecord,
  type ChatUserRecord,
  type ConversationRecord,
  type MessageRecord,
  type ParticipantRecord,
  type ServiceRecord,
  type UserRecord,
} from './records/index.js';
import type { Route } from './router.js';
import type { Family, Only } from './routes.js';

export function at(path: EntityPath, index: number): string {
  const value = path[index];
  if (value === undefined) throw new TypeError(`Entity path ${path.join('/')} is too short`);
  return value;
}

/** A Chat-served record without the fields only Conversations has (they read as unknown). */
export function servedBy<R extends object>(type: UnifiedType, route: Route, record: R): R {
  if (!route.chat) return record;
  const out: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  for (const field of conversationsOnlyFields(type)) delete out[field];
  return out as R;
}

const withName = (base: string[], name: string | null | undefined): EntityPath[] =>
  name === null || name === undefined || name === ''
    ? [base]
    : [base, [...base.slice(0, -1), name]];

export type EntityLoaders = ReturnType<typeof createEntityLoaders>;

export function createEntityLoaders(context: ReadContext) {
  const { router, get, routeFor, routeNow, learnDefaultService } = context;

  /**
   * One read of `family` through the route chosen for the path's service (its first segment
   * when `scoped`); `params` get the service SID actually used and are in the Conversations
   * vocabulary.
   */
  async function read(
    family: Family,
    only: Only | undefined,
    path: EntityPath,
    params: (serviceSid: string) => Record<string, string>,
    scoped = true,
  ): Promise<{ readonly data: unknown; readonly route: Route; readonly serviceSid: string }> {
    const row = router.row(family, 'fetch', only);
    const given = scoped ? at(path, 0) : null;
    const chosen = await routeFor(row, given);
    const serviceSid = chosen.serviceSid ?? given ?? '';
    const data = await get(
      chosen.route.operationId,
      router.params(family, chosen.route, params(serviceSid)),
    );
    return { data, route: chosen.route, serviceSid };
  }
  const sidParams = (p: EntityPath) => () => ({ Sid: at(p, 0) });
  const serviceChild = (p: EntityPath) => (serviceSid: string) => ({
    ChatServiceSid: serviceSid,
    Sid: at(p, 1),
  });
  const conversationChild = (p: EntityPath) => (serviceSid: string) => ({
    ChatServiceSid: serviceSid,
    ConversationSid: at(p, 1),
    Sid: at(p, 2),
  });

  // Services: what both APIs have, the Chat record, and Chat v1's (its per-event webhooks).
  const services: Entity<{
    shared: ServiceRecord;
    chat: ChatServiceRecord;
    'chat-v1': ChatServiceRecord;
  }> = new Entity({
    shared: {
      fetch: async (p) => {
        const { data, route } = await read('service', undefined, p, sidParams(p), false);
        primeChatService(route, data);
        return toService(data);
      },
      pathsOf: (r) => [[r.sid]],
    },
    chat: {
      fetch: async (p) => {
        const { data, route } = await read('service', 'chat', p, sidParams(p), false);
        primeChatService(route, data);
        return toChatService(data);
      },
      pathsOf: (r) => [[r.sid]],
    },
    'chat-v1': {
      fetch: async (p) =>
        toChatService((await read('service', 'chat-v1', p, sidParams(p), false)).data),
      pathsOf: (r) => [[r.sid]],
    },
  });
  function primeChatService(route: Route, data: unknown): void {
    if (!route.chat) return;
    const record = toChatService(data);
    services.prime('chat', record);
    if (route.api === 'chat-v1') services.prime('chat-v1', record);
  }
  const service = services.view('shared');
  const chatService = services.view('chat');

  /**
   * A setting of a service: Chat keeps it inside the service record, Conversations in a
   * sub-resource; whichever the routing reads services from answers.
   */
  function serviceSetting<R extends { readonly serviceSid: string | null }>(
    family: Family,
    parse: (data: unknown, serviceSid: string) => R,
    ofChat: (record: ChatServiceRecord) => R,
  ): EntityLoader<R> {
    return entityLoader<R>({
      fetch: async (p) => {
        if (routeNow(router.row('service', 'fetch'), null).chat) {
          const record = await chatService.load([at(p, 0)]);
          return record === null ? null : ofChat(record);
        }
        const { data } = await read(family, undefined, p, () => ({ ChatServiceSid: at(p, 0) }));
        return parse(data, at(p, 0));
      },
      pathsOf: (r) => (r.serviceSid ? [[r.serviceSid]] : []),
    });
  }

  const conversations: Entity<{
    shared: ConversationRecord;
    chat: ChannelRecord;
    conversations: ConversationRecord;
  }> = new Entity({
    shared: {
      fetch: async (p) => {
        const { data, route, serviceSid } = await read(
          'conversation',
          undefined,
          p,
          serviceChild(p),
        );
        if (route.chat) conversations.prime('chat', toChannel(data, { serviceSid }));
        const record = toConversation(data, { serviceSid });
        if (!route.chat) conversations.prime('conversations', record);
        return servedBy('Conversation', route, record);
      },
      pathsOf: (r) => withName([r.serviceSid, r.sid], r.uniqueName),
    },
    chat: {
      fetch: async (p) => {
        const { data, serviceSid } = await read('conversation', 'chat', p, serviceChild(p));
        return toChannel(data, { serviceSid });
      },
      pathsOf: (r) => withName([r.serviceSid, r.sid], r.uniqueName),
    },
    conversations: {
      fetch: async (p) => {
        const { data, serviceSid } = await read(
          'conversation',
          'conversations',
          p,
          serviceChild(p),
        );
        return toConversation(data, { serviceSid });
      },
      pathsOf: (r) => withName([r.serviceSid, r.sid], r.uniqueName),
    },
  });

  const participants: Entity<{ shared: ParticipantRecord; conversations: ParticipantRecord }> =
    new Entity({
      shared: {
        fetch: async (p) => {
          const { data, route, serviceSid } = await read(
            'participant',
            undefined,
            p,
            conversationChild(p),
          );
          const record = toParticipant(data, { serviceSid, conversationSid: at(p, 1) });
          if (!route.chat) participants.prime('conversations', record);
          return servedBy('Participant', route, record);
        },
        pathsOf: (r) => [[r.serviceSid, r.conversationSid, r.sid]],
      },
      conversations: {
        fetch: async (p) => {
          const { data, serviceSid } = await read(
            'participant',
            'conversations',
            p,
            conversationChild(p),
          );
          return toParticipant(data, { serviceSid, conversationSid: at(p, 1) });
        },
        pathsOf: (r) => [[r.serviceSid, r.conversationSid, r.sid]],
      },
    });

  const users: Entity<{ shared: UserRecord; chat: ChatUserRecord }> = new Entity({
    shared: {
      fetch: async (p) => {
        const { data, route, serviceSid } = await read('user', undefined, p, serviceChild(p));
        if (route.chat) users.prime('chat', toChatUser(data, { serviceSid }));
        return toUser(data, { serviceSid });
      },
      pathsOf: (r) => withName([r.serviceSid, r.sid], r.identity),
    },
    chat: {
      fetch: async (p) => {
        const { data, serviceSid } = await read('user', 'chat', p, serviceChild(p));
        return toChatUser(data, { serviceSid });
      },
      pathsOf: (r) => withName([r.serviceSid, r.sid], r.identity),
    },
  });

  const messages: Entity<{
    shared: MessageRecord;
    chat: ChatMessageRecord;
    conversations: MessageRecord;
  }> = new Entity({
    shared: {
      fetch: async (p) => {
        const { data, route, serviceSid } = await read(
          'message',
          undefined,
          p,
          conversationChild(p),
        );
        const scope = { serviceSid, conversationSid: at(p, 1) };
        if (route.chat) messages.prime('chat', toChatMessage(data, scope));
        const record = toMessage(data, scope);
        if (!route.chat) messages.prime('conversations', record);
        return servedBy('Message', route, record);
      },
      pathsOf: (r) => [[r.serviceSid, r.conversationSid, r.sid]],
    },
    chat: {
      fetch: async (p) => {
        const { data, serviceSid } = await read('message', 'chat', p, conversationChild(p));
        return toChatMessage(data, { serviceSid, conversationSid: at(p, 1) });
      },
      pathsOf: (r) => [[r.serviceSid, r.conversationSid, r.sid]],
    },
    conversations: {
      fetch: async (p) => {
        const { data, serviceSid } = await read(
          'message',
          'conversations',
          p,
          conversationChild(p),
        );
        return toMessage(data, { serviceSid, conversationSid: at(p, 1) });
      },
      pathsOf: (r) => [[r.serviceSid, r.conversationSid, r.sid]],
    },
  });

  return {
    services,
    service,
    chatService,
    chatV1Service: services.view('chat-v1'),
    serviceConfiguration: serviceSetting(
      'serviceConfiguration',
      toServiceConfiguration,
      (r) => r.configuration,
    ),
    serviceNotifications: serviceSetting(
      'serviceNotifications',
      toServiceNotifications,
      (r) => r.notifications,
    ),
    serviceWebhooks: serviceSetting('serviceWebhooks', toServiceWebhooks, (r) => r.webhooks),
    conversations,
    conversation: conversations.view('shared'),
    channel: conversations.view('chat'),
    participants,
    participant: participants.view('shared'),
    users,
    user: users.view('shared'),
    chatUser: users.view('chat'),
    messages,
    message: messages.view('shared'),
    chatMessage: messages.view('chat'),
    conversationsOnly: {
      conversation: conversations.view('conversations'),
      participant: participants.view('conversations'),
      message: messages.view('conversations'),
    },
    /** A role by `[serviceSid or DEFAULT_SERVICE, roleSid]`. */
    role: entityLoader({
      fetch: async (p) => {
        const { data, route, serviceSid } = await read('role', undefined, p, serviceChild(p));
        const record = toRole(data, route.api === 'conversations-default' ? {} : { serviceSid });
        if (route.api === 'conversations-default') learnDefaultService(record.serviceSid);
        return record;
      },
      pathsOf: (r) => [[r.serviceSid, r.sid]],
    }),
    invite: entityLoader({
      fetch: async (p) => {
        const { data, serviceSid } = await read('invite', undefined, p, conversationChild(p));
        return toInvite(data, { serviceSid, conversationSid: at(p, 1) });
      },
      pathsOf: (r) => [[r.serviceSid, r.conversationSid, r.sid]],
    }),
    webhook: entityLoader({
      fetch: async (p) => {
        const { data, serviceSid } = await read('webhook', undefined, p, conversationChild(p));
        return toWebhook(data, { serviceSid, conversationSid: at(p, 1) });
      },
      pathsOf: (r) => [[r.serviceSid, r.conversationSid, r.sid]],
    }),
    deliveryReceipt: entityLoader({
      fetch: async (p) => {
        const { data, serviceSid } = await read('deliveryReceipt', undefined, p, (s) => ({
          ChatServiceSid: s,
          ConversationSid: at(p, 1),
          MessageSid: at(p, 2),
          Sid: at(p, 3),
        }));
        return toDeliveryReceipt(data, {
          serviceSid,
          conversationSid: at(p, 1),
          messageSid: at(p, 2),
        });
      },
      pathsOf: (r) => [[r.serviceSid, r.conversationSid, r.messageSid, r.sid]],
    }),
    /** One user's membership by `[serviceSid, userSid, conversationSid]`. */
    userConversation: entityLoader({
      fetch: async (p) => {
        const { data, route, serviceSid } = await read('membership', undefined, p, (s) => ({
          ChatServiceSid: s,
          UserSid: at(p, 1),
          ConversationSid: at(p, 2),
        }));
        const scope = { serviceSid, userSid: at(p, 1) };
        return route.chat ? toUserChannel(data, scope) : toUserConversation(data, scope);
      },
      pathsOf: (r) => [[r.serviceSid, r.userSid ?? '', r.conversationSid]],
    }),
    binding: entityLoader({
      fetch: async (p) => {
        const { data, serviceSid } = await read('binding', undefined, p, serviceChild(p));
        return toBinding(data, { serviceSid });
      },
      pathsOf: (r) => [[r.serviceSid, r.sid]],
    }),
    /** A binding through Chat's per-user path, by `[serviceSid, user SID or identity, bindingSid]`. */
    userBinding: entityLoader({
      fetch: async (p) => {
        const { data, serviceSid } = await read('userBinding', undefined, p, (s) => ({
          ChatServiceSid: s,
          UserSid: at(p, 1),
          Sid: at(p, 2),
        }));
        return toBinding(data, { serviceSid });
      },
      pathsOf: () => [],
    }),
    credential: entityLoader({
      fetch: async (p) =>
        toCredential((await read('credential', undefined, p, sidParams(p), false)).data),
      pathsOf: (r) => [[r.sid]],
    }),
    addressConfiguration: entityLoader({
      fetch: async (p) =>
        toAddressConfiguration(
          (await read('addressConfiguration', undefined, p, sidParams(p), false)).data,
        ),
      pathsOf: (r) => withName([r.sid], r.address),
    }),
  };
}

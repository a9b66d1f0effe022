/**
 * The entity loaders of one request: one cache per (API, resource), each reading through the
 * READS column the routing picks, plus `conversationsOnly` for the fields only Conversations
 * has. A Chat answer also primes the Chat-only loader of the same object, so a query asking for
 * Chat-only fields after a routed read makes no second call.
 */
import { EntityLoader, type EntityPath } from './entity-loader.js';
import type { ReadContext } from './read-context.js';
import { conversationsColumns, READS } from './reads.js';
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
  toUser,
  toUserChannel,
  toUserConversation,
  toWebhook,
  type ConversationRecord,
  type MessageRecord,
  type ParticipantRecord,
} from './records.js';
import { isChatApi, operationOf, readParams, type RouteApi, type RouteRow } from './routing.js';

/** Loaders that always read the Conversations API, for the fields only it has. */
export interface ConversationsOnlyLoaders {
  readonly conversation: EntityLoader<ConversationRecord>;
  readonly participant: EntityLoader<ParticipantRecord>;
  readonly message: EntityLoader<MessageRecord>;
}

function at(path: EntityPath, index: number): string {
  const value = path[index];
  if (value === undefined) throw new TypeError(`Entity path ${path.join('/')} is too short`);
  return value;
}

/** Every entity loader of a request, and the `entity` factory the admin loaders build on. */
export type EntityLoaders = ReturnType<typeof createEntityLoaders>;

export function createEntityLoaders(context: ReadContext) {
  const { routing, get, columnFor } = context;

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

  return {
    entity,
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
  };
}

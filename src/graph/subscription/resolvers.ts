/**
 * Subscription: each field opens a stream of one conversation's events through the transport's
 * session and resolves each event to a graph object. The event is the payload: a Message built
 * from the webhook serves a selection within the fields the webhook carried (no Twilio call),
 * otherwise the message is loaded once through the per-event loaders; Participant and
 * Conversation payloads carry the webhook's fields as `known`, the way list copies do, and load
 * the rest on demand.
 */
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import {
  conversationTopic,
  serviceTopic,
  isConversationEvent,
  isMessageEvent,
  isParticipantEvent,
  sessionOf,
  type ChatEvent,
  type ChatEventKind,
  type MessageEvent,
} from '../../events/index.js';
import type { MessageRecord } from '../../loaders/index.js';
import type {
  Resolvers,
  SubscriptionResolvers,
  ViewerEventResolvers,
} from '../../generated/graphql.js';
import type { GraphContext } from '../context.js';
import { toGraphQLError } from '../errors.js';
import { decodeIdOf } from '../ids.js';
import { conversationParent, participantParent, type ConversationParent } from '../parents.js';
import type { ParticipantParent } from '../parents.js';
import { selectsOnly } from '../shared/selection.js';
import { tokenCallerRequired, viewerEvent, viewerKind, type ViewerEventParent } from './viewer.js';

const noSession = () =>
  new GraphQLError(
    'Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql, over ' +
      'Server-Sent Events at /graphql/stream, or through the Router callback protocol.',
    { extensions: { code: 'BAD_REQUEST' } },
  );

/** The same answer for a conversation that does not exist and one the caller is not in. */
const conversationNotFound = () =>
  new GraphQLError('No conversation with this id.', {
    extensions: { code: 'NOT_FOUND', argument: 'conversationId', retryable: false },
  });

/** The subscriber left or was removed: the stream's last frame, then it completes. */
const removedFromConversation = () =>
  new GraphQLError(
    'You are no longer a participant of this conversation; the subscription has ended.',
    { extensions: { code: 'REMOVED_FROM_CONVERSATION', retryable: false } },
  );

async function conversationEvents(
  ctx: GraphContext,
  conversationId: string,
  kinds: ReadonlySet<ChatEventKind>,
): Promise<AsyncIterableIterator<ChatEvent>> {
  const [serviceSid = '', conversationSid = ''] = decodeIdOf(
    'Conversation',
    conversationId,
    'conversationId',
  );
  const session = sessionOf(ctx);
  if (!session) throw noSession();
  // A token caller may watch only conversations they take part in (checked once, then kept
  // current from their own participant events).
  if (!(await session.access.mayWatch(serviceSid, conversationSid))) throw conversationNotFound();
  return session.open(ctx, {
    topic: conversationTopic(conversationSid),
    conversationSid,
    wants: (event) => event.serviceSid === serviceSid && kinds.has(event.kind),
    // A deleted conversation has nothing more to say: every stream on it ends.
    endsAfter: (event) => event.kind === 'conversationRemoved' && event.serviceSid === serviceSid,
  });
}

/** Message fields whose resolvers need nothing of the record beyond its keys. */
const KEY_FIELDS = [
  '__typename',
  'id',
  'sid',
  'serviceSid',
  'conversationSid',
  'conversation',
  'wasEdited',
  'lastUpdatedBy',
  'type',
  'deliveryReceipts',
];

/** Graph fields served by the webhook: the ones it carried (named as in the record). */
function servedBy(event: MessageEvent): ReadonlySet<string> {
  const served = new Set<string>([...KEY_FIELDS, ...event.known]);
  if (event.known.includes('participantSid')) served.add('participant');
  return served;
}

async function messagePayload(
  event: ChatEvent,
  ctx: GraphContext,
  info: GraphQLResolveInfo,
): Promise<MessageRecord> {
  if (!isMessageEvent(event)) throw new TypeError(`Not a message event: ${event.kind}`);
  // A removed message cannot be fetched: the webhook's description is all there is.
  if (event.kind === 'messageRemoved' || selectsOnly(info, servedBy(event))) return event.message;
  const loaded = await ctx.loaders.message.load([
    event.serviceSid,
    event.conversationSid,
    event.message.sid,
  ]);
  // Deleted between the webhook and this read: still tell the subscriber what happened.
  return loaded ?? event.message;
}

function participantPayload(event: ChatEvent): ParticipantParent {
  if (!isParticipantEvent(event)) throw new TypeError(`Not a participant event: ${event.kind}`);
  return participantParent(event.participant);
}

function conversationPayload(event: ChatEvent): ConversationParent {
  if (!isConversationEvent(event)) throw new TypeError(`Not a conversation event: ${event.kind}`);
  return conversationParent(event.conversation);
}

type Payload<R> = (event: ChatEvent, ctx: GraphContext, info: GraphQLResolveInfo) => R;

/** One subscription field: the events it listens for and how each becomes its payload. */
function field<R>(kinds: readonly ChatEventKind[], payload: Payload<R>) {
  const wanted = new Set(kinds);
  return {
    subscribe: async (_root: unknown, args: { conversationId: string }, ctx: GraphContext) => {
      try {
        return await conversationEvents(ctx, args.conversationId, wanted);
      } catch (error) {
        throw toGraphQLError(error);
      }
    },
    resolve: async (
      event: ChatEvent | undefined,
      _args: unknown,
      ctx: GraphContext,
      info: GraphQLResolveInfo,
    ) => {
      // Run as a plain query (a subscription POSTed without the callback extension).
      if (event === undefined) throw noSession();
      // Only the subscriber's own removal reaches a stream that does not want its kind.
      if (!wanted.has(event.kind)) throw removedFromConversation();
      try {
        return await payload(event, ctx, info);
      } catch (error) {
        throw toGraphQLError(error);
      }
    },
  };
}

const Subscription: SubscriptionResolvers = {
  messageAdded: field(['messageAdded'], messagePayload),
  messageUpdated: field(['messageUpdated'], messagePayload),
  messageRemoved: field(['messageRemoved'], messagePayload),
  participantAdded: field(['participantAdded'], participantPayload),
  participantUpdated: field(['participantUpdated'], participantPayload),
  participantRemoved: field(['participantRemoved'], participantPayload),
  conversationUpdated: field(
    ['conversationUpdated', 'conversationStateUpdated'],
    conversationPayload,
  ),
  conversationRemoved: field(['conversationRemoved'], conversationPayload),
  viewerEvents: {
    subscribe: async (_root, _args, ctx) => {
      const session = sessionOf(ctx);
      if (!session) throw noSession();
      const { caller } = session.subscriber;
      if (caller.kind !== 'token') throw tokenCallerRequired();
      try {
        const serviceSid = await session.access.service();
        if (serviceSid == null) throw conversationNotFound();
        return session.open(ctx, {
          topic: serviceTopic(serviceSid),
          wants: (event) => viewerKind(event, caller, serviceSid) !== null,
        });
      } catch (error) {
        throw toGraphQLError(error);
      }
    },
    resolve: (event: ChatEvent | undefined, _args: unknown, ctx: GraphContext) => {
      if (event === undefined) throw noSession();
      if (ctx.caller.kind !== 'token') throw tokenCallerRequired();
      return viewerEvent(event, ctx.caller, event.serviceSid);
    },
  },
};

/** The caller's membership after the event (null once removed: there is none). */
function viewerMembership(parent: ViewerEventParent, ctx: GraphContext) {
  if (parent.kind === 'REMOVED_FROM_CONVERSATION') return null;
  const { serviceSid, conversationSid } = parent.event;
  return ctx.loaders.userConversation.load([serviceSid, parent.identity, conversationSid]);
}

const ViewerEvent: ViewerEventResolvers = {
  kind: (parent) => parent.kind,
  conversation: (parent) =>
    conversationParent({ serviceSid: parent.event.serviceSid, sid: parent.event.conversationSid }),
  message: async (parent, _args, ctx, info) =>
    isMessageEvent(parent.event) ? messagePayload(parent.event, ctx, info) : null,
  participant: (parent) =>
    isParticipantEvent(parent.event) ? participantParent(parent.event.participant) : null,
  membership: (parent, _args, ctx) => viewerMembership(parent, ctx),
  unreadMessagesCount: async (parent, _args, ctx) =>
    (await viewerMembership(parent, ctx))?.unreadMessagesCount ?? null,
};

export const subscriptionResolvers: Resolvers = { Subscription, ViewerEvent };

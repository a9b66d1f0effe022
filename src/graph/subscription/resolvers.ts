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
  isConversationEvent,
  isMessageEvent,
  isParticipantEvent,
  sessionOf,
  type ChatEvent,
  type ChatEventKind,
  type MessageEvent,
} from '../../events/index.js';
import type { MessageRecord } from '../../loaders/index.js';
import type { Resolvers, SubscriptionResolvers } from '../../generated/graphql.js';
import type { GraphContext } from '../context.js';
import { toGraphQLError } from '../errors.js';
import { decodeIdOf } from '../ids.js';
import { conversationParent, participantParent, type ConversationParent } from '../parents.js';
import type { ParticipantParent } from '../parents.js';
import { selectsOnly } from '../shared/selection.js';

const noSession = () =>
  new GraphQLError(
    'Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql, over ' +
      'Server-Sent Events at /graphql/stream, or through the Router callback protocol.',
    { extensions: { code: 'BAD_REQUEST' } },
  );

function conversationEvents(
  ctx: GraphContext,
  conversationId: string,
  kinds: readonly ChatEventKind[],
): AsyncIterableIterator<ChatEvent> {
  const [serviceSid, conversationSid] = decodeIdOf(
    'Conversation',
    conversationId,
    'conversationId',
  );
  const session = sessionOf(ctx);
  if (!session) throw noSession();
  const wanted = new Set<ChatEventKind>(kinds);
  return session.open(ctx, {
    topic: conversationTopic(conversationSid ?? ''),
    wants: (event) => event.serviceSid === serviceSid && wanted.has(event.kind),
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
  return {
    subscribe: (_root: unknown, args: { conversationId: string }, ctx: GraphContext) => {
      try {
        return conversationEvents(ctx, args.conversationId, kinds);
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
};

export const subscriptionResolvers: Resolvers = { Subscription };

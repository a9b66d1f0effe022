/**
 * `viewerEvents`: the inbox stream of a token caller. It listens on the caller's service topic
 * and keeps the events about their inbox: messages of conversations they are in (the session's
 * membership filter decides which), and their own participant added, removed, or updated with a
 * read horizon. Each becomes a `ViewerEvent` whose membership is read when selected.
 */
import { GraphQLError } from 'graphql';
import type { TokenCaller } from '../../access/index.js';
import {
  isMessageEvent,
  isOwnParticipantEvent,
  isParticipantEvent,
  type ChatEvent,
  type MessageEvent,
  type ParticipantEvent,
} from '../../events/index.js';

/** The SDL's `ViewerEventKind` (spelled here: the generated types map `ViewerEvent` to this file). */
export type ViewerEventKind =
  'MESSAGE_ADDED' | 'ADDED_TO_CONVERSATION' | 'REMOVED_FROM_CONVERSATION' | 'READ_HORIZON_UPDATED';

export interface ViewerEventParent {
  readonly kind: ViewerEventKind;
  readonly event: MessageEvent | ParticipantEvent;
  readonly identity: string;
}

export const tokenCallerRequired = () =>
  new GraphQLError(
    '`viewerEvents` is the inbox stream of a token caller: connect with a Twilio Access Token. ' +
      'Admin callers watch conversations with `messageAdded` and the other conversation subscriptions.',
    { extensions: { code: 'TOKEN_CALLER_REQUIRED' } },
  );

/** What an event means for the caller's inbox; null when it is not part of it. */
export function viewerKind(
  event: ChatEvent,
  caller: TokenCaller,
  serviceSid: string,
): ViewerEventKind | null {
  if (event.serviceSid !== serviceSid) return null;
  if (isMessageEvent(event)) return event.kind === 'messageAdded' ? 'MESSAGE_ADDED' : null;
  if (!isOwnParticipantEvent(event, caller, serviceSid)) return null;
  switch (event.kind) {
    case 'participantAdded':
      return 'ADDED_TO_CONVERSATION';
    case 'participantRemoved':
      return 'REMOVED_FROM_CONVERSATION';
    default:
      // An update without a read horizon (role, attributes) is not an inbox change.
      return event.participant.lastReadMessageIndex === undefined ? null : 'READ_HORIZON_UPDATED';
  }
}

export function viewerEvent(
  event: ChatEvent,
  caller: TokenCaller,
  serviceSid: string,
): ViewerEventParent {
  const kind = viewerKind(event, caller, serviceSid);
  if (kind === null || !(isMessageEvent(event) || isParticipantEvent(event))) {
    throw new TypeError(`Not an inbox event: ${event.kind}`);
  }
  return { kind, event, identity: caller.identity };
}

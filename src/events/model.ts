/**
 * The gateway's chat events: one vocabulary for Chat's and Conversations' post-event webhooks
 * (Chat `onMessageSent` and Conversations `onMessageAdded` are both `messageAdded`). An event
 * carries what its webhook said in the loaders' record shape, so a subscriber's selection is
 * served from it without a Twilio call; `known` names the fields the webhook really carried
 * (every other field of the record is a placeholder and must be loaded).
 *
 * Events are plain JSON data: a bus that crosses processes (Redis) sends them as they are.
 */
import type {
  ConversationRecord,
  MessageRecord,
  ParticipantRecord,
  UserRecord,
} from '../loaders/index.js';

export type MessageEventKind = 'messageAdded' | 'messageUpdated' | 'messageRemoved';
export type ParticipantEventKind = 'participantAdded' | 'participantUpdated' | 'participantRemoved';
export type ConversationEventKind =
  'conversationAdded' | 'conversationUpdated' | 'conversationStateUpdated' | 'conversationRemoved';
export type UserEventKind = 'userAdded' | 'userUpdated' | 'userRemoved';
export type ChatEventKind =
  MessageEventKind | ParticipantEventKind | ConversationEventKind | UserEventKind;

interface EventBase {
  /** De-duplication identity: Twilio's idempotency token, or a digest of the delivery. */
  readonly id: string;
  readonly accountSid: string;
  readonly serviceSid: string;
  /** Which API's webhook vocabulary the delivery used. */
  readonly source: 'conversations' | 'chat';
  /** When the gateway received the webhook, in ms since the epoch (fractional). */
  readonly receivedAt: number;
}

interface InConversation extends EventBase {
  readonly conversationSid: string;
}

export interface MessageEvent extends InConversation {
  readonly kind: MessageEventKind;
  readonly message: MessageRecord;
  readonly known: readonly (keyof MessageRecord)[];
}

export interface ParticipantEvent extends InConversation {
  readonly kind: ParticipantEventKind;
  readonly participant: Partial<ParticipantRecord> &
    Pick<ParticipantRecord, 'serviceSid' | 'conversationSid' | 'sid'>;
}

export interface ConversationEvent extends InConversation {
  readonly kind: ConversationEventKind;
  readonly conversation: Partial<ConversationRecord> &
    Pick<ConversationRecord, 'serviceSid' | 'sid'>;
}

export interface UserEvent extends EventBase {
  readonly kind: UserEventKind;
  readonly user: Partial<UserRecord> & Pick<UserRecord, 'serviceSid' | 'sid'>;
}

/** Everything a subscriber can be told; `viewerEvents` (the inbox stream) will carry this union. */
export type ChatEvent = MessageEvent | ParticipantEvent | ConversationEvent | UserEvent;

const MESSAGE_KINDS: ReadonlySet<string> = new Set<MessageEventKind>([
  'messageAdded',
  'messageUpdated',
  'messageRemoved',
]);
const PARTICIPANT_KINDS: ReadonlySet<string> = new Set<ParticipantEventKind>([
  'participantAdded',
  'participantUpdated',
  'participantRemoved',
]);
const USER_KINDS: ReadonlySet<string> = new Set<UserEventKind>([
  'userAdded',
  'userUpdated',
  'userRemoved',
]);

export function isMessageEvent(event: ChatEvent): event is MessageEvent {
  return MESSAGE_KINDS.has(event.kind);
}

export function isParticipantEvent(event: ChatEvent): event is ParticipantEvent {
  return PARTICIPANT_KINDS.has(event.kind);
}

export function isUserEvent(event: ChatEvent): event is UserEvent {
  return USER_KINDS.has(event.kind);
}

export function isConversationEvent(event: ChatEvent): event is ConversationEvent {
  return !isMessageEvent(event) && !isParticipantEvent(event) && !isUserEvent(event);
}

/** Channels of the bus: one per conversation, one per service (the inbox stream's). */
export function conversationTopic(conversationSid: string): string {
  return `conversation:${conversationSid}`;
}

export function serviceTopic(serviceSid: string): string {
  return `service:${serviceSid}`;
}

/** The topics an event is published on. */
export function topicsOf(event: ChatEvent): string[] {
  const service = serviceTopic(event.serviceSid);
  return 'conversationSid' in event
    ? [conversationTopic(event.conversationSid), service]
    : [service];
}

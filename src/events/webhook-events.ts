/**
 * Twilio post-event webhook parameters → a gateway event. Both vocabularies map onto one set of
 * events (Chat `onMessageSent` / Conversations `onMessageAdded` → `messageAdded`, Chat members →
 * participants, channels → conversations). The parameters are turned into a Twilio-shaped wire
 * record and read by the loaders' own converters, so an event's record has exactly the shape a
 * fetch would give; only the fields the webhook carried are `known`.
 *
 * Pre-event names (`onMessageAdd`, `onMessageSend`, …) and events the graph has no use for
 * (`onDeliveryUpdated`) map to nothing.
 */
import { createHash } from 'node:crypto';
import {
  toConversation,
  toMessage,
  toParticipant,
  toUser,
  type ConversationRecord,
  type MessageRecord,
  type ParticipantRecord,
  type UserRecord,
} from '../loaders/index.js';
import type { ChatEvent, ChatEventKind } from './model.js';

/** Decoded form parameters; a repeated name keeps every value. */
export type WebhookParams = Readonly<Record<string, string | readonly string[]>>;

const EVENT_KINDS: Readonly<Record<string, ChatEventKind>> = {
  // Conversations
  onMessageAdded: 'messageAdded',
  onMessageUpdated: 'messageUpdated',
  onMessageRemoved: 'messageRemoved',
  onParticipantAdded: 'participantAdded',
  onParticipantUpdated: 'participantUpdated',
  onParticipantRemoved: 'participantRemoved',
  onConversationAdded: 'conversationAdded',
  onConversationUpdated: 'conversationUpdated',
  onConversationStateUpdated: 'conversationStateUpdated',
  onConversationRemoved: 'conversationRemoved',
  onUserAdded: 'userAdded',
  onUserUpdated: 'userUpdated',
  onUserRemoved: 'userRemoved',
  // Chat (the message, user and update names are shared with Conversations)
  onMessageSent: 'messageAdded',
  onMemberAdded: 'participantAdded',
  onMemberUpdated: 'participantUpdated',
  onMemberRemoved: 'participantRemoved',
  onChannelAdded: 'conversationAdded',
  onChannelUpdated: 'conversationUpdated',
  onChannelDestroyed: 'conversationRemoved',
};

/** Every post-event name (both APIs) that becomes a gateway event: a webhook's filter list. */
export const POST_EVENT_NAMES: readonly string[] = Object.keys(EVENT_KINDS);

/** The gateway event an `EventType` maps to, or null for pre-events and unused ones. */
export function eventKindOf(eventType: string): ChatEventKind | null {
  return Object.hasOwn(EVENT_KINDS, eventType) ? (EVENT_KINDS[eventType] ?? null) : null;
}

/** One webhook parameter → the wire field the loaders read → the record field it fills. */
type FieldMap<R> = readonly (readonly [param: string, wire: string, field: keyof R])[];

const MESSAGE_FIELDS: FieldMap<MessageRecord> = [
  ['Index', 'index', 'index'],
  ['Author', 'author', 'author'],
  ['From', 'from', 'author'],
  ['Body', 'body', 'body'],
  ['Attributes', 'attributes', 'attributes'],
  ['ParticipantSid', 'participant_sid', 'participantSid'],
  ['Media', 'media', 'media'],
  ['ContentSid', 'content_sid', 'contentSid'],
  ['DateCreated', 'date_created', 'createdAt'],
  ['DateUpdated', 'date_updated', 'updatedAt'],
];

const PARTICIPANT_FIELDS: FieldMap<ParticipantRecord> = [
  ['Identity', 'identity', 'identity'],
  ['Attributes', 'attributes', 'attributes'],
  ['RoleSid', 'role_sid', 'roleSid'],
  ['LastReadMessageIndex', 'last_read_message_index', 'lastReadMessageIndex'],
  ['LastReadTimestamp', 'last_read_timestamp', 'lastReadTimestamp'],
  ['DateCreated', 'date_created', 'createdAt'],
  ['DateUpdated', 'date_updated', 'updatedAt'],
];

const CONVERSATION_FIELDS: FieldMap<ConversationRecord> = [
  ['FriendlyName', 'friendly_name', 'friendlyName'],
  ['UniqueName', 'unique_name', 'uniqueName'],
  ['Attributes', 'attributes', 'attributes'],
  ['State', 'state', 'state'],
  ['MessagingServiceSid', 'messaging_service_sid', 'messagingServiceSid'],
  ['DateCreated', 'date_created', 'createdAt'],
  ['DateUpdated', 'date_updated', 'updatedAt'],
];

const USER_FIELDS: FieldMap<UserRecord> = [
  ['Identity', 'identity', 'identity'],
  ['FriendlyName', 'friendly_name', 'friendlyName'],
  ['Attributes', 'attributes', 'attributes'],
  ['RoleSid', 'role_sid', 'roleSid'],
  ['IsOnline', 'is_online', 'isOnline'],
  ['IsNotifiable', 'is_notifiable', 'isNotifiable'],
  ['DateCreated', 'date_created', 'createdAt'],
  ['DateUpdated', 'date_updated', 'updatedAt'],
];

function first(params: WebhookParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : value?.[0];
}

/** `Media` is JSON text with PascalCase keys; the loaders read snake_case. */
function mediaWire(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  return parsed.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) return item;
    const m = item as Record<string, unknown>;
    return {
      sid: m.Sid ?? m.sid,
      content_type: m.ContentType ?? m.content_type,
      filename: m.Filename ?? m.filename,
      size: m.Size ?? m.size,
    };
  });
}

/** The wire record the fields describe, and which record fields the webhook carried. */
function wireOf<R>(
  params: WebhookParams,
  keys: Record<string, string>,
  fields: FieldMap<R>,
): { wire: Record<string, unknown>; known: (keyof R)[] } {
  const wire: Record<string, unknown> = { ...keys };
  const known = new Set<keyof R>();
  for (const [param, wireName, field] of fields) {
    const value = first(params, param);
    if (value === undefined) continue;
    wire[wireName] = param === 'Media' ? mediaWire(value) : value;
    known.add(field);
  }
  return { wire, known: [...known] };
}

function pick<R extends object, K extends keyof R>(
  record: R,
  always: readonly K[],
  known: readonly (keyof R)[],
): Partial<R> & Pick<R, K> {
  const out: Partial<R> = {};
  for (const key of [...always, ...known]) out[key] = record[key];
  return out as Partial<R> & Pick<R, K>;
}

/**
 * The de-duplication identity of a delivery: Twilio's `I-Twilio-Idempotency-Token` when sent
 * (it stays the same across retries), otherwise a digest of every parameter but `RetryCount`
 * (the one parameter a retry changes).
 */
export function deliveryIdentity(params: WebhookParams, idempotencyToken?: string): string {
  if (idempotencyToken !== undefined && idempotencyToken !== '') {
    return `token:${idempotencyToken}`;
  }
  const hash = createHash('sha256');
  for (const name of Object.keys(params).sort()) {
    if (name === 'RetryCount') continue;
    const value = params[name];
    const values = typeof value === 'string' ? [value] : [...(value ?? [])].sort();
    for (const v of values) hash.update(`${name}\u0000${v}\u0000`);
  }
  return `digest:${hash.digest('base64url')}`;
}

export interface WebhookEventInput {
  readonly params: WebhookParams;
  readonly id: string;
  readonly receivedAt: number;
}

/**
 * The event a delivery describes, or null when it describes nothing the graph publishes (a
 * pre-event, an unknown name, or parameters missing the SIDs that place it).
 */
export function eventFromWebhook({ params, id, receivedAt }: WebhookEventInput): ChatEvent | null {
  const kind = eventKindOf(first(params, 'EventType') ?? '');
  if (kind === null) return null;
  const accountSid = first(params, 'AccountSid');
  const chatServiceSid = first(params, 'ChatServiceSid');
  const serviceSid = chatServiceSid ?? first(params, 'ServiceSid') ?? first(params, 'InstanceSid');
  if (!accountSid || !serviceSid) return null;
  const source = chatServiceSid !== undefined ? 'conversations' : 'chat';
  const base = { id, accountSid, serviceSid, source, receivedAt } as const;
  const conversationSid = first(params, 'ConversationSid') ?? first(params, 'ChannelSid');
  const scope = { serviceSid, conversationSid };

  switch (kind) {
    case 'userAdded':
    case 'userUpdated':
    case 'userRemoved': {
      const sid = first(params, 'UserSid');
      if (!sid || first(params, 'Identity') === undefined) return null;
      const { wire, known } = wireOf(params, { sid }, USER_FIELDS);
      const user = pick(toUser(wire, { serviceSid }), ['serviceSid', 'sid'], known);
      return { ...base, kind, user };
    }
    default:
      break;
  }
  if (!conversationSid) return null;
  switch (kind) {
    case 'messageAdded':
    case 'messageUpdated':
    case 'messageRemoved': {
      const sid = first(params, 'MessageSid');
      if (!sid) return null;
      const { wire, known } = wireOf(params, { sid }, MESSAGE_FIELDS);
      return { ...base, kind, conversationSid, message: toMessage(wire, scope), known };
    }
    case 'participantAdded':
    case 'participantUpdated':
    case 'participantRemoved': {
      const sid = first(params, 'ParticipantSid') ?? first(params, 'MemberSid');
      if (!sid) return null;
      const { wire, known } = wireOf(params, { sid }, PARTICIPANT_FIELDS);
      const participant = pick(
        toParticipant(wire, scope),
        ['serviceSid', 'conversationSid', 'sid'],
        known,
      );
      return { ...base, kind, conversationSid, participant };
    }
    default: {
      const { wire, known } = wireOf(params, { sid: conversationSid }, CONVERSATION_FIELDS);
      const conversation = pick(toConversation(wire, scope), ['serviceSid', 'sid'], known);
      return { ...base, kind, conversationSid, conversation };
    }
  }
}

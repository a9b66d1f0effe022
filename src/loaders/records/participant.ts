/**
 * Participant records (Chat: members) and a participant's memberships found by identity or
 * address, which copy conversation fields.
 */
import { asWireRecord, int, jsonObject, str } from '../wire.js';
import {
  conversationOf,
  type Dated,
  messagingBinding,
  type MessagingBindingRecord,
  need,
  type Scope,
  serviceOf,
  sidOf,
  timers,
} from './common.js';
import type { ConversationRecord } from './conversation.js';

export interface ParticipantRecord extends Dated {
  readonly serviceSid: string;
  readonly conversationSid: string;
  readonly sid: string;
  readonly identity: string | null;
  readonly attributes: Record<string, unknown> | null;
  readonly roleSid: string | null;
  readonly lastReadMessageIndex: number | null;
  readonly lastReadTimestamp: string | null;
  readonly messagingBinding?: MessagingBindingRecord | null;
}

export function toParticipant(data: unknown, scope: Scope = {}): ParticipantRecord {
  const w = asWireRecord(data, 'participant');
  // Written out rather than spread from the shared readers: a wide read converts hundreds.
  return {
    serviceSid: serviceOf(w, scope),
    conversationSid: conversationOf(w, scope),
    sid: sidOf(w),
    identity: str(w, 'identity'),
    attributes: jsonObject(w, 'attributes'),
    roleSid: str(w, 'role_sid'),
    // Chat members name the same two fields after "consumption".
    lastReadMessageIndex:
      int(w, 'last_read_message_index') ?? int(w, 'last_consumed_message_index'),
    lastReadTimestamp:
      (str(w, 'last_read_timestamp') ?? str(w, 'last_consumption_timestamp')) || null,
    messagingBinding: messagingBinding(w, 'messaging_binding'),
    createdAt: str(w, 'date_created'),
    updatedAt: str(w, 'date_updated'),
  };
}

/** A participant's membership found by identity or address, with copied conversation fields. */
export interface ParticipantConversationRecord {
  readonly serviceSid: string;
  readonly conversationSid: string;
  readonly participant: Partial<ParticipantRecord> &
    Pick<ParticipantRecord, 'serviceSid' | 'conversationSid' | 'sid'>;
  readonly conversation: Partial<ConversationRecord>;
}

export function toParticipantConversation(
  data: unknown,
  scope: Scope = {},
): ParticipantConversationRecord {
  const w = asWireRecord(data, 'participant conversation');
  const serviceSid = serviceOf(w, scope);
  const conversationSid = conversationOf(w, scope);
  return {
    serviceSid,
    conversationSid,
    participant: {
      serviceSid,
      conversationSid,
      sid: need(str(w, 'participant_sid'), 'a participant SID'),
      identity: str(w, 'participant_identity'),
      messagingBinding: messagingBinding(w, 'participant_messaging_binding'),
    },
    conversation: {
      serviceSid,
      sid: conversationSid,
      uniqueName: str(w, 'conversation_unique_name'),
      friendlyName: str(w, 'conversation_friendly_name'),
      attributes: jsonObject(w, 'conversation_attributes'),
      state: str(w, 'conversation_state'),
      timers: timers(w, 'conversation_timers'),
      createdAt: str(w, 'conversation_date_created'),
      updatedAt: str(w, 'conversation_date_updated'),
    },
  };
}

/**
 * Conversation records: the Conversations view, the Chat channel view (Chat-only fields), and
 * the conversation fields a Chat channel list also carries.
 */
import { asWireRecord, int, jsonObject, str } from '../wire.js';
import {
  type Dated,
  dates,
  type Scope,
  serviceOf,
  sidOf,
  timers,
  type TimersRecord,
} from './common.js';

export interface ConversationRecord extends Dated {
  readonly serviceSid: string;
  readonly sid: string;
  readonly uniqueName: string | null;
  readonly friendlyName: string | null;
  readonly attributes: Record<string, unknown> | null;
  readonly state?: string | null;
  readonly timers?: TimersRecord | null;
  readonly messagingServiceSid?: string | null;
}

/**
 * A conversation as a list gives it: a full record from the service's list, or the fields a
 * membership row copies (a token caller's conversations are their memberships); the graph
 * loads what is missing.
 */
export type ConversationListItem = Partial<ConversationRecord> &
  Pick<ConversationRecord, 'serviceSid' | 'sid'>;

export function toConversation(data: unknown, scope: Scope = {}): ConversationRecord {
  const w = asWireRecord(data, 'conversation');
  return {
    serviceSid: serviceOf(w, scope),
    sid: sidOf(w),
    uniqueName: str(w, 'unique_name'),
    friendlyName: str(w, 'friendly_name'),
    attributes: jsonObject(w, 'attributes'),
    state: str(w, 'state'),
    timers: timers(w, 'timers'),
    messagingServiceSid: str(w, 'messaging_service_sid'),
    createdAt: str(w, 'date_created'),
    updatedAt: str(w, 'date_updated'),
  };
}

export interface ChannelRecord {
  readonly serviceSid: string;
  readonly sid: string;
  readonly uniqueName: string | null;
  readonly type: string | null;
  readonly membersCount: number | null;
  readonly messagesCount: number | null;
  readonly createdBy: string | null;
}

export function toChannel(data: unknown, scope: Scope = {}): ChannelRecord {
  const w = asWireRecord(data, 'channel');
  return {
    serviceSid: serviceOf(w, scope),
    sid: sidOf(w),
    uniqueName: str(w, 'unique_name'),
    type: str(w, 'type'),
    membersCount: int(w, 'members_count'),
    messagesCount: int(w, 'messages_count'),
    createdBy: str(w, 'created_by'),
  };
}

/** Conversation fields a Chat channel list also carries (same store), for list pages from Chat. */
export function conversationFieldsOfChannel(
  data: unknown,
  scope: Scope = {},
): Partial<ConversationRecord> {
  const w = asWireRecord(data, 'channel');
  return {
    serviceSid: serviceOf(w, scope),
    sid: sidOf(w),
    uniqueName: str(w, 'unique_name'),
    friendlyName: str(w, 'friendly_name'),
    attributes: jsonObject(w, 'attributes'),
    ...dates(w),
  };
}

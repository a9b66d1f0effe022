/**
 * User records (both APIs), the Chat-only user fields, and a user's memberships
 * (Conversations UserConversation, Chat UserChannel).
 */
import { asWireRecord, bool, int, jsonObject, str, strOf } from '../wire.js';
import {
  conversationOf,
  type Dated,
  dates,
  need,
  type Scope,
  serviceOf,
  sidOf,
  timers,
} from './common.js';
import type { ConversationRecord } from './conversation.js';

export interface UserRecord extends Dated {
  readonly serviceSid: string;
  readonly sid: string;
  readonly identity: string;
  readonly friendlyName: string | null;
  readonly attributes: Record<string, unknown> | null;
  readonly roleSid: string | null;
  readonly isOnline: boolean | null;
  readonly isNotifiable: boolean | null;
}

export function toUser(data: unknown, scope: Scope = {}): UserRecord {
  const w = asWireRecord(data, 'user');
  return {
    serviceSid: serviceOf(w, scope),
    sid: sidOf(w),
    identity: need(str(w, 'identity'), 'an identity'),
    friendlyName: str(w, 'friendly_name'),
    attributes: jsonObject(w, 'attributes'),
    roleSid: str(w, 'role_sid'),
    isOnline: bool(w, 'is_online'),
    isNotifiable: bool(w, 'is_notifiable'),
    createdAt: str(w, 'date_created'),
    updatedAt: str(w, 'date_updated'),
  };
}

export interface ChatUserRecord {
  readonly serviceSid: string;
  readonly sid: string;
  /** The fields both APIs have, so a Chat-only selection needs no Conversations read. */
  readonly user: UserRecord;
  readonly identity: string | null;
  readonly joinedChannelsCount: number | null;
}

export function toChatUser(data: unknown, scope: Scope = {}): ChatUserRecord {
  const w = asWireRecord(data, 'chat user');
  return {
    serviceSid: serviceOf(w, scope),
    sid: sidOf(w),
    user: toUser(data, scope),
    identity: str(w, 'identity'),
    joinedChannelsCount: int(w, 'joined_channels_count'),
  };
}

/** A user's membership in a conversation, with the conversation fields Twilio copies into it. */
export interface UserConversationRecord {
  readonly serviceSid: string;
  readonly userSid: string | null;
  readonly conversationSid: string;
  readonly participantSid: string | null;
  readonly unreadMessagesCount: number | null;
  readonly lastReadMessageIndex: number | null;
  readonly notificationLevel: string | null;
  readonly conversation: Partial<ConversationRecord>;
}

export function toUserConversation(data: unknown, scope: Scope = {}): UserConversationRecord {
  const w = asWireRecord(data, 'user conversation');
  const serviceSid = serviceOf(w, scope);
  const conversationSid = conversationOf(w, scope);
  return {
    serviceSid,
    userSid: str(w, 'user_sid') ?? scope.userSid ?? null,
    conversationSid,
    participantSid: str(w, 'participant_sid'),
    unreadMessagesCount: int(w, 'unread_messages_count'),
    lastReadMessageIndex: int(w, 'last_read_message_index'),
    notificationLevel: str(w, 'notification_level'),
    conversation: {
      serviceSid,
      sid: conversationSid,
      uniqueName: str(w, 'unique_name'),
      friendlyName: str(w, 'friendly_name'),
      attributes: jsonObject(w, 'attributes'),
      state: str(w, 'conversation_state'),
      timers: timers(w, 'timers'),
      ...dates(w),
    },
  };
}

/**
 * A Chat user channel read as a membership. Chat copies no conversation fields into it, so the
 * conversation part holds only its keys (the rest is loaded when selected).
 */
export function toUserChannel(data: unknown, scope: Scope = {}): UserConversationRecord {
  const w = asWireRecord(data, 'user channel');
  const serviceSid = serviceOf(w, scope);
  const conversationSid = conversationOf(w, scope);
  return {
    serviceSid,
    userSid: str(w, 'user_sid') ?? scope.userSid ?? null,
    conversationSid,
    participantSid: strOf(w, 'member_sid', 'participant_sid'),
    unreadMessagesCount: int(w, 'unread_messages_count'),
    lastReadMessageIndex: int(w, 'last_consumed_message_index'),
    notificationLevel: str(w, 'notification_level'),
    conversation: { serviceSid, sid: conversationSid },
  };
}

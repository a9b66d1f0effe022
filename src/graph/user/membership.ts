/**
 * One user's membership in one conversation (Conversations UserConversation, Chat UserChannel)
 * as the graph presents it: the `ConversationMembership` of `User.membership` and of the
 * membership mutations, and the conversation and participant a membership row names.
 */
import type { UserConversationRecord } from '../../loaders/index.js';
import { notificationLevel } from '../enums.js';
import {
  conversationParent,
  participantParent,
  type ConversationParent,
  type ParticipantParent,
} from '../parents.js';

/** The conversation a membership row names, with the fields the row copies already known. */
export function membershipConversation(record: UserConversationRecord): ConversationParent {
  return conversationParent({
    ...record.conversation,
    serviceSid: record.serviceSid,
    sid: record.conversationSid,
  });
}

/**
 * A `ConversationMembership`: one user's membership in one conversation, whether it was read on
 * its own (`User.membership`) or returned by a membership mutation.
 */
export function membershipOf(record: UserConversationRecord) {
  return {
    userSid: record.userSid,
    conversation: membershipConversation(record),
    unreadMessagesCount: record.unreadMessagesCount,
    lastReadMessageIndex: record.lastReadMessageIndex,
    notificationLevel: notificationLevel(record.notificationLevel),
    participantSid: record.participantSid,
    participant: membershipParticipant(record),
  };
}

/** The participant that stands for the user in a membership's conversation, if any. */
export function membershipParticipant(record: UserConversationRecord): ParticipantParent | null {
  const { serviceSid, conversationSid, participantSid } = record;
  return participantSid
    ? participantParent({ serviceSid, conversationSid, sid: participantSid })
    : null;
}

/**
 * One user's membership in one conversation (Conversations UserConversation, Chat UserChannel)
 * as the graph presents it. The record itself is the `ConversationMembership` (one record type on
 * every path, so one id); these build the conversation and participant a membership row names.
 */
import type { UserConversationRecord } from '../../loaders/index.js';
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

/** The participant that stands for the user in a membership's conversation, if any. */
export function membershipParticipant(record: UserConversationRecord): ParticipantParent | null {
  const { serviceSid, conversationSid, participantSid } = record;
  return participantSid
    ? participantParent({ serviceSid, conversationSid, sid: participantSid })
    : null;
}

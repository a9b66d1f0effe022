/**
 * Twilio's documented limits that the operation registry does not carry (the OpenAPI documents
 * give patterns and enums but not these): twilio-wire.md §4, §6 and §7.3. Checked before sending
 * so that a violation costs no request and names the input field.
 */

const KB = 1024;

export const LIMITS = {
  /** Conversation attributes: 16 KB of JSON text. */
  conversationAttributesBytes: 16 * KB,
  /** Message attributes: 4 KB. */
  messageAttributesBytes: 4 * KB,
  /** Participant attributes: 4 KB. */
  participantAttributesBytes: 4 * KB,
  /**
   * User attributes: not listed in §7.3; Chat documents 16 KB for user attributes and the
   * store is shared, so the conversation figure applies.
   */
  userAttributesBytes: 16 * KB,
  /** Friendly names of conversations and users, unique names. */
  nameChars: 256,
  /** Chat channel create takes at most 64 characters of friendly name (update takes 256). */
  chatChannelCreateNameChars: 64,
  /** Participant identity, address, proxy and projected address; user identity. */
  identityChars: 256,
  /** Chat message bodies: 32 KB (the 1600-character figure is for SMS/WhatsApp delivery). */
  messageBodyBytes: 32 * KB,
  /** Timers: inactive at least one minute, closed at least ten minutes. */
  inactiveTimerMinSeconds: 60,
  closedTimerMinSeconds: 600,
  /** Participants in one ConversationWithParticipants request. */
  participantsPerCreate: 10,
  /** Role and credential friendly names, Chat service names (Twilio's parameter docs): 64. */
  adminNameChars: 64,
  /** Conversations service and address configuration friendly names: 256. */
  serviceNameChars: 256,
  /** Chat service `Limits.ChannelMembers` / `Limits.UserChannels`: at most 1000 each. */
  serviceLimitMax: 1000,
} as const;

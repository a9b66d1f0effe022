/**
 * Which API serves each field of the unified types (Chat and Conversations are two views of one
 * store), declared once per type. The loaders strip a Chat-served record of the fields only
 * Conversations has, and a lookup reads only what its selection needs (`readFor`).
 * test/graph/field-sources.test.ts keeps every map equal to its type's fields in the SDL.
 *
 * - `key`: known from the object's path (id, SIDs): no read;
 * - `link`: another object or list, found from the keys alone: no read of this object;
 * - `shared`: both APIs have it; the API the routing picks serves it;
 * - `conversations` / `chat`: only that API has it (Chat v1 or v2 by the routing);
 * - `chat-v1`: only Chat v1 has it.
 */
export type FieldSource = 'key' | 'link' | 'shared' | 'conversations' | 'chat' | 'chat-v1';

export const FIELD_SOURCES = {
  Service: {
    id: 'key',
    sid: 'key',
    friendlyName: 'shared',
    createdAt: 'shared',
    updatedAt: 'shared',
    readStatusEnabled: 'chat',
    typingIndicatorTimeout: 'chat',
    consumptionReportInterval: 'chat',
    limits: 'chat',
    preWebhookRetryCount: 'chat',
    postWebhookRetryCount: 'chat',
    media: 'chat',
    eventWebhooks: 'chat-v1',
    // Conversations keeps these in sub-resources of the service, Chat in the service record.
    configuration: 'link',
    notifications: 'link',
    webhooks: 'link',
    conversations: 'link',
    users: 'link',
    roles: 'link',
    bindings: 'link',
    participantConversations: 'link',
  },
  Conversation: {
    id: 'key',
    sid: 'key',
    serviceSid: 'key',
    service: 'link',
    uniqueName: 'shared',
    friendlyName: 'shared',
    attributes: 'shared',
    state: 'conversations',
    timers: 'conversations',
    messagingServiceSid: 'conversations',
    createdAt: 'shared',
    updatedAt: 'shared',
    type: 'chat',
    membersCount: 'chat',
    messagesCount: 'chat',
    createdBy: 'chat',
    participants: 'link',
    participant: 'link',
    messages: 'link',
    message: 'link',
    webhooks: 'link',
    invites: 'link',
  },
  Participant: {
    id: 'key',
    sid: 'key',
    serviceSid: 'key',
    conversationSid: 'key',
    identity: 'shared',
    attributes: 'shared',
    roleSid: 'shared',
    lastReadMessageIndex: 'shared',
    lastReadTimestamp: 'shared',
    messagingBinding: 'conversations',
    createdAt: 'shared',
    updatedAt: 'shared',
    conversation: 'link',
    // Found by the participant's identity and role SID.
    user: 'shared',
    role: 'shared',
  },
  User: {
    id: 'key',
    sid: 'key',
    serviceSid: 'key',
    identity: 'shared',
    friendlyName: 'shared',
    attributes: 'shared',
    roleSid: 'shared',
    isOnline: 'shared',
    isNotifiable: 'shared',
    createdAt: 'shared',
    updatedAt: 'shared',
    joinedChannelsCount: 'chat',
    // Found by the user's role SID, SID and identity (a lookup may name it by identity).
    role: 'shared',
    conversations: 'shared',
    membership: 'shared',
    bindings: 'shared',
  },
  Message: {
    id: 'key',
    sid: 'key',
    serviceSid: 'key',
    conversationSid: 'key',
    index: 'shared',
    author: 'shared',
    body: 'shared',
    attributes: 'shared',
    participantSid: 'conversations',
    media: 'shared',
    delivery: 'conversations',
    contentSid: 'conversations',
    createdAt: 'shared',
    updatedAt: 'shared',
    wasEdited: 'chat',
    lastUpdatedBy: 'chat',
    type: 'chat',
    conversation: 'link',
    // Found by the message's participant SID.
    participant: 'conversations',
    deliveryReceipts: 'link',
  },
} as const satisfies Record<string, Record<string, FieldSource>>;

export type UnifiedType = keyof typeof FIELD_SOURCES;

/**
 * What a lookup must read for a selection of `type`'s fields:
 * - `keys`: nothing but keys and links (the object need not be read for its own fields);
 * - `chat`: only Chat-only fields (and keys), so the Chat read alone answers;
 * - `record`: the routed read (other reads follow per field when selected).
 */
export function readFor(type: UnifiedType, fields: Iterable<string>): 'keys' | 'chat' | 'record' {
  const sources: Readonly<Record<string, FieldSource>> = FIELD_SOURCES[type];
  let own = false;
  let links = false;
  let onlyChat = true;
  for (const field of fields) {
    const source = sources[field];
    // `__typename` and anything unknown need no read of their own.
    if (source === undefined || source === 'key') continue;
    if (source === 'link') {
      links = true;
      continue;
    }
    own = true;
    if (source !== 'chat') onlyChat = false;
  }
  if (!own) return links ? 'keys' : 'chat';
  return onlyChat ? 'chat' : 'record';
}

/** The record fields of `type` only Conversations has (a Chat-served record lacks them). */
export function conversationsOnlyFields(type: UnifiedType): readonly string[] {
  return Object.entries(FIELD_SOURCES[type])
    .filter(([, source]) => source === 'conversations')
    .map(([field]) => field);
}

/**
 * The READS route table: which operation serves each main read under each API. Kept apart from
 * the loaders so the table (checked by `test/graph/routing-tables.test.ts`) reads on its own.
 */
import type { RouteRow } from './routing.js';

/**
 * Operation ids of the main reads per API, one row per read; the column is chosen by the
 * gateway's routing (`apiOf`). Rows with only Chat columns are Chat-only, rows with only
 * Conversations columns Conversations-only. Parameters are built in the Conversations
 * service-scoped vocabulary and renamed for the chosen column (`readParams`).
 */
export const READS = {
  fetchService: {
    conversations: 'conversations.v1.FetchService',
    'chat-v2': 'chat.v2.FetchService',
    'chat-v1': 'chat.v1.FetchService',
  },
  fetchChatService: { 'chat-v2': 'chat.v2.FetchService', 'chat-v1': 'chat.v1.FetchService' },
  fetchServiceConfiguration: { conversations: 'conversations.v1.FetchServiceConfiguration' },
  fetchConversation: {
    conversations: 'conversations.v1.FetchServiceConversation',
    'conversations-default': 'conversations.v1.FetchConversation',
    'chat-v2': 'chat.v2.FetchChannel',
    'chat-v1': 'chat.v1.FetchChannel',
  },
  fetchChannel: { 'chat-v2': 'chat.v2.FetchChannel', 'chat-v1': 'chat.v1.FetchChannel' },
  fetchParticipant: {
    conversations: 'conversations.v1.FetchServiceConversationParticipant',
    'conversations-default': 'conversations.v1.FetchConversationParticipant',
    'chat-v2': 'chat.v2.FetchMember',
    'chat-v1': 'chat.v1.FetchMember',
  },
  fetchUser: {
    conversations: 'conversations.v1.FetchServiceUser',
    'conversations-default': 'conversations.v1.FetchUser',
    'chat-v2': 'chat.v2.FetchUser',
    'chat-v1': 'chat.v1.FetchUser',
  },
  fetchChatUser: { 'chat-v2': 'chat.v2.FetchUser', 'chat-v1': 'chat.v1.FetchUser' },
  fetchMessage: {
    conversations: 'conversations.v1.FetchServiceConversationMessage',
    'conversations-default': 'conversations.v1.FetchConversationMessage',
    'chat-v2': 'chat.v2.FetchMessage',
    'chat-v1': 'chat.v1.FetchMessage',
  },
  fetchChatMessage: { 'chat-v2': 'chat.v2.FetchMessage', 'chat-v1': 'chat.v1.FetchMessage' },
  fetchRole: {
    conversations: 'conversations.v1.FetchServiceRole',
    'conversations-default': 'conversations.v1.FetchRole',
    'chat-v2': 'chat.v2.FetchRole',
    'chat-v1': 'chat.v1.FetchRole',
  },
  fetchInvite: { 'chat-v2': 'chat.v2.FetchInvite', 'chat-v1': 'chat.v1.FetchInvite' },
  fetchWebhook: {
    conversations: 'conversations.v1.FetchServiceConversationScopedWebhook',
    'conversations-default': 'conversations.v1.FetchConversationScopedWebhook',
    'chat-v2': 'chat.v2.FetchChannelWebhook',
  },
  fetchDeliveryReceipt: {
    conversations: 'conversations.v1.FetchServiceConversationMessageReceipt',
    'conversations-default': 'conversations.v1.FetchConversationMessageReceipt',
  },
  fetchBinding: {
    conversations: 'conversations.v1.FetchServiceBinding',
    'chat-v2': 'chat.v2.FetchBinding',
  },
  fetchCredential: {
    conversations: 'conversations.v1.FetchCredential',
    'chat-v2': 'chat.v2.FetchCredential',
    'chat-v1': 'chat.v1.FetchCredential',
  },
  fetchAddressConfiguration: { conversations: 'conversations.v1.FetchConfigurationAddress' },
  listService: {
    conversations: 'conversations.v1.ListService',
    'chat-v2': 'chat.v2.ListService',
    'chat-v1': 'chat.v1.ListService',
  },
  listConversation: {
    conversations: 'conversations.v1.ListServiceConversation',
    'conversations-default': 'conversations.v1.ListConversation',
    'chat-v2': 'chat.v2.ListChannel',
    'chat-v1': 'chat.v1.ListChannel',
  },
  listChannel: { 'chat-v2': 'chat.v2.ListChannel', 'chat-v1': 'chat.v1.ListChannel' },
  listParticipant: {
    conversations: 'conversations.v1.ListServiceConversationParticipant',
    'conversations-default': 'conversations.v1.ListConversationParticipant',
    'chat-v2': 'chat.v2.ListMember',
    'chat-v1': 'chat.v1.ListMember',
  },
  listMessage: {
    conversations: 'conversations.v1.ListServiceConversationMessage',
    'conversations-default': 'conversations.v1.ListConversationMessage',
    'chat-v2': 'chat.v2.ListMessage',
    'chat-v1': 'chat.v1.ListMessage',
  },
  listWebhook: {
    conversations: 'conversations.v1.ListServiceConversationScopedWebhook',
    'conversations-default': 'conversations.v1.ListConversationScopedWebhook',
    'chat-v2': 'chat.v2.ListChannelWebhook',
  },
  listInvite: { 'chat-v2': 'chat.v2.ListInvite', 'chat-v1': 'chat.v1.ListInvite' },
  listDeliveryReceipt: {
    conversations: 'conversations.v1.ListServiceConversationMessageReceipt',
    'conversations-default': 'conversations.v1.ListConversationMessageReceipt',
  },
  listUser: {
    conversations: 'conversations.v1.ListServiceUser',
    'conversations-default': 'conversations.v1.ListUser',
    'chat-v2': 'chat.v2.ListUser',
    'chat-v1': 'chat.v1.ListUser',
  },
  listUserConversation: {
    conversations: 'conversations.v1.ListServiceUserConversation',
    'conversations-default': 'conversations.v1.ListUserConversation',
    'chat-v2': 'chat.v2.ListUserChannel',
    'chat-v1': 'chat.v1.ListUserChannel',
  },
  fetchUserConversation: {
    conversations: 'conversations.v1.FetchServiceUserConversation',
    'conversations-default': 'conversations.v1.FetchUserConversation',
    'chat-v2': 'chat.v2.FetchUserChannel',
  },
  listParticipantConversation: {
    conversations: 'conversations.v1.ListServiceParticipantConversation',
    'conversations-default': 'conversations.v1.ListParticipantConversation',
  },
  listRole: {
    conversations: 'conversations.v1.ListServiceRole',
    'conversations-default': 'conversations.v1.ListRole',
    'chat-v2': 'chat.v2.ListRole',
    'chat-v1': 'chat.v1.ListRole',
  },
  listBinding: {
    conversations: 'conversations.v1.ListServiceBinding',
    'chat-v2': 'chat.v2.ListBinding',
  },
  listCredential: {
    conversations: 'conversations.v1.ListCredential',
    'chat-v2': 'chat.v2.ListCredential',
    'chat-v1': 'chat.v1.ListCredential',
  },
  listAddressConfiguration: { conversations: 'conversations.v1.ListConfigurationAddress' },
} as const satisfies Record<string, RouteRow>;

/** The Conversations columns of a row: reads of fields only Conversations has. */
export function conversationsColumns(row: RouteRow): RouteRow {
  return {
    ...(row.conversations ? { conversations: row.conversations } : {}),
    ...(row['conversations-default']
      ? { 'conversations-default': row['conversations-default'] }
      : {}),
  };
}

/**
 * Which Twilio operation each kind of write uses: ONE table, one row per write family, one
 * column per API that has the operation. Mutation helpers build parameters in one vocabulary
 * (the Conversations API's service-scoped wire names) and ask `routeFor(family)`; the chosen
 * operation's own names are derived here. The gateway's routing picks the column (`routeFor`
 * with a `RouteChoice`, by the same rule as the read tables: `apiOf`).
 *
 * The Conversations default-service routes (`/v1/Conversations/...`) act on the account's
 * default service, so they are only chosen when the target is in that service.
 */
import { apiOf, isChatApi } from '../../loaders/index.js';
import type { TwilioParams } from '../../twilio/index.js';
import type { ApiRouting } from '../routing.js';

export type WriteApi =
  'conversations' | 'conversations-default' | 'chat-v2' | 'chat-v1' | 'chat-v3';

export const WRITE_OPERATIONS = {
  'conversation.create': {
    conversations: 'conversations.v1.CreateServiceConversation',
    'conversations-default': 'conversations.v1.CreateConversation',
    'chat-v2': 'chat.v2.CreateChannel',
    'chat-v1': 'chat.v1.CreateChannel',
  },
  'conversation.createWithParticipants': {
    conversations: 'conversations.v1.CreateServiceConversationWithParticipants',
    'conversations-default': 'conversations.v1.CreateConversationWithParticipants',
  },
  /** Chat channels (public or private by `Type`): only Chat has them. */
  'channel.create': {
    'chat-v2': 'chat.v2.CreateChannel',
    'chat-v1': 'chat.v1.CreateChannel',
  },
  'conversation.update': {
    conversations: 'conversations.v1.UpdateServiceConversation',
    'conversations-default': 'conversations.v1.UpdateConversation',
    'chat-v2': 'chat.v2.UpdateChannel',
    'chat-v1': 'chat.v1.UpdateChannel',
  },
  'conversation.delete': {
    conversations: 'conversations.v1.DeleteServiceConversation',
    'conversations-default': 'conversations.v1.DeleteConversation',
    'chat-v2': 'chat.v2.DeleteChannel',
    'chat-v1': 'chat.v1.DeleteChannel',
  },
  'channel.makePrivate': { 'chat-v3': 'chat.v3.UpdateChannel' },
  'participant.create': {
    conversations: 'conversations.v1.CreateServiceConversationParticipant',
    'conversations-default': 'conversations.v1.CreateConversationParticipant',
    'chat-v2': 'chat.v2.CreateMember',
    'chat-v1': 'chat.v1.CreateMember',
  },
  'participant.update': {
    conversations: 'conversations.v1.UpdateServiceConversationParticipant',
    'conversations-default': 'conversations.v1.UpdateConversationParticipant',
    'chat-v2': 'chat.v2.UpdateMember',
    'chat-v1': 'chat.v1.UpdateMember',
  },
  'participant.delete': {
    conversations: 'conversations.v1.DeleteServiceConversationParticipant',
    'conversations-default': 'conversations.v1.DeleteConversationParticipant',
    'chat-v2': 'chat.v2.DeleteMember',
    'chat-v1': 'chat.v1.DeleteMember',
  },
  'message.create': {
    conversations: 'conversations.v1.CreateServiceConversationMessage',
    'conversations-default': 'conversations.v1.CreateConversationMessage',
    'chat-v2': 'chat.v2.CreateMessage',
    'chat-v1': 'chat.v1.CreateMessage',
  },
  'message.update': {
    conversations: 'conversations.v1.UpdateServiceConversationMessage',
    'conversations-default': 'conversations.v1.UpdateConversationMessage',
    'chat-v2': 'chat.v2.UpdateMessage',
    'chat-v1': 'chat.v1.UpdateMessage',
  },
  'message.delete': {
    conversations: 'conversations.v1.DeleteServiceConversationMessage',
    'conversations-default': 'conversations.v1.DeleteConversationMessage',
    'chat-v2': 'chat.v2.DeleteMessage',
    'chat-v1': 'chat.v1.DeleteMessage',
  },
  'user.create': {
    conversations: 'conversations.v1.CreateServiceUser',
    'conversations-default': 'conversations.v1.CreateUser',
    'chat-v2': 'chat.v2.CreateUser',
    'chat-v1': 'chat.v1.CreateUser',
  },
  'user.update': {
    conversations: 'conversations.v1.UpdateServiceUser',
    'conversations-default': 'conversations.v1.UpdateUser',
    'chat-v2': 'chat.v2.UpdateUser',
    'chat-v1': 'chat.v1.UpdateUser',
  },
  'user.delete': {
    conversations: 'conversations.v1.DeleteServiceUser',
    'conversations-default': 'conversations.v1.DeleteUser',
    'chat-v2': 'chat.v2.DeleteUser',
    'chat-v1': 'chat.v1.DeleteUser',
  },
  'membership.update': {
    conversations: 'conversations.v1.UpdateServiceUserConversation',
    'conversations-default': 'conversations.v1.UpdateUserConversation',
    'chat-v2': 'chat.v2.UpdateUserChannel',
  },
  'membership.delete': {
    conversations: 'conversations.v1.DeleteServiceUserConversation',
    'conversations-default': 'conversations.v1.DeleteUserConversation',
    'chat-v2': 'chat.v2.DeleteUserChannel',
  },
  'webhook.create': {
    conversations: 'conversations.v1.CreateServiceConversationScopedWebhook',
    'conversations-default': 'conversations.v1.CreateConversationScopedWebhook',
    'chat-v2': 'chat.v2.CreateChannelWebhook',
  },
  'webhook.update': {
    conversations: 'conversations.v1.UpdateServiceConversationScopedWebhook',
    'conversations-default': 'conversations.v1.UpdateConversationScopedWebhook',
    'chat-v2': 'chat.v2.UpdateChannelWebhook',
  },
  'webhook.delete': {
    conversations: 'conversations.v1.DeleteServiceConversationScopedWebhook',
    'conversations-default': 'conversations.v1.DeleteConversationScopedWebhook',
    'chat-v2': 'chat.v2.DeleteChannelWebhook',
  },
  /** Invites exist only in Chat. */
  'invite.create': { 'chat-v2': 'chat.v2.CreateInvite', 'chat-v1': 'chat.v1.CreateInvite' },
  'invite.delete': { 'chat-v2': 'chat.v2.DeleteInvite', 'chat-v1': 'chat.v1.DeleteInvite' },
  // Administration families. Chat routes of roles take Chat's type words (channel/deployment);
  // the role helper maps the one RoleType enum to the chosen route's words.
  'role.create': {
    conversations: 'conversations.v1.CreateServiceRole',
    'conversations-default': 'conversations.v1.CreateRole',
    'chat-v2': 'chat.v2.CreateRole',
    'chat-v1': 'chat.v1.CreateRole',
  },
  'role.update': {
    conversations: 'conversations.v1.UpdateServiceRole',
    'conversations-default': 'conversations.v1.UpdateRole',
    'chat-v2': 'chat.v2.UpdateRole',
    'chat-v1': 'chat.v1.UpdateRole',
  },
  'role.delete': {
    conversations: 'conversations.v1.DeleteServiceRole',
    'conversations-default': 'conversations.v1.DeleteRole',
    'chat-v2': 'chat.v2.DeleteRole',
    'chat-v1': 'chat.v1.DeleteRole',
  },
  /** Credentials are account-level in every API (no service in the path). */
  'credential.create': {
    conversations: 'conversations.v1.CreateCredential',
    'chat-v2': 'chat.v2.CreateCredential',
    'chat-v1': 'chat.v1.CreateCredential',
  },
  'credential.update': {
    conversations: 'conversations.v1.UpdateCredential',
    'chat-v2': 'chat.v2.UpdateCredential',
    'chat-v1': 'chat.v1.UpdateCredential',
  },
  'credential.delete': {
    conversations: 'conversations.v1.DeleteCredential',
    'chat-v2': 'chat.v2.DeleteCredential',
    'chat-v1': 'chat.v1.DeleteCredential',
  },
  /** Bindings: no create anywhere (SDKs register them); Chat v2 also deletes per user. */
  'binding.delete': {
    conversations: 'conversations.v1.DeleteServiceBinding',
    'chat-v2': 'chat.v2.DeleteBinding',
  },
  'userBinding.delete': { 'chat-v2': 'chat.v2.DeleteUserBinding' },
  /** Services are addressed by `Sid` (not `ChatServiceSid`) in every API. */
  'service.create': {
    conversations: 'conversations.v1.CreateService',
    'chat-v2': 'chat.v2.CreateService',
    'chat-v1': 'chat.v1.CreateService',
  },
  /** Conversations has no service update; Chat v1 is chosen for its per-event webhooks. */
  'service.update': { 'chat-v2': 'chat.v2.UpdateService', 'chat-v1': 'chat.v1.UpdateService' },
  'service.delete': {
    conversations: 'conversations.v1.DeleteService',
    'chat-v2': 'chat.v2.DeleteService',
    'chat-v1': 'chat.v1.DeleteService',
  },
  'serviceConfiguration.update': {
    conversations: 'conversations.v1.UpdateServiceConfiguration',
  },
  'serviceNotifications.update': {
    conversations: 'conversations.v1.UpdateServiceNotification',
  },
  'serviceWebhooks.update': {
    conversations: 'conversations.v1.UpdateServiceWebhookConfiguration',
  },
  'accountConfiguration.update': { conversations: 'conversations.v1.UpdateConfiguration' },
  'accountWebhooks.update': { conversations: 'conversations.v1.UpdateConfigurationWebhook' },
  'addressConfiguration.create': {
    conversations: 'conversations.v1.CreateConfigurationAddress',
  },
  'addressConfiguration.update': {
    conversations: 'conversations.v1.UpdateConfigurationAddress',
  },
  'addressConfiguration.delete': {
    conversations: 'conversations.v1.DeleteConfigurationAddress',
  },
} as const satisfies Record<string, Partial<Record<WriteApi, string>>>;

export type WriteFamily = keyof typeof WRITE_OPERATIONS;

/** The API each family uses under the default routing: Conversations service-scoped paths. */
export const DEFAULT_WRITE_API: Readonly<Record<WriteFamily, WriteApi>> = {
  'conversation.create': 'conversations',
  'conversation.createWithParticipants': 'conversations',
  'channel.create': 'chat-v2',
  'conversation.update': 'conversations',
  'conversation.delete': 'conversations',
  'channel.makePrivate': 'chat-v3',
  'participant.create': 'conversations',
  'participant.update': 'conversations',
  'participant.delete': 'conversations',
  'message.create': 'conversations',
  'message.update': 'conversations',
  'message.delete': 'conversations',
  'user.create': 'conversations',
  'user.update': 'conversations',
  'user.delete': 'conversations',
  'membership.update': 'conversations',
  'membership.delete': 'conversations',
  'webhook.create': 'conversations',
  'webhook.update': 'conversations',
  'webhook.delete': 'conversations',
  'invite.create': 'chat-v2',
  'invite.delete': 'chat-v2',
  'role.create': 'conversations',
  'role.update': 'conversations',
  'role.delete': 'conversations',
  'credential.create': 'conversations',
  'credential.update': 'conversations',
  'credential.delete': 'conversations',
  'binding.delete': 'conversations',
  'userBinding.delete': 'chat-v2',
  'service.create': 'conversations',
  'service.update': 'chat-v2',
  'service.delete': 'conversations',
  'serviceConfiguration.update': 'conversations',
  'serviceNotifications.update': 'conversations',
  'serviceWebhooks.update': 'conversations',
  'accountConfiguration.update': 'conversations',
  'accountWebhooks.update': 'conversations',
  'addressConfiguration.create': 'conversations',
  'addressConfiguration.update': 'conversations',
  'addressConfiguration.delete': 'conversations',
};

export interface WriteRoute {
  readonly api: WriteApi;
  readonly operationId: string;
}

/** How the gateway's routing chooses a family's column (see `apiOf` in src/loaders/routing.ts). */
export interface RouteChoice {
  readonly routing: ApiRouting;
  /** The target is in the account's default service (default-service paths may apply). */
  readonly inDefaultService?: boolean;
}

/**
 * The operation a family's write goes to: on an explicitly named API, or chosen by the
 * gateway's routing (the default routing when nothing is given: `DEFAULT_WRITE_API`).
 */
export function routeFor(family: WriteFamily, choice?: WriteApi | RouteChoice): WriteRoute {
  const operations: Partial<Record<WriteApi, string>> = WRITE_OPERATIONS[family];
  const api =
    choice === undefined
      ? DEFAULT_WRITE_API[family]
      : typeof choice === 'string'
        ? choice
        : apiOf(operations, choice.routing, choice.inDefaultService ?? false);
  const operationId = operations[api];
  if (operationId === undefined) {
    throw new TypeError(`Write family ${family} has no operation on ${api}`);
  }
  return { api, operationId };
}

/** Conversations wire names → Chat's names for the same parameter, in every family. */
const CHAT_NAMES: Readonly<Record<string, string>> = {
  ChatServiceSid: 'ServiceSid',
  ConversationSid: 'ChannelSid',
  Author: 'From',
  LastReadMessageIndex: 'LastConsumedMessageIndex',
  LastReadTimestamp: 'LastConsumptionTimestamp',
};
/**
 * Renames only some families have: a conversation webhook's `Target` is a channel webhook's
 * `Type`. Elsewhere Chat's `Type` is its own parameter (a channel's or role's type) and must be
 * read back as `Type`, or an error on it would lose its input field.
 */
const FAMILY_CHAT_NAMES: Partial<Record<WriteFamily, Readonly<Record<string, string>>>> = {
  'webhook.create': { Target: 'Type' },
  'webhook.update': { Target: 'Type' },
  'webhook.delete': { Target: 'Type' },
};
const CONVERSATIONS_NAMES: Readonly<Record<string, string>> = {
  ChatServiceSid: 'ChatServiceSid',
};

function namesOf(family: WriteFamily, api: WriteApi): Readonly<Record<string, string>> {
  return isChatApi(api) ? { ...CHAT_NAMES, ...FAMILY_CHAT_NAMES[family] } : CONVERSATIONS_NAMES;
}

/** The parameter name `api` uses for a Conversations wire name (null: dropped on that route). */
export function apiParamName(family: WriteFamily, api: WriteApi, name: string): string | null {
  if (api === 'conversations-default' && name === 'ChatServiceSid') return null;
  return namesOf(family, api)[name] ?? name;
}

/** The Conversations wire name for a parameter name of `api` (inverse of `apiParamName`). */
export function canonicalParamName(family: WriteFamily, api: WriteApi, name: string): string {
  for (const [canonical, own] of Object.entries(namesOf(family, api))) {
    if (own === name) return canonical;
  }
  return name;
}

/**
 * Parameters in the Conversations vocabulary → the chosen API's names and value casing (Chat
 * spells webhook methods GET/POST, Conversations get/post; Chat member and channel webhook `Sid`
 * paths are the same names). Absent values are left out.
 */
export function adaptParams(
  family: WriteFamily,
  api: WriteApi,
  params: TwilioParams,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    const target = apiParamName(family, api, name);
    if (target === null) continue;
    out[target] =
      name === 'Configuration.Method' && typeof value === 'string'
        ? isChatApi(api)
          ? value.toUpperCase()
          : value.toLowerCase()
        : value;
  }
  return out;
}

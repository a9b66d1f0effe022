/**
 * The route tables: for each resource family, the resource name each API gives it. The read
 * and write columns of a family sit side by side because they are derived from the same names:
 * an action's operation is `<api>.<Verb><Resource>` whenever the registry has that operation,
 * so nothing here lists an operation id by hand. The rules that choose a column (`apiOf`) and
 * rename parameters for it (`adaptParams`) live here too; `router.ts` binds them to the
 * gateway's configuration.
 */
import { findOperation, getOperation, headerParamsOn } from '../registry/index.js';
import type { HostProduct, OperationSpec, ParamSpec } from '../registry/index.js';

export interface ApiRouting {
  /**
   * The API serving what Chat and Conversations both have (services, conversations/channels,
   * participants/members, messages, users, memberships, roles, credentials, bindings,
   * webhooks), for reads and writes. Conversations-only data always comes from Conversations;
   * Chat-only data from Chat v1 when this is `chat-v1` and v1 has the operation, else Chat v2.
   */
  readonly primaryApi: 'conversations' | 'chat-v2' | 'chat-v1';
  /**
   * `default-service`: objects of the account's default chat service are read and written
   * through the Conversations default-service paths (`/v1/Conversations/...`); other services
   * keep the `/v1/Services/{ChatServiceSid}/...` paths.
   */
  readonly conversationsPaths: 'service' | 'default-service';
  /** `ip-messaging`: Chat v2 calls go to the IP Messaging host where it serves the call. */
  readonly chatHost: 'chat' | 'ip-messaging';
}

export const DEFAULT_ROUTING: ApiRouting = {
  primaryApi: 'conversations',
  conversationsPaths: 'service',
  chatHost: 'chat',
};

/** The columns of a route table. */
export type RouteApi =
  'conversations' | 'conversations-default' | 'chat-v2' | 'chat-v1' | 'chat-v3';
export type WriteApi = RouteApi;

/** Operation ids of one action, by column. */
export type RouteRow = Partial<Record<RouteApi, string>>;

const OPERATION_PREFIX: Readonly<Record<RouteApi, string>> = {
  conversations: 'conversations.v1.',
  'conversations-default': 'conversations.v1.',
  'chat-v2': 'chat.v2.',
  'chat-v1': 'chat.v1.',
  'chat-v3': 'chat.v3.',
};

const CHAT_APIS: readonly RouteApi[] = ['chat-v2', 'chat-v1', 'chat-v3'];
const CONVERSATIONS_APIS: readonly RouteApi[] = ['conversations', 'conversations-default'];

export function isChatApi(api: RouteApi): boolean {
  return CHAT_APIS.includes(api);
}

/**
 * Resource names per API, one entry per family. `conversations` is the service-scoped path
 * (`/v1/Services/{ChatServiceSid}/...`), `conversations-default` the default-service shortcut.
 */
export const FAMILIES = {
  service: { conversations: 'Service', 'chat-v2': 'Service', 'chat-v1': 'Service' },
  serviceConfiguration: { conversations: 'ServiceConfiguration' },
  serviceNotifications: { conversations: 'ServiceNotification' },
  serviceWebhooks: { conversations: 'ServiceWebhookConfiguration' },
  conversation: {
    conversations: 'ServiceConversation',
    'conversations-default': 'Conversation',
    'chat-v2': 'Channel',
    'chat-v1': 'Channel',
  },
  conversationWithParticipants: {
    conversations: 'ServiceConversationWithParticipants',
    'conversations-default': 'ConversationWithParticipants',
  },
  /** Chat v3 has one operation: turning a public channel private. */
  privateChannel: { 'chat-v3': 'Channel' },
  participant: {
    conversations: 'ServiceConversationParticipant',
    'conversations-default': 'ConversationParticipant',
    'chat-v2': 'Member',
    'chat-v1': 'Member',
  },
  message: {
    conversations: 'ServiceConversationMessage',
    'conversations-default': 'ConversationMessage',
    'chat-v2': 'Message',
    'chat-v1': 'Message',
  },
  deliveryReceipt: {
    conversations: 'ServiceConversationMessageReceipt',
    'conversations-default': 'ConversationMessageReceipt',
  },
  webhook: {
    conversations: 'ServiceConversationScopedWebhook',
    'conversations-default': 'ConversationScopedWebhook',
    'chat-v2': 'ChannelWebhook',
  },
  invite: { 'chat-v2': 'Invite', 'chat-v1': 'Invite' },
  user: {
    conversations: 'ServiceUser',
    'conversations-default': 'User',
    'chat-v2': 'User',
    'chat-v1': 'User',
  },
  membership: {
    conversations: 'ServiceUserConversation',
    'conversations-default': 'UserConversation',
    'chat-v2': 'UserChannel',
    'chat-v1': 'UserChannel',
  },
  participantConversation: {
    conversations: 'ServiceParticipantConversation',
    'conversations-default': 'ParticipantConversation',
  },
  role: {
    conversations: 'ServiceRole',
    'conversations-default': 'Role',
    'chat-v2': 'Role',
    'chat-v1': 'Role',
  },
  binding: { conversations: 'ServiceBinding', 'chat-v2': 'Binding' },
  userBinding: { 'chat-v2': 'UserBinding' },
  credential: { conversations: 'Credential', 'chat-v2': 'Credential', 'chat-v1': 'Credential' },
  accountConfiguration: { conversations: 'Configuration' },
  accountWebhooks: { conversations: 'ConfigurationWebhook' },
  addressConfiguration: { conversations: 'ConfigurationAddress' },
} as const satisfies Record<string, Partial<Record<RouteApi, string>>>;

export type Family = keyof typeof FAMILIES;

const VERBS = {
  fetch: 'Fetch',
  list: 'List',
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
} as const;
export type Action = keyof typeof VERBS;
export type ReadAction = 'fetch' | 'list';

/** Part of a family's columns: `chat` or `conversations` (what only that API has), or one API. */
export type Only = 'chat' | 'conversations' | RouteApi;

function keep(api: RouteApi, only: Only | undefined): boolean {
  if (only === undefined) return true;
  if (only === 'chat') return isChatApi(api);
  if (only === 'conversations') return CONVERSATIONS_APIS.includes(api);
  return api === only;
}

/** The operations of one action of a family, derived from the registry (and cached). */
const rows = new Map<string, RouteRow>();
export function rowOf(family: Family, action: Action, only?: Only): RouteRow {
  const key = `${family}.${action}.${only ?? ''}`;
  const known = rows.get(key);
  if (known !== undefined) return known;
  const row: RouteRow = {};
  for (const [api, resource] of Object.entries(FAMILIES[family]) as [RouteApi, string][]) {
    const id = `${OPERATION_PREFIX[api]}${VERBS[action]}${resource}`;
    if (keep(api, only) && findOperation(id) !== undefined) row[api] = id;
  }
  rows.set(key, row);
  return row;
}

/**
 * The column a row is served from under `routing`:
 * - a row with a Conversations column is shared when it also has a Chat column (the primary
 *   API serves it, Chat v1 falling back to Chat v2, then to Conversations) and
 *   Conversations-only otherwise;
 * - a row without one is Chat-only: Chat v1 when the primary API is Chat v1 and v1 has it, else
 *   the first Chat column;
 * - the Conversations column becomes `conversations-default` when the configuration asks for
 *   default-service paths, the target is in the default service, and the row has that column.
 */
export function apiOf(row: RouteRow, routing: ApiRouting, inDefaultService: boolean): RouteApi {
  const chosen = primaryColumn(row, routing);
  if (
    chosen === 'conversations' &&
    routing.conversationsPaths === 'default-service' &&
    inDefaultService &&
    row['conversations-default'] !== undefined
  ) {
    return 'conversations-default';
  }
  return chosen;
}

function primaryColumn(row: RouteRow, routing: ApiRouting): RouteApi {
  const has = (api: RouteApi) => row[api] !== undefined;
  if (routing.primaryApi === 'chat-v1' && has('chat-v1')) return 'chat-v1';
  if (has('conversations')) {
    return routing.primaryApi !== 'conversations' && has('chat-v2') ? 'chat-v2' : 'conversations';
  }
  const chat = CHAT_APIS.find(has);
  if (chat === undefined) throw new TypeError('A route row has no operation');
  return chat;
}

/** The operation id of `row` on `api`. */
export function operationOf(row: RouteRow, api: RouteApi): string {
  const id = row[api];
  if (id === undefined) throw new TypeError(`No operation on ${api}`);
  return id;
}

/**
 * The write families: every (family, write action) the registry has, named `family.action`,
 * plus the writes that take part of a family's columns.
 */
const WRITE_VIEWS = {
  /** A Chat channel (public or private by `Type`): the Chat columns of a conversation create. */
  'channel.create': ['conversation', 'create', 'chat'],
  /** Only Chat v1 has the per-event service webhooks. */
  'serviceEventWebhooks.update': ['service', 'update', 'chat-v1'],
} as const satisfies Record<string, readonly [Family, Action, Only]>;

function writeFamilies(): Record<string, readonly [Family, Action, Only | undefined]> {
  const out: Record<string, readonly [Family, Action, Only | undefined]> = {};
  for (const family of Object.keys(FAMILIES) as Family[]) {
    for (const action of ['create', 'update', 'delete'] as const) {
      if (Object.keys(rowOf(family, action)).length > 0) {
        out[`${family}.${action}`] = [family, action, undefined];
      }
    }
  }
  return { ...out, ...WRITE_VIEWS };
}

const WRITE_FAMILIES = writeFamilies();

/** A write family name: `conversation.create`, `role.delete`, `channel.create` ... */
export type WriteFamily = `${Family}.${'create' | 'update' | 'delete'}` | keyof typeof WRITE_VIEWS;

/** Operation ids of every write family by column (derived; read-only view for checks). */
export const WRITE_OPERATIONS: Readonly<Record<WriteFamily, RouteRow>> = Object.fromEntries(
  Object.entries(WRITE_FAMILIES).map(([name, [family, action, only]]) => [
    name,
    rowOf(family, action, only),
  ]),
) as Record<WriteFamily, RouteRow>;

export function isWriteFamily(name: string): name is WriteFamily {
  return name in WRITE_FAMILIES;
}

/** The API each write family uses under the default routing. */
export const DEFAULT_WRITE_API: Readonly<Record<WriteFamily, RouteApi>> = Object.fromEntries(
  Object.entries(WRITE_OPERATIONS).map(([name, row]) => [name, apiOf(row, DEFAULT_ROUTING, false)]),
) as Record<WriteFamily, RouteApi>;

export interface WriteRoute {
  readonly api: RouteApi;
  readonly operationId: string;
}

/** How the gateway's routing chooses a family's column. */
export interface RouteChoice {
  readonly routing: ApiRouting;
  /** The target is in the account's default service (default-service paths may apply). */
  readonly inDefaultService?: boolean;
}

/**
 * The operation a family's write goes to: on an explicitly named API, or chosen by the
 * gateway's routing (the default routing when nothing is given).
 */
export function routeFor(family: WriteFamily, choice?: RouteApi | RouteChoice): WriteRoute {
  const operations = WRITE_OPERATIONS[family];
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
const FAMILY_CHAT_NAMES: Partial<Record<Family, Readonly<Record<string, string>>>> = {
  webhook: { Target: 'Type' },
};
const CONVERSATIONS_NAMES: Readonly<Record<string, string>> = {
  ChatServiceSid: 'ChatServiceSid',
};

function familyOf(name: WriteFamily | Family): Family {
  const write = WRITE_FAMILIES[name];
  return write === undefined ? (name as Family) : write[0];
}

function namesOf(name: WriteFamily | Family, api: RouteApi): Readonly<Record<string, string>> {
  return isChatApi(api)
    ? { ...CHAT_NAMES, ...FAMILY_CHAT_NAMES[familyOf(name)] }
    : CONVERSATIONS_NAMES;
}

/** The parameter name `api` uses for a Conversations wire name (null: dropped on that route). */
export function apiParamName(
  family: WriteFamily | Family,
  api: RouteApi,
  name: string,
): string | null {
  if (api === 'conversations-default' && name === 'ChatServiceSid') return null;
  return namesOf(family, api)[name] ?? name;
}

/** The Conversations wire name for a parameter name of `api` (inverse of `apiParamName`). */
export function canonicalParamName(
  family: WriteFamily | Family,
  api: RouteApi,
  name: string,
): string {
  for (const [canonical, own] of Object.entries(namesOf(family, api))) {
    if (own === name) return canonical;
  }
  return name;
}

function paramsOf(op: OperationSpec): readonly ParamSpec[] {
  return [...op.pathParams, ...op.queryParams, ...op.bodyParams];
}

/** The Conversations operation of the same action, whose enums the graph's values follow. */
function canonicalOperation(name: WriteFamily, api: RouteApi): OperationSpec | undefined {
  const [family, action] = WRITE_FAMILIES[name] ?? [];
  if (family === undefined || action === undefined || !isChatApi(api)) return undefined;
  const id = rowOf(family, action).conversations;
  return id === undefined ? undefined : getOperation(id);
}

/**
 * A value in the Conversations spelling → the chosen operation's, from the two enums in the
 * registry: the same word in another case (webhook methods: `post` / `POST`), else the word at
 * the same place (role types: `conversation`/`service` are Chat's `channel`/`deployment`).
 */
function enumValue(
  own: ParamSpec | undefined,
  canonical: ParamSpec | undefined,
  value: unknown,
): unknown {
  const values = own?.enum;
  if (values === undefined || typeof value !== 'string' || values.includes(value)) return value;
  const sameWord = values.find((v) => v.toLowerCase() === value.toLowerCase());
  if (sameWord !== undefined) return sameWord;
  const at = canonical?.enum?.findIndex((v) => v.toLowerCase() === value.toLowerCase()) ?? -1;
  return at >= 0 && canonical?.enum?.length === values.length ? values[at] : value;
}

/**
 * Parameters in the Conversations vocabulary → the chosen API's names and enum spelling.
 * Absent values are left out.
 */
export function adaptParams(
  family: WriteFamily | Family,
  api: RouteApi,
  params: Readonly<Record<string, unknown>>,
  operationId?: string,
): Record<string, unknown> {
  const id =
    operationId ??
    (isWriteFamily(family) ? WRITE_OPERATIONS[family][api] : rowOf(family, 'fetch')[api]);
  const op = id !== undefined ? getOperation(id) : undefined;
  const opParams = op ? paramsOf(op) : [];
  const canonical = isWriteFamily(family) ? canonicalOperation(family, api) : undefined;
  const canonicalParams = canonical ? paramsOf(canonical) : [];
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    const target = apiParamName(family, api, name);
    if (target === null) continue;
    out[target] = enumValue(
      opParams.find((p) => p.name === target),
      canonicalParams.find((p) => p.name === name),
      value,
    );
  }
  return out;
}

/**
 * The host a call of `operationId` with `params` goes to: the IP Messaging host for Chat v2
 * when configured, unless the registry says that host lacks a header the call sends (it then
 * goes to the Chat host, which has it). Undefined: the operation's own host.
 */
export function hostFor(
  routing: ApiRouting,
  operationId: string,
  params: Readonly<Record<string, unknown>>,
): HostProduct | undefined {
  if (routing.chatHost !== 'ip-messaging') return undefined;
  const op = getOperation(operationId);
  if (op.product !== 'chat' || op.version !== 'v2') return undefined;
  const served = new Set(headerParamsOn('ip-messaging', op).map((p) => p.name));
  const lacking = op.headerParams.some((p) => params[p.name] !== undefined && !served.has(p.name));
  return lacking ? 'chat' : 'ip-messaging';
}

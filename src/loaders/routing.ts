/**
 * Gateway configuration of which Twilio API serves what (src/graph/routing.ts re-exports it for
 * the graph). The type lives here, below the graph, because the loaders choose read operations
 * by it; the write table in src/graph/mutations/routes.ts chooses by the same value.
 */
import { getOperation, headerParamsOn } from '../registry/index.js';
import type { HostProduct } from '../registry/index.js';

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

/** The columns of the read and write tables. */
export type RouteApi =
  'conversations' | 'conversations-default' | 'chat-v2' | 'chat-v1' | 'chat-v3';

export type RouteRow = Partial<Record<RouteApi, string>>;

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
  const chat = (['chat-v2', 'chat-v1', 'chat-v3'] as const).find(has);
  if (chat === undefined) throw new TypeError('A route row has no operation');
  return chat;
}

/** The operation id of `row` under `routing`. */
export function operationOf(row: RouteRow, api: RouteApi): string {
  const id = row[api];
  if (id === undefined) throw new TypeError(`No operation on ${api}`);
  return id;
}

export function isChatApi(api: RouteApi): boolean {
  return api === 'chat-v1' || api === 'chat-v2' || api === 'chat-v3';
}

/** Conversations wire names → Chat's names for the same path and filter parameters. */
const CHAT_PATH_NAMES: Readonly<Record<string, string>> = {
  ChatServiceSid: 'ServiceSid',
  ConversationSid: 'ChannelSid',
};

/**
 * Read parameters built in the Conversations service-scoped vocabulary → the chosen API's:
 * Chat renames the parent SIDs, the default-service paths drop the service.
 */
export function readParams<V>(
  api: RouteApi,
  params: Readonly<Record<string, V>>,
): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [name, value] of Object.entries(params)) {
    if (api === 'conversations-default' && name === 'ChatServiceSid') continue;
    out[isChatApi(api) ? (CHAT_PATH_NAMES[name] ?? name) : name] = value;
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

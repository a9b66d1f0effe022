/**
 * Writes for mutations: the router picks the operation of a write family (its default-service
 * form when the target is in the account's default service), the parameters are renamed for it
 * and checked against the registry (nothing is sent when that fails), and the call is sent
 * with `retry: 'rate-limit-only'`. The answers of the families whose record depends on the API
 * that served them are read here, with the caches they touch brought up to date.
 */
import { getOperation, headerParamsOn } from '../registry/index.js';
import type { OperationSpec, ParamSpec } from '../registry/index.js';
import { isTwilioError, prepareRequest } from '../twilio/index.js';
import type { EntityLoaders } from './entities.js';
import { servedBy } from './entities.js';
import type { UnifiedType } from './field-sources.js';
import type { ReadContext } from './read-context.js';
import {
  conversationFieldsOfChannel,
  toChannel,
  toChatService,
  toConversation,
  toService,
  toUserChannel,
  toUserConversation,
  type ChannelRecord,
  type ConversationRecord,
  type ServiceRecord,
  type UserConversationRecord,
} from './records/index.js';
import type { Route } from './router.js';
import {
  canonicalParamName,
  isChatApi,
  WRITE_OPERATIONS,
  type RouteApi,
  type WriteFamily,
} from './routes.js';

/** The header Twilio reads to decide whether a REST change fires the service's webhooks. */
export const WEBHOOK_HEADER = 'X-Twilio-Webhook-Enabled';

export interface WriteRequest {
  readonly family: WriteFamily;
  /** An explicit API instead of the one the router picks (tests drive every route so). */
  readonly api?: RouteApi;
  /** Parameters by Conversations wire name (headers included); null/undefined are left out. */
  readonly params: Readonly<Record<string, unknown>>;
}

/** Twilio's answer to a write; read it with the converters or `written`. */
export interface WriteAnswer {
  readonly operationId: string;
  /** Twilio's JSON answer (undefined for a 204 delete). */
  readonly data: unknown;
}

/**
 * A write's answer with the route that gave it, as plain JSON: what an idempotency store keeps
 * so a repeat can be answered as the first write was, without writing again.
 */
export interface StoredWriteAnswer {
  readonly operationId: string;
  readonly api: Route['api'];
  readonly chat: boolean;
  readonly data: unknown;
}

/** The registry refused a write's parameter: nothing was sent. */
export class WriteRejected extends Error {
  override readonly name = 'WriteRejected';
  constructor(
    readonly operationId: string,
    /** The parameter in the Conversations vocabulary (null: the whole call). */
    readonly parameter: string | null,
    /** The rule of the parameter the chosen operation has (undefined: it takes no such one). */
    readonly spec: ParamSpec | undefined,
    readonly value: unknown,
    /** The rule broken, as the client said it ("must match ..."). */
    readonly rule: string,
  ) {
    super(`${operationId}: parameter ${parameter ?? ''} ${rule}`);
  }
}

export function isWriteRejected(value: unknown): value is WriteRejected {
  return value instanceof WriteRejected;
}

/**
 * Twilio's documented limits the registry lacks, per write family and the APIs they apply to:
 * Chat documents 64 characters for a service name (Conversations 256).
 */
const ROUTE_LIMITS: Partial<
  Record<WriteFamily, { readonly chat: Readonly<Record<string, number>> }>
> = {
  'service.create': { chat: { FriendlyName: 64 } },
};

function withLimits(op: OperationSpec, family: WriteFamily, api: RouteApi): OperationSpec {
  const limits = isChatApi(api) ? ROUTE_LIMITS[family]?.chat : undefined;
  if (limits === undefined) return op;
  const limit = (p: ParamSpec): ParamSpec =>
    limits[p.name] === undefined ? p : { ...p, maxLength: limits[p.name] };
  return { ...op, bodyParams: op.bodyParams.map(limit) };
}

function specOf(op: OperationSpec, name: string): ParamSpec | undefined {
  return [
    ...op.pathParams,
    ...op.queryParams,
    ...op.bodyParams,
    ...headerParamsOn(op.product, op),
  ].find((p) => p.name === name);
}

export function createWrites(
  context: ReadContext,
  entities: EntityLoaders,
  clearPages: () => void,
) {
  const { router, client, callOptions, hostOption, defaultServiceSid } = context;
  // The route each answer came from, for the readers below (the graph never sees it).
  const routes = new WeakMap<WriteAnswer, Route>();

  /** The gateway's default for the webhook header, where the operation (on its host) takes it. */
  function withWebhookDefault(
    op: OperationSpec,
    wire: Readonly<Record<string, unknown>>,
  ): Readonly<Record<string, unknown>> {
    if (!context.webhookEnabledWrites || wire[WEBHOOK_HEADER] != null) return wire;
    const host = hostOption(op.id, wire).host ?? op.product;
    const takesIt = headerParamsOn(host, op).some((p) => p.name === WEBHOOK_HEADER);
    return takesIt ? { ...wire, [WEBHOOK_HEADER]: true } : wire;
  }

  async function write(request: WriteRequest): Promise<WriteAnswer> {
    const { family } = request;
    const serviceSid = request.params.ChatServiceSid;
    const inDefaultService =
      request.api === undefined &&
      typeof serviceSid === 'string' &&
      router.dependsOnDefaultService(WRITE_OPERATIONS[family]) &&
      serviceSid === (await defaultServiceSid());
    const chosen = router.write(family, inDefaultService, request.api);
    const route: Route = { ...chosen, chat: isChatApi(chosen.api) };
    const op = withLimits(getOperation(route.operationId), family, route.api);
    const wire = withWebhookDefault(op, router.params(family, route, request.params));
    const host = hostOption(route.operationId, wire);
    try {
      prepareRequest(op, op.product, wire);
    } catch (error) {
      if (isTwilioError(error) && error.kind === 'validation') {
        const name = error.parameter;
        const marker = name === null ? null : `parameter ${name} `;
        const at = marker === null ? -1 : error.message.indexOf(marker);
        throw new WriteRejected(
          route.operationId,
          name === null ? null : canonicalParamName(family, route.api, name),
          name === null ? undefined : specOf(op, name),
          name === null ? undefined : wire[name],
          at === -1 || marker === null ? 'is not valid' : error.message.slice(at + marker.length),
        );
      }
      throw error;
    }
    try {
      const data = await client.request(route.operationId, wire, {
        ...callOptions,
        ...host,
        retry: 'rate-limit-only',
      });
      const answer: WriteAnswer = { operationId: route.operationId, data };
      routes.set(answer, route);
      return answer;
    } finally {
      // A write can change any list (membership, counts, order), and one that failed late
      // may still have been applied.
      clearPages();
    }
  }

  const routeOf = (answer: WriteAnswer): Route => {
    const route = routes.get(answer);
    if (route === undefined) throw new TypeError('Not an answer of this request');
    return route;
  };

  return {
    write,
    /** Readers of the answers whose record depends on the API that gave it. */
    written: {
      /** `answer` with its route, to keep beyond this request. */
      stored(answer: WriteAnswer): StoredWriteAnswer {
        const { api, chat } = routeOf(answer);
        return { operationId: answer.operationId, api, chat, data: answer.data };
      },
      /** A kept answer, readable in this request as if its write had just been made. */
      replayed(stored: StoredWriteAnswer): WriteAnswer {
        const answer: WriteAnswer = { operationId: stored.operationId, data: stored.data };
        routes.set(answer, { api: stored.api, operationId: stored.operationId, chat: stored.chat });
        return answer;
      },
      /** `record`, read from `answer`, without the fields its API does not have. */
      served<R extends object>(type: UnifiedType, answer: WriteAnswer, record: R): R {
        return servedBy(type, routeOf(answer), record);
      },
      /** A conversation as a write answered it, cached; the other views of it are dropped. */
      conversation(
        answer: WriteAnswer,
        serviceSid: string,
      ): {
        readonly known: Partial<ConversationRecord> &
          Pick<ConversationRecord, 'serviceSid' | 'sid'>;
        readonly channel?: ChannelRecord;
      } {
        const route = routeOf(answer);
        if (route.chat) {
          const channel = toChannel(answer.data, { serviceSid });
          entities.channel.replace(channel);
          const known = conversationFieldsOfChannel(answer.data, { serviceSid });
          return { known: { ...known, serviceSid, sid: channel.sid }, channel };
        }
        const record = toConversation(answer.data, { serviceSid });
        entities.conversation.replace(servedBy('Conversation', route, record));
        entities.conversationsOnly.conversation.prime(record);
        return { known: record };
      },
      /** A membership as a write answered it (Chat answers a user channel). */
      membership(answer: WriteAnswer, serviceSid: string): UserConversationRecord {
        const convert = routeOf(answer).chat ? toUserChannel : toUserConversation;
        // The participant's read horizon is the same data seen from the conversation.
        entities.participant.clearAll();
        entities.userConversation.clearAll();
        return convert(answer.data, { serviceSid });
      },
      /** A service as a write answered it; every cached view of services is replaced. */
      service(answer: WriteAnswer): ServiceRecord {
        const route = routeOf(answer);
        const service = toService(answer.data);
        entities.service.replace(service);
        if (route.chat) {
          const chat = toChatService(answer.data);
          entities.services.prime('chat', chat);
          if (route.api === 'chat-v1') entities.services.prime('chat-v1', chat);
        }
        return service;
      },
    },
  };
}

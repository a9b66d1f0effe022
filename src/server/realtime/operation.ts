/**
 * What the WebSocket and SSE transports share: checking that a request is one valid
 * subscription (queries and mutations stay on `POST /graphql`, where the HTTP rules and the
 * cost report apply), the caller hook, per-caller counts, and error formatting.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { callerKey, type Caller } from '../../events/index.js';

export interface CallerInput {
  readonly headers: IncomingHttpHeaders;
  /** graphql-ws `connection_init` payload (absent for SSE and the callback protocol). */
  readonly connectionParams?: Readonly<Record<string, unknown>>;
}

/**
 * Who is subscribing. The access work decides it from the token in `connectionParams` or the
 * `Authorization` header; until then everyone is the admin. Throwing refuses the connection.
 */
export type Authenticate = (input: CallerInput) => Caller | Promise<Caller>;

/**
 * Whether `caller` may run this document text (trusted documents, GATEWAY_PERSISTED_DOCUMENTS):
 * the error to refuse it with, or null.
 */
export type AdmitDocument = (query: string, caller: Caller) => GraphQLError | null;

export interface SubscriptionOperation {
  readonly document: DocumentNode;
  readonly operationName: string | null;
  readonly variableValues: Readonly<Record<string, unknown>> | undefined;
}

function requestError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST' } });
}

/**
 * Parsed and validated documents by query text. Many subscribers send the same few operations
 * (a chat screen's), so they share one syntax tree instead of each keeping its own for the life
 * of the subscription, and skip parsing and validation. Bounded; the oldest entry goes first.
 */
class DocumentCache {
  readonly #entries = new Map<string, DocumentNode | readonly GraphQLError[]>();

  constructor(private readonly maxEntries: number) {}

  get(schema: GraphQLSchema, query: string): DocumentNode | readonly GraphQLError[] {
    const cached = this.#entries.get(query);
    if (cached !== undefined) return cached;
    let result: DocumentNode | readonly GraphQLError[];
    try {
      const document = parse(query, { maxTokens: 5_000 });
      const invalid = validate(schema, document);
      result = invalid.length > 0 ? invalid : document;
    } catch (error) {
      result = [
        error instanceof GraphQLError ? error : requestError('The query could not be parsed.'),
      ];
    }
    this.#entries.set(query, result);
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return result;
  }
}

const documents = new WeakMap<GraphQLSchema, DocumentCache>();

/** The parsed subscription, or the errors to answer with. */
export function prepareSubscription(
  schema: GraphQLSchema,
  request: {
    readonly query: unknown;
    readonly operationName?: unknown;
    readonly variables?: unknown;
  },
): SubscriptionOperation | readonly GraphQLError[] {
  if (typeof request.query !== 'string') return [requestError('`query` must be a string.')];
  const operationName = typeof request.operationName === 'string' ? request.operationName : null;
  const variables = request.variables;
  if (variables !== undefined && variables !== null && typeof variables !== 'object') {
    return [requestError('`variables` must be an object.')];
  }
  let cache = documents.get(schema);
  if (!cache) {
    cache = new DocumentCache(500);
    documents.set(schema, cache);
  }
  const document = cache.get(schema, request.query);
  if (!('kind' in document)) return document;
  const operation = getOperationAST(document, operationName);
  if (!operation) return [requestError('Name the operation to run (`operationName`).')];
  if (operation.operation !== 'subscription') {
    return [
      requestError(
        `Only subscriptions are served here; send ${operation.operation} operations to POST /graphql.`,
      ),
    ];
  }
  return {
    document,
    operationName,
    variableValues: (variables ?? undefined) as Readonly<Record<string, unknown>> | undefined,
  };
}

export function isErrors(
  value: SubscriptionOperation | readonly GraphQLError[],
): value is readonly GraphQLError[] {
  return Array.isArray(value);
}

/** Open subscriptions per caller, against a limit the access work will set per identity. */
export class CallerCounts {
  readonly #open = new Map<string, number>();

  constructor(private readonly limitFor: (caller: Caller) => number) {}

  /** False when `caller` already has as many subscriptions as allowed. */
  acquire(caller: Caller): boolean {
    const key = callerKey(caller);
    const open = this.#open.get(key) ?? 0;
    if (open >= this.limitFor(caller)) return false;
    this.#open.set(key, open + 1);
    return true;
  }

  release(caller: Caller): void {
    const key = callerKey(caller);
    const open = (this.#open.get(key) ?? 1) - 1;
    if (open <= 0) this.#open.delete(key);
    else this.#open.set(key, open);
  }
}

export type FormatError = (error: GraphQLError) => GraphQLFormattedError;

/** The cap of one WebSocket connection (GATEWAY_SUBSCRIPTIONS_PER_CONNECTION). */
export function tooMany(what: string, limit: number): GraphQLError {
  return new GraphQLError(`Too many subscriptions ${what} (at most ${limit}).`, {
    extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit },
  });
}

/** The cap of one token identity over every connection (GATEWAY_SUBSCRIPTIONS_PER_IDENTITY). */
export function tooManyForIdentity(limit: number): GraphQLError {
  return new GraphQLError(
    `Too many subscriptions for this identity (at most ${limit} over all its connections); end one first.`,
    { extensions: { code: 'TOO_MANY_IDENTITY_SUBSCRIPTIONS', limit } },
  );
}

/** The caller's access token passed its `exp`: what a stream is told before it ends. */
export const TOKEN_EXPIRED = {
  code: 'TOKEN_EXPIRED',
  message: 'The access token expired; subscribe again with a new one.',
} as const;

/**
 * Calls `fire` at `atMs` (epoch milliseconds) unless the returned function is called first.
 * Token expiry is timed by it; tests fire it by hand.
 */
export type ExpirySchedule = (atMs: number, fire: () => void) => () => void;

/** setTimeout limits delays to 2^31-1 ms (24.8 days); tokens live 24 hours at most. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export const wallClockExpiry: ExpirySchedule = (atMs, fire) => {
  const timer = setTimeout(fire, Math.min(Math.max(atMs - Date.now(), 0), MAX_DELAY_MS));
  timer.unref();
  return () => clearTimeout(timer);
};

/** The access token's `exp` in epoch milliseconds, or null for callers without one. */
export function expiresAtMs(caller: Caller): number | null {
  return caller.kind === 'token' ? caller.expiresAt * 1000 : null;
}

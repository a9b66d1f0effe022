/**
 * The seam between the emulator's wire layer (src/emulator/http: routing, auth, validation,
 * paging envelopes, errors, faults, request log) and its domain layer (src/emulator/store and
 * src/emulator/resources: one shared store, per-operation handlers, per-API rendering, seed data).
 *
 * The wire layer parses and validates a request against the operation registry, then calls the
 * handler registered for the operation id. Handlers never see HTTP; the wire layer never knows
 * what a conversation is.
 */
import type { HostProduct, OperationSpec } from '../registry/types.js';

/** A decoded form or query value: repeated keys become arrays. */
export type WireValue = string | readonly string[];
export type WireParams = Readonly<Record<string, WireValue>>;

export interface HandlerContext {
  readonly op: OperationSpec;
  /** The host product the request addressed (`ip-messaging` renders like Chat v2 with its own urls). */
  readonly host: HostProduct;
  /**
   * The origin the client called, including any product path prefix and without the version,
   * e.g. `http://127.0.0.1:4010/chat` or `https://conversations.twilio.com`. Records render their
   * `url` and `links` from it so they point back where the client came from.
   */
  readonly baseUrl: string;
  /** Path parameters, percent-decoded, by the registry's names (e.g. `ChatServiceSid`, `Sid`). */
  readonly path: Readonly<Record<string, string>>;
  /** Query parameters other than paging ones (PageSize, Page, PageToken), validated. */
  readonly query: WireParams;
  /** Form body parameters, validated against the registry. */
  readonly body: WireParams;
  /** The request carried `X-Twilio-Webhook-Enabled: true`. */
  readonly webhookEnabled: boolean;
  /** The account the request authenticated as. */
  readonly accountSid: string;
}

/** A rendered JSON record (Twilio's wire field names). */
export type WireRecord = Readonly<Record<string, unknown>>;

/**
 * A list answer: the whole filtered, ordered collection as store entities (references, nothing
 * rendered yet). The wire layer seeks the requested page (PageSize, PA/PB tokens) by `keyOf`,
 * renders only that page's entities with `render`, and wraps them in Twilio's
 * `{ <listKey>: [...], meta: {...} }` envelope. Rendering the whole collection on every request
 * made list pages cost O(collection) JSON objects for a page of 50.
 *
 * `keyOf` gives the value a page token refers to (usually the entity's SID; it must equal what
 * the rendered record exposes, since clients build tokens from it). Both are called only
 * synchronously, before the next handler runs, so they may read the live store.
 *
 * `keyOf` and `render` use method syntax on purpose: method parameters are bivariant, so a
 * `ListResult<Channel>` is a `ListResult` (the wire layer only ever passes back entities taken
 * from the same `entities` array).
 */
export interface ListResult<E = unknown> {
  readonly kind: 'list';
  readonly entities: readonly E[];
  keyOf(entity: E): string;
  render(entity: E): WireRecord;
}

export type HandlerResult =
  /** One record with its status (200 fetch/update, 201 create, 202 accepted). */
  | { readonly kind: 'record'; readonly status: number; readonly body: WireRecord }
  /** 204, no body (deletes). */
  | { readonly kind: 'empty' }
  | ListResult;

export type OperationHandler = (ctx: HandlerContext) => HandlerResult;

/**
 * A Twilio-style failure raised by a handler (or the wire layer). Rendered as
 * `{ code, message, more_info, status }` with HTTP `status`.
 */
export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'EmulatorError';
  }
}

/** A webhook the domain layer asks the wire layer to deliver (signed form POST or GET). */
export interface WebhookDelivery {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly params: Readonly<Record<string, string | readonly string[]>>;
}

/** Options that size the deterministic demo data set. */
export interface SeedOptions {
  /** Random-looking but deterministic SIDs derive from this. */
  readonly seed?: string;
  readonly services?: number;
  readonly usersPerService?: number;
  readonly conversationsPerService?: number;
  readonly participantsPerConversation?: number;
  readonly messagesPerConversation?: number;
  readonly publicChannelsPerService?: number;
}

/** What the domain layer gives the wire layer. */
export interface EmulatorDomain {
  /** A handler for every one of the 198 operation ids in the registry. */
  readonly handlers: Readonly<Record<string, OperationHandler>>;
  /** Restores the seed data (POST /__emulator/reset). */
  reset(): void;
  /** Webhooks produced by writes since the last call (the wire layer delivers them). */
  drainWebhooks(): WebhookDelivery[];
}

export interface DomainOptions {
  readonly accountSid: string;
  readonly seed?: SeedOptions | false;
}

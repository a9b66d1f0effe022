/**
 * The loaders layer: per-request caches and list sources over the Twilio client, and the one
 * router that decides which Twilio API, path form and host serve each read and write. The
 * graph imports this file only (a lint rule holds it to that); it never sees routing.
 *
 * May import: src/twilio, src/registry. Owns: the route tables (`routes.ts`), the router
 * (`router.ts`), the field sources of the unified types (`field-sources.ts`), the records
 * (`records/`), the entity caches (`entities.ts`), the lists (`lists.ts`) and the writes
 * (`writes.ts`). One request's parts are made on first use, so an operation pays only for
 * what it touches.
 */
import { createEntityLoaders, type EntityLoaders } from './entities.js';
import { createListSources, type ListSources } from './lists.js';
import { createPageLoader } from './page-loader.js';
import { createReadContext, type LoaderInput } from './read-context.js';
import type { AccountWebhooksRecord, ConfigurationRecord } from './records/index.js';
import { toAccountWebhooks } from './records/index.js';
import { createRouter, type Router } from './router.js';
import { CHANGES_MEMBERSHIP, createWriteGuard } from './scope-writes.js';
import {
  AccessDenied,
  createScope,
  scopedEntities,
  scopedLists,
  type LoaderScope,
} from './scope.js';
import { createWrites, type WriteAnswer, type WriteRequest } from './writes.js';

export * from './records/index.js';
export type {
  ApiRouting,
  RouteApi,
  RouteChoice,
  RouteRow,
  WriteApi,
  WriteFamily,
} from './routes.js';
export {
  adaptParams,
  apiOf,
  apiParamName,
  canonicalParamName,
  DEFAULT_ROUTING,
  DEFAULT_WRITE_API,
  FAMILIES,
  hostFor,
  isChatApi,
  routeFor,
  rowOf,
  WRITE_OPERATIONS,
} from './routes.js';
export { createRouter, type Route, type Router } from './router.js';
export type { AccountDefaults, AccountDefaultsOptions } from './account-defaults.js';
export { createAccountDefaults, DEFAULT_ACCOUNT_DEFAULTS_TTL_MS } from './account-defaults.js';
export type { EntityLoader, EntityPath } from './entity-loader.js';
export { isNotFound } from './entity-loader.js';
export { FIELD_SOURCES, readFor, type FieldSource, type UnifiedType } from './field-sources.js';
export type { ListSource, PageFetch, PageLink, PageResult, UpstreamOrder } from './list-source.js';
export { GRAPH_MAX_PAGE_SIZE } from './list-source.js';
export { DEFAULT_SERVICE, NoDefaultServiceError } from './read-context.js';
export { AccessDenied, isAccessDenied, isParticipant, type LoaderScope } from './scope.js';
export type { BindingFilters, ConversationFilters, ListedChannel, ListSources } from './lists.js';
export {
  isWriteRejected,
  WEBHOOK_HEADER,
  WriteRejected,
  type StoredWriteAnswer,
  type WriteAnswer,
  type WriteRequest,
} from './writes.js';

type Entities = Omit<
  EntityLoaders,
  'services' | 'conversations' | 'participants' | 'users' | 'messages'
>;

export interface Loaders extends Entities {
  configuration(): Promise<ConfigurationRecord>;
  /** After the account configuration was changed: later reads in the request see `record`. */
  replaceConfiguration(record: ConfigurationRecord): void;
  /** The account's default chat service SID, or null when the account has none. */
  defaultServiceSid(): Promise<string | null>;
  accountWebhooks(): Promise<AccountWebhooksRecord>;
  replaceAccountWebhooks(record: AccountWebhooksRecord): void;
  readonly lists: ListSources;
  /**
   * Forgets every list page read so far in this request, so a read after a mutation lists
   * fresh data (a write can change any list: membership, counts, order).
   */
  invalidateLists(): void;
  /**
   * Sends one write for a mutation through the route the router picks: repeated only after a
   * 429, never after a 5xx or a broken connection. Lists read earlier in the request are
   * forgotten whatever the outcome. Throws `WriteRejected` when the registry refuses it.
   */
  write(request: WriteRequest): Promise<WriteAnswer>;
  /** Readers of write answers whose record depends on the API that served them. */
  readonly written: ReturnType<typeof createWrites>['written'];
}

export interface CreateLoadersInput extends Omit<LoaderInput, 'router'> {
  /** The gateway's router (one per configuration; the default routing when absent). */
  readonly router?: Router;
  /**
   * A token caller's identity and service: every read and write is limited to what that
   * caller may see and do (`scope.ts`, `scope-writes.ts`). Absent: full access.
   */
  readonly scope?: LoaderScope;
}

/** Builds `make()` on first use. */
function once<T>(make: () => T): () => T {
  let value: { readonly v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

export function createLoaders(input: CreateLoadersInput): Loaders {
  const context = createReadContext({ ...input, router: input.router ?? createRouter() });
  const pages = once(() =>
    createPageLoader(context.client, context.ledger, context.signal, context.hostOption),
  );
  // What lists primed before anything asked the entity caches; applied, in order, when the
  // caches are first built, so a request that only lists never builds them.
  let built: EntityLoaders | null = null;
  let waiting: ((entities: EntityLoaders) => void)[] = [];
  const entities = (): EntityLoaders => {
    if (built !== null) return built;
    built = createEntityLoaders(context);
    const primes = waiting;
    waiting = [];
    for (const prime of primes) prime(built);
    return built;
  };
  const later = (prime: (entities: EntityLoaders) => void): void => {
    if (built !== null) prime(built);
    else waiting.push(prime);
  };
  const lists = once(() => createListSources(context, { now: entities, later }, pages()));
  const writes = once(() => createWrites(context, entities(), () => pages().clearAll()));
  let accountWebhooks: Promise<AccountWebhooksRecord> | null = null;

  const loaders = new RequestLoaders(entities, lists, writes, {
    configuration: context.configuration,
    replaceConfiguration: context.replaceConfiguration,
    defaultServiceSid: context.defaultServiceSid,
    accountWebhooks: () => {
      accountWebhooks ??= context
        .get(
          context.router.pick(context.router.row('accountWebhooks', 'fetch'), false).operationId,
          {},
        )
        .then(toAccountWebhooks);
      return accountWebhooks;
    },
    replaceAccountWebhooks: (record: AccountWebhooksRecord) => {
      accountWebhooks = Promise.resolve(record);
    },
    invalidateLists: () => pages().clearAll(),
    write: (request: WriteRequest) => writes().write(request),
  });
  if (input.scope === undefined) return loaders as unknown as Loaders;
  return scopeLoaders(loaders as unknown as Loaders, context, entities(), input.scope);
}

/**
 * The loaders of a token caller: the same caches, read through the caller's scope, so what
 * the graph reads or writes is limited whichever entry point it comes through.
 */
function scopeLoaders(
  loaders: Loaders,
  context: ReturnType<typeof createReadContext>,
  entities: EntityLoaders,
  scope: LoaderScope,
): Loaders {
  const checks = createScope(context, entities, scope);
  const guard = createWriteGuard(entities, checks);
  const deny = (what: string): never => {
    throw new AccessDenied(`${what} are for admin callers only.`);
  };
  // Every entity view is scoped: a view added to the loaders and not here fails to compile.
  const views = scopedEntities(entities, checks) satisfies Pick<
    Loaders,
    (typeof ENTITY_NAMES)[number]
  >;
  const lists = once(() => scopedLists(loaders.lists, entities, checks, deny));
  return {
    ...loaders,
    ...views,
    configuration: () =>
      Promise.reject(new AccessDenied('The account configuration is for admin callers only.')),
    accountWebhooks: () =>
      Promise.reject(new AccessDenied('Account webhooks are for admin callers only.')),
    // For a token caller, "the default service" is their own.
    defaultServiceSid: checks.serviceSid,
    get lists() {
      return lists();
    },
    write: async (request) => {
      const allowed = await guard(request);
      try {
        return await loaders.write(allowed);
      } finally {
        if (CHANGES_MEMBERSHIP.has(request.family)) checks.forgetMemberships();
      }
    },
    get written() {
      return loaders.written;
    },
  };
}

const ENTITY_NAMES = [
  'service',
  'chatService',
  'chatV1Service',
  'serviceConfiguration',
  'serviceNotifications',
  'serviceWebhooks',
  'conversation',
  'channel',
  'participant',
  'user',
  'chatUser',
  'message',
  'chatMessage',
  'conversationsOnly',
  'role',
  'invite',
  'webhook',
  'deliveryReceipt',
  'userConversation',
  'binding',
  'userBinding',
  'credential',
  'addressConfiguration',
] as const satisfies readonly (keyof Entities)[];

const entitiesKey = Symbol('loaders.entities');

type OwnLoaders = Pick<
  Loaders,
  | 'configuration'
  | 'replaceConfiguration'
  | 'defaultServiceSid'
  | 'accountWebhooks'
  | 'replaceAccountWebhooks'
  | 'invalidateLists'
  | 'write'
>;

/**
 * One request's loaders. A class, so the getters (the lists, the write readers and, below,
 * every entity view) live once on its prototype instead of being defined on each request's
 * object; each builds its part of the request on first use.
 */
class RequestLoaders implements OwnLoaders {
  readonly [entitiesKey]: () => EntityLoaders;
  readonly configuration: OwnLoaders['configuration'];
  readonly replaceConfiguration: OwnLoaders['replaceConfiguration'];
  readonly defaultServiceSid: OwnLoaders['defaultServiceSid'];
  readonly accountWebhooks: OwnLoaders['accountWebhooks'];
  readonly replaceAccountWebhooks: OwnLoaders['replaceAccountWebhooks'];
  readonly invalidateLists: OwnLoaders['invalidateLists'];
  readonly write: OwnLoaders['write'];
  readonly #lists: () => ListSources;
  readonly #writes: () => ReturnType<typeof createWrites>;

  constructor(
    entities: () => EntityLoaders,
    lists: () => ListSources,
    writes: () => ReturnType<typeof createWrites>,
    own: OwnLoaders,
  ) {
    this[entitiesKey] = entities;
    this.#lists = lists;
    this.#writes = writes;
    this.configuration = own.configuration;
    this.replaceConfiguration = own.replaceConfiguration;
    this.defaultServiceSid = own.defaultServiceSid;
    this.accountWebhooks = own.accountWebhooks;
    this.replaceAccountWebhooks = own.replaceAccountWebhooks;
    this.invalidateLists = own.invalidateLists;
    this.write = own.write;
  }

  get lists(): ListSources {
    return this.#lists();
  }

  get written(): Loaders['written'] {
    return this.#writes().written;
  }
}

for (const name of ENTITY_NAMES) {
  Object.defineProperty(RequestLoaders.prototype, name, {
    get(this: RequestLoaders) {
      return this[entitiesKey]()[name];
    },
  });
}

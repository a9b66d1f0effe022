/**
 * Trusted documents (`GATEWAY_PERSISTED_DOCUMENTS`): a manifest of the operations first-party
 * clients may run, in a format their build tools already write:
 * - Apollo's persisted-query manifest (`@apollo/generate-persisted-query-manifest`):
 *   `{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ id, name,
 *   type, body }] }`;
 * - graphql-codegen's persisted documents (client-preset `persistedDocuments`, with
 *   `hashAlgorithm: 'sha256'`): `{ "<sha256 of the document>": "<document>" }`.
 *
 * Every document must parse and validate against the schema at start. Requests name a document
 * by id (`extensions.persistedQuery.sha256Hash`, as Apollo clients send it, or `documentId`, the
 * GraphQL-over-HTTP persisted documents convention codegen clients use), or send its exact text.
 * Apollo Server then runs it through its own persisted-query hook: the manifest is served from
 * the `persistedQueries.cache` it reads, in front of a bounded store for automatic persisted
 * queries (APQ).
 */
import { createHash } from 'node:crypto';
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type GraphQLSchema,
} from 'graphql';
import type { Caller } from '../../access/index.js';
import type { SharedStore } from '../../cache/index.js';
import { HttpError, type DocumentFields } from '../http-graphql.js';

export const persistedDocumentsVariable = 'GATEWAY_PERSISTED_DOCUMENTS';
export const persistedDocumentsModeVariable = 'GATEWAY_PERSISTED_DOCUMENTS_MODE';

/**
 * `trusted-only`: every caller runs trusted documents only. `trusted-or-admin`: the admin
 * credential may also run any other document (and register APQ); everyone else is held to the
 * manifest.
 */
export const persistedDocumentModes = ['trusted-only', 'trusted-or-admin'] as const;
export type PersistedDocumentMode = (typeof persistedDocumentModes)[number];

/** Apollo's code for an id it does not know (Apollo clients then resend the full text). */
export const persistedQueryNotFoundCode = 'PERSISTED_QUERY_NOT_FOUND';
/** A document that is not in the manifest, from a caller held to it (Apollo Router's code). */
export const persistedQueryNotInListCode = 'PERSISTED_QUERY_NOT_IN_LIST';

/** A manifest that cannot be used; the message names the variable and the entry. */
export class TrustedDocumentsError extends Error {
  override readonly name = 'TrustedDocumentsError';
}

export interface TrustedDocuments {
  readonly format: 'apollo' | 'codegen';
  /** Document text by the id clients send. */
  readonly byId: ReadonlyMap<string, string>;
  /** sha256 (hex) of every trusted text, so a client may also send the text itself. */
  readonly hashes: ReadonlySet<string>;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const sha256Hex = /^[0-9a-f]{64}$/;

function fail(problem: string): never {
  throw new TrustedDocumentsError(`${persistedDocumentsVariable}: ${problem}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkDocument(schema: GraphQLSchema, entry: string, body: string): string | null {
  let document;
  try {
    document = parse(body);
  } catch (error) {
    fail(`${entry} does not parse: ${error instanceof Error ? error.message : String(error)}`);
  }
  const errors = validate(schema, document, specifiedRules);
  if (errors.length > 0)
    fail(`${entry} does not validate against the schema: ${errors[0]?.message}`);
  const operations = document.definitions.filter((d) => d.kind === 'OperationDefinition');
  return operations.length === 1 ? (getOperationAST(document)?.operation ?? null) : null;
}

function apolloEntries(manifest: Record<string, unknown>): [string, string, unknown][] {
  if (manifest.version !== 1) fail('an Apollo persisted-query manifest must have "version": 1');
  if (!Array.isArray(manifest.operations)) fail('an Apollo manifest needs an "operations" array');
  return manifest.operations.map((operation: unknown, index): [string, string, unknown] => {
    if (!isRecord(operation) || typeof operation.id !== 'string' || operation.id === '') {
      fail(`operations[${index}] needs a non-empty string "id"`);
    }
    if (typeof operation.body !== 'string') fail(`operations[${index}] needs a string "body"`);
    // The tool's ids are the body's sha256 unless a custom createOperationId was configured.
    if (sha256Hex.test(operation.id) && operation.id !== sha256(operation.body)) {
      fail(`operations[${index}] has an id that is not the sha256 of its body`);
    }
    return [operation.id, operation.body, operation.type];
  });
}

function codegenEntries(manifest: Record<string, unknown>): [string, string, unknown][] {
  return Object.entries(manifest).map(([id, body]): [string, string, unknown] => {
    const entry = `the document "${id.slice(0, 80)}"`;
    if (typeof body !== 'string') fail(`${entry} is not a string`);
    if (!sha256Hex.test(id) || id !== sha256(body)) {
      fail(
        `${entry} is not keyed by the sha256 of its text (generate it with persistedDocuments: { hashAlgorithm: 'sha256' })`,
      );
    }
    return [id, body, undefined];
  });
}

/** Reads a manifest's JSON text; every problem names the variable and the entry. */
export function loadTrustedDocuments(text: string, schema: GraphQLSchema): TrustedDocuments {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    fail('the file is not JSON');
  }
  if (!isRecord(manifest)) fail('the file must hold a JSON object');
  const apollo = manifest.format === 'apollo-persisted-query-manifest';
  if (!apollo && 'format' in manifest) {
    fail('"format" must be "apollo-persisted-query-manifest" (or give a graphql-codegen map)');
  }
  const entries = apollo ? apolloEntries(manifest) : codegenEntries(manifest);
  if (entries.length === 0) fail('the manifest lists no documents');
  const byId = new Map<string, string>();
  const hashes = new Set<string>();
  for (const [id, body, type] of entries) {
    const entry = `document "${id.slice(0, 80)}"`;
    if (byId.has(id)) fail(`${entry} is listed twice`);
    const kind = checkDocument(schema, entry, body);
    if (type !== undefined && kind !== null && type !== kind) {
      fail(`${entry} is declared a ${String(type)} but is a ${kind}`);
    }
    byId.set(id, body);
    hashes.add(sha256(body));
  }
  return { format: apollo ? 'apollo' : 'codegen', byId, hashes };
}

/** Bounds of the APQ store (document text, by length; least recently used goes first). */
export interface ApqBounds {
  readonly maxBytes: number;
  readonly maxEntries: number;
  /** Seconds a registered document is kept at most. */
  readonly ttlSeconds: number;
}

export const defaultApqBounds: ApqBounds = {
  maxBytes: 8 * 1024 * 1024,
  maxEntries: 10_000,
  ttlSeconds: 24 * 60 * 60,
};

/** Apollo prefixes APQ keys before they reach `persistedQueries.cache`. */
const apqPrefix = 'apq:';

/**
 * The `persistedQueries.cache` Apollo Server reads: trusted documents first (never evicted),
 * then the bounded APQ store. Registering a trusted text again stores nothing. With a shared
 * store (`REDIS_URL`) a registration is also kept there for the same TTL, so a hash registered
 * through one replica runs on the others; the in-memory store still answers what this process
 * registered, so a Redis outage costs re-registrations elsewhere, never an answer here.
 */
export class PersistedDocumentCache implements KeyValueCache<string> {
  private readonly apq: InMemoryLRUCache<string>;

  constructor(
    private readonly trusted: TrustedDocuments | null,
    readonly bounds: ApqBounds = defaultApqBounds,
    private readonly shared: SharedStore | null = null,
  ) {
    this.apq = new InMemoryLRUCache<string>({
      maxSize: bounds.maxBytes,
      max: bounds.maxEntries,
      ttl: bounds.ttlSeconds * 1000,
    });
  }

  async get(key: string): Promise<string | undefined> {
    const id = key.startsWith(apqPrefix) ? key.slice(apqPrefix.length) : key;
    const known = this.trusted?.byId.get(id) ?? (await this.apq.get(key));
    if (known !== undefined || !this.shared) return known;
    // A failing shared store is a miss: the client registers the text again.
    return this.shared.get(key).catch(() => undefined);
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (this.trusted?.hashes.has(sha256(value))) return;
    await this.apq.set(key, value, options);
    // The same cap as one in-memory entry can have; larger texts are kept nowhere.
    if (!this.shared || value.length > this.bounds.maxBytes) return;
    const ttlSeconds = Math.min(options?.ttl ?? this.bounds.ttlSeconds, this.bounds.ttlSeconds);
    if (ttlSeconds <= 0) return;
    await this.shared.set(key, value, ttlSeconds * 1000).catch(() => undefined);
  }

  async delete(key: string): Promise<boolean | void> {
    await this.shared?.delete(key).catch(() => undefined);
    return this.apq.delete(key);
  }
}

export interface PersistedDocumentPolicy {
  readonly documents: TrustedDocuments;
  readonly mode: PersistedDocumentMode;
}

function persistedHash(extensions: unknown): string | null {
  if (!isRecord(extensions) || !isRecord(extensions.persistedQuery)) return null;
  const hash = extensions.persistedQuery.sha256Hash;
  return typeof hash === 'string' ? hash : null;
}

function notFound(): HttpError {
  return new HttpError(
    200,
    'PersistedQueryNotFound: no trusted document has this id.',
    { 'cache-control': 'private, no-cache, must-revalidate' },
    persistedQueryNotFoundCode,
  );
}

/**
 * Rewrites `documentId` into the `persistedQuery` extension Apollo Server understands, and
 * refuses what the caller may not run: an unknown id, or a text not in the manifest. With no
 * manifest (`policy` null) every document runs and APQ works as Apollo implements it.
 */
export function resolveDocument(
  request: DocumentFields,
  policy: PersistedDocumentPolicy | null,
  caller: Caller,
): DocumentFields {
  let resolved = request;
  if (request.documentId !== undefined) {
    const raw = request.documentId;
    if (typeof raw !== 'string' || raw === '') {
      throw new HttpError(400, '`documentId` must be a non-empty string.');
    }
    if (request.query !== undefined) {
      throw new HttpError(400, 'Send either `query` or `documentId`, not both.');
    }
    const { documentId: _id, ...rest } = request;
    resolved = {
      ...rest,
      extensions: {
        ...(isRecord(request.extensions) ? request.extensions : {}),
        persistedQuery: { version: 1, sha256Hash: raw.replace(/^sha256:/, '') },
      },
    };
  }
  if (policy === null) return resolved;
  if (policy.mode === 'trusted-or-admin' && caller.kind === 'admin') return resolved;
  const hash = persistedHash(resolved.extensions);
  if (typeof resolved.query === 'string') {
    if (policy.documents.hashes.has(sha256(resolved.query))) return resolved;
    throw new HttpError(
      400,
      `This document is not a trusted document; send one listed in ${persistedDocumentsVariable}${policy.mode === 'trusted-or-admin' ? ' (only the admin credential may send others)' : ''}.`,
      {},
      persistedQueryNotInListCode,
    );
  }
  if (hash !== null && !policy.documents.byId.has(hash)) throw notFound();
  return resolved;
}

/** Where the manifest is and how strictly it is held (from the environment). */
export interface PersistedDocumentsEnv {
  /** The manifest file's path, read at start. */
  readonly path: string;
  readonly mode: PersistedDocumentMode;
}

export function readPersistedDocumentsEnv(
  variables: Readonly<Record<string, string | undefined>>,
): { readonly setting: PersistedDocumentsEnv | null; readonly problems: readonly string[] } {
  const path = variables[persistedDocumentsVariable]?.trim();
  const rawMode = variables[persistedDocumentsModeVariable]?.trim();
  const mode = (persistedDocumentModes as readonly string[]).includes(rawMode ?? '')
    ? (rawMode as PersistedDocumentMode)
    : null;
  const problems: string[] = [];
  if (rawMode !== undefined && mode === null) {
    problems.push(
      `${persistedDocumentsModeVariable} must be one of ${persistedDocumentModes.join(', ')}`,
    );
  }
  if (rawMode !== undefined && path === undefined) {
    problems.push(
      `${persistedDocumentsModeVariable} needs ${persistedDocumentsVariable} (a manifest file)`,
    );
  }
  if (path === undefined || problems.length > 0) return { setting: null, problems };
  return { setting: { path, mode: mode ?? 'trusted-only' }, problems };
}

/** The same rule for transports that carry document text only (graphql-ws, SSE). */
export function admitDocumentText(
  query: string,
  policy: PersistedDocumentPolicy | null,
  caller: Caller,
): GraphQLError | null {
  try {
    resolveDocument({ query }, policy, caller);
    return null;
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return new GraphQLError(error.message, { extensions: { code: error.code } });
  }
}

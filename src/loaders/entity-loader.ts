/**
 * One per-request cache per kind of Twilio object, keyed by its path of SIDs (or natural keys:
 * a unique name or identity in the last segment) and by the source of the fields asked for
 * (what both APIs have, or what only Chat or only Conversations has). Twilio has no batch
 * fetch, so "batching" is dedupe + cache: each distinct key is fetched once per request, and a
 * loaded or listed record is primed under every key that names it, so a lookup by identity and
 * one by SID share one entry.
 */
import { isTwilioError } from '../twilio/index.js';

export type EntityPath = readonly string[];

/** Where the fields of a cached record come from. */
export type Source = 'shared' | 'conversations' | 'chat' | 'chat-v1';

export function isNotFound(error: unknown): boolean {
  return isTwilioError(error) && (error.status === 404 || error.code === 20404);
}

/** One source's view of an entity cache. */
export interface EntityLoader<R> {
  /** The record at `path`, or null when Twilio says it does not exist. */
  load(path: EntityPath): Promise<R | null>;
  /** Caches `record` under every path that names it (no-op for paths already cached). */
  prime(record: R): void;
  /**
   * After a write: drops everything cached of this kind (a rename leaves the old unique name
   * cached under a key we cannot derive from the new record) and caches the record written.
   */
  replace(record: R): void;
  /** After a delete (or a write whose answer we cannot read): forgets every entry of the kind. */
  clearAll(): void;
  /** Forgets this view's entries only (Chat's counts after a membership change, say). */
  clearView(): void;
}

export interface SourceSpec<R> {
  /** The record at `path`; null (or a 404) when it does not exist. */
  readonly fetch: (path: EntityPath) => Promise<R | null>;
  readonly pathsOf: (record: R) => EntityPath[];
}

export type EntitySpecs<V> = { readonly [S in keyof V]: SourceSpec<V[S]> };

/** A record listed or written but not yet asked for: its promise is made on first load. */
class Primed {
  constructor(readonly record: unknown) {}
}

type Slot = Promise<unknown> | Primed;

/**
 * Cached entries by path, one Map per segment: no key text is built per lookup or prime (a wide
 * read primes hundreds of records, most never loaded).
 */
class PathMap {
  /** Made on first child: most nodes are leaves. */
  #next: Map<string, PathMap> | undefined;
  slot: Slot | undefined;

  /** The node at `path` (from its `from`th segment) below this one, made when missing. */
  at(path: EntityPath, from = 0): PathMap {
    if (from === path.length) return this;
    const segment = path[from] as string;
    this.#next ??= new Map();
    let next = this.#next.get(segment);
    if (next === undefined) this.#next.set(segment, (next = new PathMap()));
    return next.at(path, from + 1);
  }
}

/**
 * The cache of one kind of object, read through one view per source. Each distinct path is
 * its own Twilio call (Twilio has no batch fetch), so this is a cache of promises, not a
 * batching DataLoader: a load starts its fetch at once, a primed record costs no promise until
 * a load asks for it.
 */
export class Entity<V extends Partial<Record<Source, unknown>>> {
  readonly #specs: EntitySpecs<V>;
  /** Per source; made on first use, so an operation pays only for the caches it touches. */
  readonly #caches = new Map<keyof V, PathMap>();

  constructor(specs: EntitySpecs<V>) {
    this.#specs = specs;
  }

  #cache(source: keyof V): PathMap {
    let cache = this.#caches.get(source);
    if (cache === undefined) this.#caches.set(source, (cache = new PathMap()));
    return cache;
  }

  load<S extends keyof V>(source: S, path: EntityPath): Promise<V[S] | null> {
    const node = this.#cache(source).at(path);
    const slot = node.slot;
    if (slot instanceof Promise) return slot as Promise<V[S] | null>;
    const promise: Promise<V[S] | null> =
      slot === undefined ? this.#fetch(source, path) : Promise.resolve(slot.record as V[S]);
    node.slot = promise;
    return promise;
  }

  async #fetch<S extends keyof V>(source: S, path: EntityPath): Promise<V[S] | null> {
    try {
      const record = await this.#specs[source].fetch(path);
      if (record !== null) this.prime(source, record);
      return record;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error instanceof Error ? error : new Error(String(error));
    }
  }

  prime<S extends keyof V>(source: S, record: V[S]): void {
    const cache = this.#cache(source);
    for (const path of this.#specs[source].pathsOf(record)) {
      const node = cache.at(path);
      node.slot ??= new Primed(record);
    }
  }

  clearAll(): void {
    this.#caches.clear();
  }

  clearSource(source: keyof V): void {
    this.#caches.delete(source);
  }

  view<S extends keyof V>(source: S): EntityLoader<V[S]> {
    return {
      load: (path) => this.load(source, path),
      prime: (record) => this.prime(source, record),
      replace: (record) => {
        this.clearAll();
        this.prime(source, record);
      },
      clearAll: () => this.clearAll(),
      clearView: () => this.clearSource(source),
    };
  }
}

/** An entity with one source. */
export function entityLoader<R>(spec: SourceSpec<R>): EntityLoader<R> {
  return new Entity<{ shared: R }>({ shared: spec }).view('shared');
}

/**
 * One per-request cache per kind of Twilio object, keyed by its path of SIDs (or natural keys:
 * a unique name or identity in the last segment) and by the source of the fields asked for
 * (what both APIs have, or what only Chat or only Conversations has). Twilio has no batch
 * fetch, so "batching" is dedupe + cache: each distinct key is fetched once per request, and a
 * loaded or listed record is primed under every key that names it, so a lookup by identity and
 * one by SID share one entry.
 */
import DataLoader from 'dataloader';
import { isTwilioError } from '../twilio/index.js';

export type EntityPath = readonly string[];

/** Where the fields of a cached record come from. */
export type Source = 'shared' | 'conversations' | 'chat' | 'chat-v1';

export function isNotFound(error: unknown): boolean {
  return isTwilioError(error) && (error.status === 404 || error.code === 20404);
}

export function pathKey(path: EntityPath): string {
  return JSON.stringify(path);
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

/** The cache of one kind of object, read through one view per source. */
export class Entity<V extends Partial<Record<Source, unknown>>> {
  // Made on first use: an operation pays only for the caches it touches.
  #cache: DataLoader<readonly [keyof V, EntityPath], unknown, string> | undefined;
  readonly #specs: EntitySpecs<V>;
  /** The keys cached per source, so one view can be forgotten alone. */
  readonly #keys = new Map<keyof V, Map<string, readonly [keyof V, EntityPath]>>();

  constructor(specs: EntitySpecs<V>) {
    this.#specs = specs;
  }

  get #loader(): DataLoader<readonly [keyof V, EntityPath], unknown, string> {
    this.#cache ??= this.#create();
    return this.#cache;
  }

  #create(): DataLoader<readonly [keyof V, EntityPath], unknown, string> {
    const specs = this.#specs;
    return new DataLoader<readonly [keyof V, EntityPath], unknown, string>(
      async (keys) =>
        Promise.all(
          keys.map(async ([source, path]) => {
            try {
              const record = await specs[source].fetch(path);
              if (record !== null) this.prime(source, record);
              return record;
            } catch (error) {
              if (isNotFound(error)) return null;
              return error instanceof Error ? error : new Error(String(error));
            }
          }),
        ),
      // Each key is its own Twilio call; waiting for a batch tick would only add latency.
      {
        batch: false,
        cacheKeyFn: (key) => {
          const text = pathKey([String(key[0]), ...key[1]]);
          this.#remember(key, text);
          return text;
        },
      },
    );
  }

  #remember(key: readonly [keyof V, EntityPath], text: string): void {
    let keys = this.#keys.get(key[0]);
    if (keys === undefined) this.#keys.set(key[0], (keys = new Map()));
    keys.set(text, key);
  }

  prime<S extends keyof V>(source: S, record: V[S]): void {
    for (const path of this.#specs[source].pathsOf(record)) {
      this.#loader.prime([source, path], record);
    }
  }

  clearAll(): void {
    this.#cache?.clearAll();
    this.#keys.clear();
  }

  clearSource(source: keyof V): void {
    for (const key of this.#keys.get(source)?.values() ?? []) this.#cache?.clear(key);
    this.#keys.delete(source);
  }

  view<S extends keyof V>(source: S): EntityLoader<V[S]> {
    return {
      load: (path) => this.#loader.load([source, path]) as Promise<V[S] | null>,
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

/**
 * A per-request cache of one kind of Twilio object, keyed by its path of SIDs (or natural keys:
 * a unique name or identity in the last segment). Twilio has no batch fetch, so "batching" is
 * dedupe + cache: each distinct key is fetched once per request, and a loaded or listed record
 * is primed under every key that names it, so a lookup by identity and one by SID share one entry.
 */
import DataLoader from 'dataloader';
import { isTwilioError } from '../twilio/index.js';

export type EntityPath = readonly string[];

export function isNotFound(error: unknown): boolean {
  return isTwilioError(error) && (error.status === 404 || error.code === 20404);
}

export function pathKey(path: EntityPath): string {
  return JSON.stringify(path);
}

export class EntityLoader<R> {
  readonly #loader: DataLoader<EntityPath, R | null, string>;

  constructor(
    fetchOne: (path: EntityPath) => Promise<R>,
    private readonly pathsOf: (record: R) => EntityPath[],
  ) {
    this.#loader = new DataLoader<EntityPath, R | null, string>(
      async (paths) =>
        Promise.all(
          paths.map(async (path) => {
            try {
              const record = await fetchOne(path);
              this.prime(record);
              return record;
            } catch (error) {
              if (isNotFound(error)) return null;
              return error instanceof Error ? error : new Error(String(error));
            }
          }),
        ),
      // Each key is its own Twilio call; waiting for a batch tick would only add latency.
      { batch: false, cacheKeyFn: pathKey },
    );
  }

  /** The record at `path`, or null when Twilio says it does not exist. */
  load(path: EntityPath): Promise<R | null> {
    return this.#loader.load(path);
  }

  /** Caches `record` under every path that names it (no-op for paths already cached). */
  prime(record: R): void {
    for (const path of this.pathsOf(record)) this.#loader.prime(path, record);
  }

  /**
   * After a write: drops everything cached (a rename leaves the old unique name cached under a
   * key we cannot derive from the new record) and caches the record Twilio returned.
   */
  replace(record: R): void {
    this.#loader.clearAll();
    this.prime(record);
  }

  /** After a delete (or a write whose answer we cannot read into `R`): forgets every entry. */
  clearAll(): void {
    this.#loader.clearAll();
  }
}

/**
 * The store behind caches that several replicas may share: string values under string keys, each
 * with its own expiry. In one process a cache keeps its own memory and needs none; with
 * `REDIS_URL` the Redis implementation (src/shared-state) is passed in. Any cache that should be
 * shared across replicas (the default-service cache, a persisted-query store, an idempotency
 * store) takes a `SharedStore` and a key prefix of its own.
 *
 * Failures are the caller's to absorb: a cache treats a rejected `get` as a miss and a rejected
 * `set` as nothing stored, so a Redis outage costs upstream calls, never answers.
 */
export interface SharedStore {
  /** The value under `key`, or undefined when there is none (or it expired). */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` for `ttlMs` milliseconds. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Removes `key` (no error when absent). */
  delete(key: string): Promise<void>;
  /**
   * Atomically stores `value` under `key` for `ttlMs` only when nothing is there; true when it
   * did. A claim that several replicas race for (an `idempotencyKey`) needs exactly one winner.
   */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * Atomically gives `key` a new expiry of `ttlMs` only while it still holds `value`; true when
   * it did. A claim kept alive while its holder works must never outlive or overwrite what the
   * holder stored next.
   */
  renew(key: string, value: string, ttlMs: number): Promise<boolean>;
}

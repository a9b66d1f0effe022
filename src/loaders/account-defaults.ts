/**
 * The account's default chat service SID, remembered across operations for the gateway's
 * lifetime. Without it every operation that omits `serviceSid` pays one
 * `GET /v1/Configuration` first. Entries are keyed by account SID (one account's answer is never
 * served to another), expire after a TTL (the default can be changed in the Twilio console
 * behind the gateway's back), and are refreshed by every Configuration record the gateway reads
 * or writes. Failures are never cached; concurrent misses of one account share one fetch.
 *
 * With a shared store (several replicas, `REDIS_URL`) a miss here asks the store before Twilio
 * and every answer is written there too, so one replica's lookup serves them all.
 */
import type { SharedStore } from '../cache/index.js';

export interface AccountDefaultsOptions {
  /** How long an answer is reused. Default 60 000 ms; 0 turns the cache off. */
  readonly ttlMs?: number;
  /** Clock in milliseconds (tests pass their own). */
  readonly now?: () => number;
  /** Shared with other replicas; failures count as misses. */
  readonly shared?: SharedStore;
}

export interface AccountDefaults {
  /** The cached default service of `accountSid` (null: the account has none), or undefined. */
  peek(accountSid: string): string | null | undefined;
  /**
   * The default service of `accountSid`: the cached answer, the fetch already running for this
   * account (or, when that one fails, a fetch of the caller's own), or `fetch()` (the caller's own
   * request, so the cost lands in its ledger).
   */
  lookup(accountSid: string, fetch: () => Promise<string | null>): Promise<string | null>;
  /** A Configuration record of `accountSid` was read or written: its default is current. */
  record(accountSid: string, defaultServiceSid: string | null): void;
}

export const DEFAULT_ACCOUNT_DEFAULTS_TTL_MS = 60_000;

/** Shared-store keys, by account SID (the store adds its own deployment prefix). */
export const accountDefaultsKey = (accountSid: string) => `account-default-service:${accountSid}`;

/** `null` (no default service) is stored as the empty string, which no SID can be. */
const encode = (value: string | null) => value ?? '';
const decode = (value: string) => (value === '' ? null : value);

interface Entry {
  readonly value: string | null;
  readonly at: number;
}

export function createAccountDefaults(options: AccountDefaultsOptions = {}): AccountDefaults {
  const ttlMs = options.ttlMs ?? DEFAULT_ACCOUNT_DEFAULTS_TTL_MS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const running = new Map<string, Promise<string | null>>();
  // A record that arrives while a fetch runs is newer than that fetch's answer.
  const generation = new Map<string, number>();

  function peek(accountSid: string): string | null | undefined {
    const entry = entries.get(accountSid);
    if (entry === undefined) return undefined;
    if (now() - entry.at >= ttlMs) {
      entries.delete(accountSid);
      return undefined;
    }
    return entry.value;
  }

  function remember(accountSid: string, value: string | null): void {
    generation.set(accountSid, (generation.get(accountSid) ?? 0) + 1);
    if (ttlMs > 0) entries.set(accountSid, { value, at: now() });
  }

  function record(accountSid: string, value: string | null): void {
    remember(accountSid, value);
    if (ttlMs > 0) {
      options.shared
        ?.set(accountDefaultsKey(accountSid), encode(value), ttlMs)
        .catch(() => undefined);
    }
  }

  /** The shared store's answer, then (on a miss or a store failure) the caller's fetch. */
  async function sharedOrFetch(
    accountSid: string,
    fetch: () => Promise<string | null>,
  ): Promise<{ value: string | null; fromStore: boolean }> {
    const stored =
      options.shared === undefined || ttlMs === 0
        ? undefined
        : await options.shared.get(accountDefaultsKey(accountSid)).catch(() => undefined);
    if (stored !== undefined) return { value: decode(stored), fromStore: true };
    return { value: await fetch(), fromStore: false };
  }

  function lookup(accountSid: string, fetch: () => Promise<string | null>): Promise<string | null> {
    const cached = peek(accountSid);
    if (cached !== undefined) return Promise.resolve(cached);
    const pending = running.get(accountSid);
    // The shared fetch belongs to another request; if it fails (that client went away, say),
    // this request asks again for itself rather than inheriting the other one's failure.
    if (pending !== undefined) return pending.catch(() => lookup(accountSid, fetch));
    const started = generation.get(accountSid) ?? 0;
    const promise = sharedOrFetch(accountSid, fetch).then(
      ({ value, fromStore }) => {
        running.delete(accountSid);
        if ((generation.get(accountSid) ?? 0) === started) {
          if (fromStore) remember(accountSid, value);
          else record(accountSid, value);
        }
        return value;
      },
      (error: unknown) => {
        running.delete(accountSid);
        throw error;
      },
    );
    running.set(accountSid, promise);
    return promise;
  }

  return { peek, record, lookup };
}

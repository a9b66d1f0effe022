/**
 * Where `idempotencyKey`s live (mutation/idempotency.ts has the rules): a small interface, so
 * a store shared by several gateway processes (Redis) can replace the in-memory one.
 */
import { LRUCache } from 'lru-cache';
import type { StoredWriteAnswer } from '../../loaders/index.js';

/** A kept outcome, as plain JSON (a shared store such as Redis can hold it). */
export type StoredOutcome =
  | { readonly ok: true; readonly answer: StoredWriteAnswer }
  | {
      readonly ok: false;
      readonly message: string;
      readonly extensions: Readonly<Record<string, unknown>>;
    };

export type IdempotencyEntry =
  | { readonly state: 'pending'; readonly fingerprint: string; readonly settled: Promise<void> }
  | { readonly state: 'done'; readonly fingerprint: string; readonly outcome: StoredOutcome };

/** Where keys live; the in-memory store below, or a shared one for several gateway processes. */
export interface IdempotencyStore {
  /** How long an outcome is kept after the first write answered, in milliseconds. */
  readonly ttlMs: number;
  /**
   * Atomically: when `key` is unknown, records it as pending for this caller's write and
   * returns null; otherwise returns what is there (a pending write, or a kept outcome).
   */
  claim(key: string, fingerprint: string): Promise<IdempotencyEntry | null>;
  /** Keeps the outcome of the pending write for the window; wakes the repeats waiting. */
  complete(key: string, outcome: StoredOutcome): Promise<void>;
  /** Forgets a pending key whose write certainly did nothing; wakes the repeats waiting. */
  release(key: string): Promise<void>;
}

export interface MemoryIdempotencyOptions {
  readonly ttlMs: number;
  /** Kept outcomes at most; the least recently used goes first. */
  readonly maxKeys: number;
  /** Milliseconds, monotonic (tests move it by hand). */
  readonly now?: () => number;
}

/** GATEWAY_IDEMPOTENCY_TTL_S and GATEWAY_IDEMPOTENCY_MAX_KEYS defaults. */
export const defaultIdempotency = { ttlMs: 24 * 60 * 60 * 1000, maxKeys: 10_000 } as const;

interface Pending {
  readonly fingerprint: string;
  readonly settled: Promise<void>;
  readonly settle: () => void;
}

interface Kept {
  readonly fingerprint: string;
  readonly outcome: StoredOutcome;
}

/** One process's store: writes in flight in a map (as many as run), outcomes in a bounded LRU. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly ttlMs: number;
  private readonly pending = new Map<string, Pending>();
  private readonly kept: LRUCache<string, Kept>;

  constructor(options: MemoryIdempotencyOptions = defaultIdempotency) {
    this.ttlMs = options.ttlMs;
    const now = options.now;
    this.kept = new LRUCache<string, Kept>({
      max: options.maxKeys,
      ttl: options.ttlMs,
      // Read the clock on every check, so an injected one is honoured to the millisecond.
      ttlResolution: 0,
      ...(now ? { perf: { now } } : {}),
    });
  }

  async claim(key: string, fingerprint: string): Promise<IdempotencyEntry | null> {
    const running = this.pending.get(key);
    if (running) return { state: 'pending', ...running };
    const kept = this.kept.get(key);
    if (kept) return { state: 'done', ...kept };
    let settle = () => {};
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.pending.set(key, { fingerprint, settled, settle });
    return null;
  }

  async complete(key: string, outcome: StoredOutcome): Promise<void> {
    const running = this.pending.get(key);
    if (!running) return;
    this.kept.set(key, { fingerprint: running.fingerprint, outcome });
    this.pending.delete(key);
    running.settle();
  }

  async release(key: string): Promise<void> {
    const running = this.pending.get(key);
    this.pending.delete(key);
    running?.settle();
  }
}

/**
 * Where `idempotencyKey`s live (mutation/idempotency.ts has the rules): a small interface, so
 * a store shared by several gateway processes (Redis) can replace the in-memory one.
 */
import { LRUCache } from 'lru-cache';
import type { SharedStore } from '../../cache/index.js';
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

/** What a shared store holds under a key: a claim in flight, or the kept outcome. */
type SharedEntry =
  | { readonly state: 'pending'; readonly fingerprint: string }
  | { readonly state: 'done'; readonly fingerprint: string; readonly outcome: StoredOutcome };

export interface SharedIdempotencyOptions extends MemoryIdempotencyOptions {
  /**
   * How long a claim in flight holds its key once its holder stops renewing it, in
   * milliseconds: a replica that dies mid-write frees the key after this (default 60 000, never
   * more than `ttlMs`). While the write runs the claim is renewed every third of this, however
   * long the write takes.
   */
  readonly pendingTtlMs?: number;
  /** How often a repeat on another replica looks whether the first write answered (default 25 ms). */
  readonly pollMs?: number;
}

/** Its own prefix in the shared store, apart from the other caches there. */
function sharedKey(key: string): string {
  return `idempotency:${key}`;
}

function parseShared(raw: string | undefined): SharedEntry | undefined {
  if (raw === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return undefined;
    const entry = value as Partial<SharedEntry>;
    if (typeof entry.fingerprint !== 'string') return undefined;
    if (entry.state === 'pending') return { state: 'pending', fingerprint: entry.fingerprint };
    if (entry.state === 'done' && typeof entry.outcome === 'object' && entry.outcome !== null) {
      return { state: 'done', fingerprint: entry.fingerprint, outcome: entry.outcome };
    }
  } catch {
    // Not ours (or cut short): treated as absent.
  }
  return undefined;
}

/**
 * Keys shared by every replica through a {@link SharedStore} (`REDIS_URL`): the first claim
 * wins with an atomic set-if-absent, a repeat elsewhere waits until the kept outcome appears.
 * Repeats in this process wait on the in-memory store in front, as with one replica. When the
 * shared store fails, the key is held by this process alone: a repeat here is still answered,
 * and an outage never refuses a write.
 */
export class SharedIdempotencyStore implements IdempotencyStore {
  readonly ttlMs: number;
  private readonly local: MemoryIdempotencyStore;
  private readonly pendingTtlMs: number;
  private readonly pollMs: number;
  /** Keys this process claimed and is writing: their fingerprint and the claim's renewal. */
  private readonly held = new Map<
    string,
    { fingerprint: string; renewal: NodeJS.Timeout | null }
  >();

  constructor(
    private readonly shared: SharedStore,
    options: SharedIdempotencyOptions = defaultIdempotency,
  ) {
    this.ttlMs = options.ttlMs;
    this.local = new MemoryIdempotencyStore(options);
    this.pendingTtlMs = Math.min(options.pendingTtlMs ?? 60_000, options.ttlMs);
    this.pollMs = options.pollMs ?? 25;
  }

  async claim(key: string, fingerprint: string): Promise<IdempotencyEntry | null> {
    const here = await this.local.claim(key, fingerprint);
    if (here !== null) return here;
    // This process now holds the key; the shared store decides whether another replica does.
    let found: SharedEntry | undefined;
    try {
      const pending = JSON.stringify({ state: 'pending', fingerprint });
      if (await this.shared.setIfAbsent(sharedKey(key), pending, this.pendingTtlMs)) {
        this.held.set(key, { fingerprint, renewal: this.renewing(key, pending) });
        return null;
      }
      found = parseShared(await this.shared.get(sharedKey(key)));
    } catch {
      this.held.set(key, { fingerprint, renewal: null });
      return null;
    }
    if (found?.state === 'done') {
      await this.local.release(key);
      return found;
    }
    // Held elsewhere (or freed just now): wait for it, then let the caller claim again.
    const settled = this.settledElsewhere(key).then(() => this.local.release(key));
    return { state: 'pending', fingerprint: found?.fingerprint ?? fingerprint, settled };
  }

  async complete(key: string, outcome: StoredOutcome): Promise<void> {
    const claim = this.unhold(key);
    if (claim !== undefined) {
      const kept = JSON.stringify({ state: 'done', fingerprint: claim.fingerprint, outcome });
      await this.shared.set(sharedKey(key), kept, this.ttlMs).catch(() => undefined);
    }
    await this.local.complete(key, outcome);
  }

  async release(key: string): Promise<void> {
    if (this.unhold(key)) await this.shared.delete(sharedKey(key)).catch(() => undefined);
    await this.local.release(key);
  }

  /**
   * Keeps the claim from expiring while this process writes. The renewal only extends a key that
   * still holds this claim, so it never outlives the outcome stored next; a claim lost (Redis
   * restarted empty) is not renewed again. A failed renewal is retried at the next tick.
   */
  private renewing(key: string, pending: string): NodeJS.Timeout {
    const timer = setInterval(
      () => {
        this.shared.renew(sharedKey(key), pending, this.pendingTtlMs).then(
          (held) => {
            if (!held) clearInterval(timer);
          },
          () => undefined,
        );
      },
      Math.max(1, Math.floor(this.pendingTtlMs / 3)),
    );
    timer.unref();
    return timer;
  }

  private unhold(key: string): { fingerprint: string } | undefined {
    const claim = this.held.get(key);
    if (claim?.renewal) clearInterval(claim.renewal);
    this.held.delete(key);
    return claim;
  }

  /** Resolves once the key holds an outcome or nothing (or the claim's window has passed). */
  private async settledElsewhere(key: string): Promise<void> {
    const attempts = Math.ceil(this.pendingTtlMs / this.pollMs);
    for (let i = 0; i < attempts; i += 1) {
      // A pause first: a key freed between the claim and the read is not retried in a tight loop.
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      const entry = await this.shared.get(sharedKey(key)).then(parseShared, () => undefined);
      if (entry?.state !== 'pending') return;
    }
  }
}

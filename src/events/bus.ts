/**
 * The event bus between the webhook receiver and the subscriptions: publish an event, listen on
 * a topic, and claim a delivery identity once. One small interface so a Redis implementation
 * (`REDIS_URL`: PUBLISH/SUBSCRIBE per topic, `SET key 1 NX PX ttl` for claims) can replace the
 * in-process one without touching the receiver or the transports.
 */
import { topicsOf, type ChatEvent } from './model.js';

export type EventListener = (event: ChatEvent) => void;

export interface EventBus {
  /** Delivers `event` to every listener of each of its topics (`topicsOf`). */
  publish(event: ChatEvent): Promise<void>;
  /** Listens on one topic until the returned function is called. */
  subscribe(topic: string, listener: EventListener): () => void;
  /**
   * True the first time `identity` is claimed within the de-duplication window, false for a
   * repeat (a retried webhook delivery). Memory is bounded; the oldest claims go first.
   */
  claim(identity: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface DedupOptions {
  /** Identities remembered at most. Default 10 000. */
  readonly maxEntries?: number;
  /** How long a claim suppresses repeats. Default 10 minutes (Twilio retries within seconds). */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

/** The most recent claims, oldest evicted first (a Map keeps insertion order). */
export class MemoryDedup {
  readonly #seen = new Map<string, number>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: DedupOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#ttlMs = options.ttlMs ?? 10 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#seen.size;
  }

  claim(identity: string): boolean {
    const now = this.#now();
    const at = this.#seen.get(identity);
    if (at !== undefined && now - at < this.#ttlMs) return false;
    this.#seen.delete(identity);
    this.#seen.set(identity, now);
    while (this.#seen.size > this.#maxEntries) {
      const oldest = this.#seen.keys().next();
      if (oldest.done === true) break;
      this.#seen.delete(oldest.value);
    }
    return true;
  }
}

/** The default bus: everything in this process. */
export class InProcessEventBus implements EventBus {
  readonly #topics = new Map<string, Set<EventListener>>();
  readonly #dedup: MemoryDedup;
  readonly #onListenerError: (error: unknown) => void;

  constructor(options: DedupOptions & { onListenerError?: (error: unknown) => void } = {}) {
    this.#dedup = new MemoryDedup(options);
    this.#onListenerError = options.onListenerError ?? (() => undefined);
  }

  publish(event: ChatEvent): Promise<void> {
    for (const topic of topicsOf(event)) {
      const listeners = this.#topics.get(topic);
      if (!listeners) continue;
      // A copy: a listener may unsubscribe (its subscriber closed) while we iterate.
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          this.#onListenerError(error);
        }
      }
    }
    return Promise.resolve();
  }

  subscribe(topic: string, listener: EventListener): () => void {
    let listeners = this.#topics.get(topic);
    if (!listeners) {
      listeners = new Set();
      this.#topics.set(topic, listeners);
    }
    listeners.add(listener);
    return () => {
      const current = this.#topics.get(topic);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) this.#topics.delete(topic);
    };
  }

  claim(identity: string): Promise<boolean> {
    return Promise.resolve(this.#dedup.claim(identity));
  }

  /** Listeners per topic, for tests and diagnostics. */
  listenerCount(topic: string): number {
    return this.#topics.get(topic)?.size ?? 0;
  }

  close(): Promise<void> {
    this.#topics.clear();
    return Promise.resolve();
  }
}

/**
 * Conversations' documented action rates, enforced before sending so a burst waits its turn
 * instead of collecting 429s: 30 actions per second per conversation for message and
 * participant writes and conversation updates, and 30 per second per service for conversation
 * creates and deletes and for user and role writes.
 *
 * The window is a sliding log, not a fixed bucket: "30 per second" must hold in every second, and
 * a fixed window lets 60 through across its edge. The log lives in a {@link WindowStore}: this
 * process's memory by default, Redis when several replicas share the account.
 */
import type { OperationSpec } from '../registry/types.js';
import type { TwilioParams } from './validate.js';
import { defaultSleep } from './retry.js';

/** Documented limit: actions per window. */
export const ACTIONS_PER_WINDOW = 30;
export const ACTION_WINDOW_MS = 1000;

export interface WindowStore {
  /**
   * Records an action under `key` at `now` if fewer than `limit` were recorded in the last
   * `windowMs`, and answers 0; otherwise records nothing and answers how long to wait (ms).
   * A store in memory answers at once (no promise), so an action within its rate costs no tick.
   */
  take(key: string, now: number, limit: number, windowMs: number): number | Promise<number>;
}

/** The gate the client passes before each attempt of a rate-limited action. */
export interface RateGate {
  /**
   * Undefined when an action on `key` may be sent now; otherwise a promise that resolves when it
   * may, or rejects with the signal's reason.
   */
  pass(key: string, signal: AbortSignal): Promise<void> | undefined;
}

export interface RateClock {
  /** Epoch-like milliseconds shared by every replica using the store (wall clock by default). */
  readonly now: () => number;
  /** Waits `ms`, or rejects with the signal's reason. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The action-rate key of a call, or null when Twilio documents no action rate for it. */
export function actionRateKey(
  op: OperationSpec,
  params: TwilioParams,
  accountSid: string,
): string | null {
  if (op.product !== 'conversations' || op.method === 'GET') return null;
  const name = op.operationName;
  const param = (key: string) => {
    const value = params[key];
    return typeof value === 'string' && value !== '' ? value : null;
  };
  if (/^(Create|Update|Delete)(Service)?Conversation(Message|Participant)$/.test(name)) {
    const sid = param('ConversationSid');
    return sid === null ? null : `${accountSid}:conversation:${sid}`;
  }
  if (/^Update(Service)?Conversation$/.test(name)) {
    const sid = param('Sid');
    return sid === null ? null : `${accountSid}:conversation:${sid}`;
  }
  if (
    /^(Create|Delete)(Service)?Conversation(WithParticipants)?$/.test(name) ||
    /^(Create|Update|Delete)(Service)?(User|Role)$/.test(name)
  ) {
    // The account's default service is one service too, whatever its SID.
    return `${accountSid}:service:${param('ChatServiceSid') ?? 'default'}`;
  }
  return null;
}

/** The last `limit` action times per key, in this process. */
export class MemoryWindowStore implements WindowStore {
  readonly #logs = new Map<string, number[]>();

  take(key: string, now: number, limit: number, windowMs: number): number {
    let log = this.#logs.get(key);
    if (log === undefined) {
      log = [];
      this.#logs.set(key, log);
    }
    while (log.length > 0 && (log[0] as number) <= now - windowMs) log.shift();
    if (log.length < limit) {
      log.push(now);
      return 0;
    }
    return (log[0] as number) + windowMs - now;
  }

  /** Drops keys whose log is all older than the window (called as the map grows). */
  sweep(now: number, windowMs: number): void {
    for (const [key, log] of this.#logs) {
      if (log.length === 0 || (log[log.length - 1] as number) <= now - windowMs) {
        this.#logs.delete(key);
      }
    }
  }

  get size(): number {
    return this.#logs.size;
  }
}

export const wallRateClock: RateClock = {
  now: () => Date.now(),
  sleep: defaultSleep,
};

export interface WindowGateOptions {
  readonly store?: WindowStore;
  readonly clock?: RateClock;
  readonly limit?: number;
  readonly windowMs?: number;
  /** When the store fails (Redis down), the in-process log decides instead. */
  readonly fallback?: WindowStore;
}

/**
 * Callers of one key queue in this process in FIFO order and only the head asks the store, so
 * a burst of N calls asks the store about N times, not N² times.
 */
export class WindowGate implements RateGate {
  readonly #store: WindowStore;
  readonly #fallback: WindowStore;
  readonly #clock: RateClock;
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #tails = new Map<string, Promise<void>>();

  constructor(options: WindowGateOptions = {}) {
    this.#fallback = options.fallback ?? new MemoryWindowStore();
    this.#store = options.store ?? this.#fallback;
    this.#clock = options.clock ?? wallRateClock;
    this.#limit = options.limit ?? ACTIONS_PER_WINDOW;
    this.#windowMs = options.windowMs ?? ACTION_WINDOW_MS;
  }

  /** Keys with callers queued in this process (tests, diagnostics). */
  get queuedKeys(): number {
    return this.#tails.size;
  }

  pass(key: string, signal: AbortSignal): Promise<void> | undefined {
    const queued = this.#tails.get(key);
    if (queued === undefined && this.#store === this.#fallback) {
      // Nobody waits on this key here and the log is in memory: decide now, without a tick.
      if (signal.aborted) return Promise.reject(signal.reason);
      if (this.#takeHere(key) === 0) return undefined;
    }
    const previous = queued ?? Promise.resolve();
    // A caller that gave up must not hold the queue, so the next one waits on "settled".
    const mine = previous.catch(() => undefined).then(() => this.#turn(key, signal));
    const tail = mine.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return mine;
  }

  async #turn(key: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      if (signal.aborted) throw signal.reason;
      const wait = await this.#take(key);
      if (wait <= 0) return;
      await this.#clock.sleep(wait, signal);
    }
  }

  async #take(key: string): Promise<number> {
    if (this.#store !== this.#fallback) {
      try {
        return await this.#store.take(key, this.#clock.now(), this.#limit, this.#windowMs);
      } catch {
        // The shared store is away: this process keeps the documented rate on its own.
      }
    }
    return this.#takeHere(key);
  }

  /** The in-process log's answer. */
  #takeHere(key: string): number | Promise<number> {
    const now = this.#clock.now();
    const fallback = this.#fallback;
    if (fallback instanceof MemoryWindowStore && fallback.size > 10_000) {
      fallback.sweep(now, this.#windowMs);
    }
    return fallback.take(key, now, this.#limit, this.#windowMs);
  }
}

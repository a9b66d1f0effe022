/**
 * How many requests one account may have in flight, found by AIMD (additive increase,
 * multiplicative decrease) instead of fixed in configuration.
 *
 * Twilio throttles by concurrent requests per account (429 with code 20429) and its limit is not
 * published, differs per account and is shared with every other process using the account. So
 * the limit grows by one for each answer that was not throttled while calls were waiting, and
 * halves on a 429. A 429 also teaches the account's capacity: it answered with
 * `Twilio-Concurrent-Requests: C`, so the account takes at most C - 1. Until that lesson is
 * forgotten, the limit stays at or below it, less what the other processes hold (C minus our
 * own requests in flight), so it settles instead of sawing up into the next 429. Without the
 * header our own count stands in for C.
 *
 * Only answers to requests admitted under the current limit move it (an "epoch" per decrease):
 * the requests already in flight when a 429 arrived neither grow the limit back at once nor
 * halve it again, as TCP reacts once per window.
 */

export interface AdaptiveLimitSettings {
  /** The limit never exceeds this (`TWILIO_CLIENT_MAX_IN_FLIGHT`). */
  readonly ceiling: number;
  /** The limit never falls below this (clamped to the ceiling). */
  readonly floor: number;
  /** Where the limit starts (clamped to floor and ceiling). */
  readonly initial: number;
  /** How long a capacity learnt from a 429 is kept before the limit may probe above it again. */
  readonly capacityMemoryMs: number;
  /** Monotonic milliseconds (tests inject their own). */
  readonly now: () => number;
}

/** One answer from Twilio to a request the limiter admitted. */
export interface AnswerSample {
  /** The epoch the request was admitted in ({@link AdaptiveLimit.epoch} at admission). */
  readonly epoch: number;
  /** 429 / 20429: Twilio refused the request because the account had too many in flight. */
  readonly throttled: boolean;
  /** `Twilio-Concurrent-Requests` of the answer, when present. */
  readonly concurrent: number | null;
  /** Our own requests in flight for the account when the answer arrived, this one included. */
  readonly ours: number;
  /** Whether calls were waiting for a slot (growing the limit only helps then). */
  readonly demand: boolean;
}

const DECREASE_FACTOR = 0.5;

export class AdaptiveLimit {
  private value: number;
  private currentEpoch = 0;
  /** The most the account took, learnt from 429s and raised by answers showing more. */
  private capacity: number | null = null;
  private capacityLearntAt = 0;
  private others = 0;
  private readonly floor: number;

  constructor(private readonly settings: AdaptiveLimitSettings) {
    this.floor = Math.min(settings.floor, settings.ceiling);
    this.value = clamp(settings.initial, this.floor, settings.ceiling);
  }

  /** Requests that may be in flight now. */
  get current(): number {
    return Math.floor(this.value);
  }

  get epoch(): number {
    return this.currentEpoch;
  }

  /** The account's capacity as last learnt from a 429, or null when none is remembered. */
  get learntCapacity(): number | null {
    this.forgetStaleCapacity();
    return this.capacity;
  }

  /**
   * Starts again from `value` (clamped), as a new epoch: a replica falling back from a limit
   * shared with others begins at its share of it instead of wherever it last was alone.
   */
  seed(value: number): void {
    this.value = clamp(value, this.floor, this.settings.ceiling);
    this.currentEpoch += 1;
  }

  record(sample: AnswerSample): void {
    this.forgetStaleCapacity();
    const accountInFlight = sample.concurrent ?? sample.ours;
    this.others = Math.max(0, accountInFlight - sample.ours);
    const fresh = sample.epoch === this.currentEpoch;
    if (sample.throttled) {
      const refusedAt = Math.max(1, accountInFlight - 1);
      this.capacity = Math.min(this.capacity ?? Infinity, refusedAt);
      this.capacityLearntAt = this.settings.now();
      if (fresh) {
        this.value *= DECREASE_FACTOR;
        this.currentEpoch += 1;
      }
    } else {
      if (this.capacity !== null && accountInFlight > this.capacity) {
        this.capacity = accountInFlight;
      }
      if (fresh && sample.demand) this.value += 1;
    }
    const room = this.capacity === null ? Infinity : this.capacity - this.others;
    this.value = clamp(Math.min(this.value, room), this.floor, this.settings.ceiling);
  }

  private forgetStaleCapacity(): void {
    if (
      this.capacity !== null &&
      this.settings.now() - this.capacityLearntAt >= this.settings.capacityMemoryMs
    ) {
      this.capacity = null;
    }
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

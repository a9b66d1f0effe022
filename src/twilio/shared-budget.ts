/**
 * The seam through which several gateway replicas share one account's Twilio concurrency: one
 * adaptive limit for the account, kept in a shared store and moved by every replica's answers,
 * and slots of it leased to replicas in blocks with expiry. While a lease is shared, the client's
 * limiter admits up to the slots it holds; while it is not (the store is away), the limiter
 * falls back to its own per-process adaptive limit. Without a leaser (one replica) nothing is
 * shared and nothing changes.
 */

/** One answer from Twilio to a request admitted under a lease. */
export interface LeaseAnswer {
  /** {@link AccountLease.epoch} when the request was admitted. */
  readonly epoch: number;
  /** 429 / 20429: the account had too many requests in flight. */
  readonly throttled: boolean;
  /** `Twilio-Concurrent-Requests` of the answer, when present. */
  readonly concurrent: number | null;
  /** Whether calls were waiting for a slot (growing the limit only helps then). */
  readonly demand: boolean;
}

export interface AccountLease {
  /** True while the shared limit bounds this process; false: use the per-process limit. */
  readonly shared: boolean;
  /** Slots of the shared limit this process holds now (meaningful while `shared`). */
  readonly held: number;
  /** The account's global limit as last read from the store (while `shared`). */
  readonly limit: number;
  /** A fair per-process limit to start from when falling back (the global limit / replicas). */
  readonly share: number;
  /** Bumped by every decrease of the global limit; answers to older requests do not move it. */
  readonly epoch: number;
  /**
   * How many slots the process could use now (its requests in flight plus those waiting) and
   * how many are in flight. Cheap: a lease talks to its store only when the answer changes what
   * it should hold.
   */
  want(slots: number, inUse: number): void;
  /** `listener` runs whenever `held` or `shared` changes (the limiter then admits waiting calls). */
  onChange(listener: () => void): void;
  /** Twilio answered: counted locally, reported with the next lease round trip (a 429 at once). */
  observe(answer: LeaseAnswer): void;
}

export interface SlotLeaser {
  /** The lease of `accountSid`, whose limit never exceeds `ceiling` requests in flight. */
  lease(accountSid: string, ceiling: number): AccountLease;
}

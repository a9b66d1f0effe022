/**
 * The seam through which several gateway replicas share one account's Twilio concurrency. The
 * client stays the only judge of how many requests it may send (its adaptive, fair limiter);
 * a leaser only bounds that by the slots this process holds of the account's shared budget.
 * Slots are leased in blocks and kept while in use, so a call normally pays no round trip to
 * the shared store. Without a leaser (one replica) nothing is shared and nothing changes.
 */

export interface AccountLease {
  /** Slots of the shared budget this process holds now (Infinity: not bounded). */
  readonly held: number;
  /**
   * How many slots the process could use now (its requests in flight plus those waiting,
   * bounded by its own limit) and how many are in flight. Cheap: a lease talks to its store only
   * when the answer changes what it should hold.
   */
  want(slots: number, inUse: number): void;
  /** `listener` runs whenever `held` changes (the limiter then admits waiting calls). */
  onChange(listener: () => void): void;
  /**
   * Twilio refused a request with 429 while it counted `concurrent` requests of the account in
   * flight: the whole budget is below that, for every replica.
   */
  throttled(concurrent: number): void;
}

export interface SlotLeaser {
  /** The lease of `accountSid`, whose budget is at most `ceiling` requests in flight. */
  lease(accountSid: string, ceiling: number): AccountLease;
}

/**
 * The slots of one account's Twilio concurrency, shared fairly between operations.
 *
 * The client holds one slot per HTTP attempt, not per call: a call sleeping before a retry does
 * not block others. How many slots there are is the account's {@link AdaptiveLimit}, or, while
 * a lease of a limit shared by several replicas is up, the slots that lease holds. Calls come
 * from operations (an owner: one GraphQL request's ledger); no owner may hold more than
 * `maxShare` of the slots, so a budget-sized operation always leaves room for a small one.
 * Waiting calls are served round-robin across owners and FIFO within an owner, and leave the
 * queue when their signal aborts.
 */
import { AdaptiveLimit, type AdaptiveLimitSettings } from './adaptive-limit.js';
import type { AccountLease } from './shared-budget.js';

export interface LimiterSettings extends AdaptiveLimitSettings {
  /** Fraction (0, 1] of the limit one owner may hold at once; at least one slot. */
  readonly maxShare: number;
}

/** How Twilio answered an attempt, for the limit to learn from. */
export interface AttemptAnswer {
  readonly throttled: boolean;
  /** `Twilio-Concurrent-Requests`, when the answer had it. */
  readonly concurrent: number | null;
}

export interface Permit {
  /** Frees the slot; `answer` when Twilio answered (none after a transport failure or abort). */
  release(answer?: AttemptAnswer): void;
}

export interface LimiterState {
  readonly limit: number;
  readonly inFlight: number;
  readonly queued: number;
}

interface Waiter {
  readonly grant: () => void;
}

interface Owner {
  active: number;
  readonly waiting: Waiter[];
}

export class AccountLimiter {
  private readonly limit: AdaptiveLimit;
  private active = 0;
  private readonly owners = new Map<object, Owner>();
  /** Owners with waiting calls, in the order they are served next. */
  private ring: Owner[] = [];

  constructor(
    private readonly settings: LimiterSettings,
    /** The slots this process holds of a budget shared with other replicas, when shared. */
    private readonly lease: AccountLease | null = null,
  ) {
    this.limit = new AdaptiveLimit(settings);
    if (lease !== null) this.follow(lease);
  }

  private follow(lease: AccountLease): void {
    let wasShared = lease.shared;
    lease.onChange(() => {
      // Falling back: start from this replica's share of the global limit, then adapt alone.
      if (wasShared && !lease.shared) this.limit.seed(lease.share);
      wasShared = lease.shared;
      this.dispatch();
      this.tellLease();
    });
  }

  /** The slots of the shared limit this process holds, or its own adaptive limit. */
  private usable(): number {
    return this.lease?.shared ? this.lease.held : this.limit.current;
  }

  private tellLease(): void {
    if (this.lease === null) return;
    let queued = 0;
    for (const owner of this.ring) queued += owner.waiting.length;
    this.lease.want(this.active + queued, this.active);
  }

  state(): LimiterState {
    let queued = 0;
    for (const owner of this.ring) queued += owner.waiting.length;
    const limit = this.lease?.shared ? this.lease.limit : this.limit.current;
    return { limit, inFlight: this.active, queued };
  }

  /**
   * A permit at once when a slot is free to `key` and none of its calls waits, else null (then
   * `acquire` queues the call): most calls need no promise of their own.
   */
  tryAcquire(key: object): Permit | null {
    const owner = this.ownerOf(key);
    if (owner.waiting.length > 0 || !this.admits(owner)) return null;
    const permit = this.admit(key, owner);
    this.tellLease();
    return permit;
  }

  /** Resolves with a permit; rejects with the signal's reason if it aborts first. */
  acquire(key: object, signal: AbortSignal): Promise<Permit> {
    if (signal.aborted) return Promise.reject(signal.reason);
    const now = this.tryAcquire(key);
    if (now !== null) return Promise.resolve(now);
    const owner = this.ownerOf(key);
    const waiting = new Promise<Permit>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(this.admit(key, owner));
        },
      };
      const onAbort = () => {
        const index = owner.waiting.indexOf(waiter);
        if (index >= 0) owner.waiting.splice(index, 1);
        if (owner.waiting.length === 0) this.ring = this.ring.filter((o) => o !== owner);
        this.forgetIfIdle(key, owner);
        this.tellLease();
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      if (owner.waiting.push(waiter) === 1) this.ring.push(owner);
    });
    this.tellLease();
    return waiting;
  }

  private ownerOf(key: object): Owner {
    let owner = this.owners.get(key);
    if (owner === undefined) {
      owner = { active: 0, waiting: [] };
      this.owners.set(key, owner);
    }
    return owner;
  }

  private shareSlots(): number {
    return Math.max(1, Math.floor(this.usable() * this.settings.maxShare));
  }

  private admits(owner: Owner): boolean {
    return this.active < this.usable() && owner.active < this.shareSlots();
  }

  private admit(key: object, owner: Owner): Permit {
    this.active += 1;
    owner.active += 1;
    const epoch = this.limit.epoch;
    const leaseEpoch = this.lease?.epoch ?? 0;
    let released = false;
    return {
      release: (answer) => {
        if (released) return;
        released = true;
        if (answer) {
          const demand = this.ring.length > 0;
          this.limit.record({
            epoch,
            throttled: answer.throttled,
            concurrent: answer.concurrent,
            ours: this.active,
            demand,
          });
          this.lease?.observe({
            epoch: leaseEpoch,
            throttled: answer.throttled,
            concurrent: answer.concurrent,
            demand,
          });
        }
        this.active -= 1;
        owner.active -= 1;
        this.forgetIfIdle(key, owner);
        this.dispatch();
        this.tellLease();
      },
    };
  }

  /** Grants free slots round-robin: the first owner in the ring that may take one goes last. */
  private dispatch(): void {
    while (this.active < this.usable()) {
      const index = this.ring.findIndex((owner) => owner.active < this.shareSlots());
      if (index === -1) return;
      const owner = this.ring[index] as Owner;
      this.ring.splice(index, 1);
      const waiter = owner.waiting.shift() as Waiter;
      if (owner.waiting.length > 0) this.ring.push(owner);
      waiter.grant();
    }
  }

  private forgetIfIdle(key: object, owner: Owner): void {
    if (owner.active === 0 && owner.waiting.length === 0) this.owners.delete(key);
  }
}

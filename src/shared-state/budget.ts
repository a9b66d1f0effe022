/**
 * The account's Twilio concurrency shared by every replica: one adaptive limit per account kept
 * in Redis, moved by every replica's answers, and slots of it leased to replicas in blocks. A
 * replica grows its lease at once when its calls would wait, shrinks it at its next heartbeat,
 * and gives back what exceeds its fair share while another replica waits. Leases expire: a
 * replica that dies frees its slots after `ttlMs`.
 *
 * The limit (see `leaseScript`): one more slot per window of unthrottled answers while calls
 * wait (additive, up to the ceiling `TWILIO_CLIENT_MAX_IN_FLIGHT`); half on a 429, once per epoch
 * and at most once per `decreaseWindowMs`, so a burst of 429s seen by many replicas halves it
 * once; never above the capacity `Twilio-Concurrent-Requests` showed on a 429 (remembered for
 * `capacityMemoryMs`). Answers are counted in the process and reported with the lease's next
 * round trip; only a 429 is reported at once. So a Twilio request costs no Redis round trip of
 * its own: a replica has at most one lease round trip running, started when its need outgrows
 * its grant, by a 429, by a short retry while it is short, or by its heartbeat.
 *
 * Overshoot: the grants of all replicas sum to at most the limit at every round trip (the script
 * is atomic), so requests in flight exceed the limit only by slots in use when it fell (they are
 * not recalled, and are not reused until the grant is back under the limit). The limit exceeds
 * the account's capacity C only by its additive growth between Twilio's first refusal and the
 * report of that 429 reaching Redis: at most 1 + one step per replica whose report was already
 * under way, so in flight at Twilio stays within C + 1 + replicas while it searches, and within C
 * once a 429 with `Twilio-Concurrent-Requests` taught the capacity. A replica stalled longer than
 * `ttlMs` with calls in flight adds at most its own lease until its calls finish. A replica's own
 * view lags its grant by one reply: while a reply that shrinks its grant is on its way, it may
 * still start calls up to its previous grant (for well under a millisecond on one network).
 *
 * While Redis is away each lease is not `shared`: the limiter falls back to its own per-process
 * adaptive limit, starting from the global limit / replicas last seen; once Redis answers again
 * the next round trip shares again.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AccountLease, LeaseAnswer, SlotLeaser } from '../twilio/index.js';
import type { Connections } from './connection.js';
import { leaseScript, releaseScript } from './scripts.js';

export interface BudgetSettings {
  /** Slots asked for beyond the current need, so a growing burst asks rarely. Default 4. */
  readonly blockSize?: number;
  /** A lease not renewed within this is given to others. Default 3 000 ms. */
  readonly ttlMs?: number;
  /** Renewal (and shrinking) interval. Default ttlMs / 3. */
  readonly heartbeatMs?: number;
  /** How soon a replica short of slots asks again. Default 20 ms. */
  readonly retryMs?: number;
  /** How long a capacity learnt from a 429 bounds the limit. Default 10 minutes. */
  readonly capacityMemoryMs?: number;
  /** The global limit halves at most once per this. Default 500 ms. */
  readonly decreaseWindowMs?: number;
  /** The global limit never falls below this. Default 2 (as the client's own limit). */
  readonly floor?: number;
  /** Where a new account's global limit starts. Default 20 (as the client's own limit). */
  readonly initial?: number;
}

type Reply = [number, number, number, number, number, number];

interface LeaseCommands {
  tcgLease(...args: (string | number)[]): Promise<Reply>;
  tcgRelease(...args: string[]): Promise<unknown>;
}

class RedisAccountLease implements AccountLease {
  shared = false;
  /** Slots the limiter may use: the grant, or the fair share while another replica waits. */
  held = 0;
  limit: number;
  epoch = 0;
  /** Slots Redis counts as ours (at least those in use). */
  #granted = 0;
  #wanted = 0;
  #peak = 0;
  #inUse = 0;
  #syncing = false;
  /** The target of the sync running now. */
  #requested = 0;
  #again = false;
  #othersWaiting = false;
  #replicas = 1;
  // Answers seen since the last report.
  #successes = 0;
  #throttled = false;
  #refusedAt = 0;
  #acceptedAt = 0;
  #retry: NodeJS.Timeout | null = null;
  readonly #beat: NodeJS.Timeout;
  readonly #listeners: (() => void)[] = [];
  readonly #keys: [string, string, string, string, string];

  constructor(
    private readonly leaser: RedisSlotLeaser,
    accountKey: string,
    private readonly ceiling: number,
  ) {
    this.limit = Math.max(Math.min(leaser.floor, ceiling), Math.min(leaser.initial, ceiling));
    this.#keys = [
      `${accountKey}:held`,
      `${accountKey}:want`,
      `${accountKey}:alive`,
      `${accountKey}:cap`,
      `${accountKey}:limit`,
    ];
    this.#beat = setInterval(() => this.#heartbeat(), leaser.heartbeatMs);
    this.#beat.unref();
    // Up: calls wait for a first grant rather than run on a limit of their own meanwhile.
    this.shared = leaser.connections.state() === 'up';
  }

  get share(): number {
    return Math.max(1, Math.floor(this.limit / Math.max(1, this.#replicas)));
  }

  want(slots: number, inUse: number): void {
    this.#wanted = slots;
    this.#inUse = inUse;
    this.#peak = Math.max(this.#peak, slots);
    // Short of slots with a retry scheduled: only a need beyond what was asked for is worth a
    // round trip now, so a replica waiting for the limit asks once per retry, not per answer.
    const asked = this.#retry !== null && slots <= this.#requested;
    if (slots > this.held && !asked && this.leaser.connections.state() === 'up') void this.#sync();
  }

  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  observe(answer: LeaseAnswer): void {
    const fresh = answer.epoch === this.epoch;
    if (answer.throttled) {
      if (answer.concurrent !== null) {
        this.#refusedAt =
          this.#refusedAt === 0 ? answer.concurrent : Math.min(this.#refusedAt, answer.concurrent);
      }
      if (fresh) this.#throttled = true;
      // Every replica should slow down now, not at the next heartbeat.
      if ((fresh || answer.concurrent !== null) && this.leaser.connections.state() === 'up') {
        if (this.#syncing) this.#again = true;
        else void this.#sync();
      }
      return;
    }
    if (answer.concurrent !== null && answer.concurrent > this.#acceptedAt) {
      this.#acceptedAt = answer.concurrent;
    }
    // Growth helps only when the limit is what holds calls back: this replica used every slot it
    // holds (not when its calls wait for an operation's fair share inside the replica).
    if (fresh && answer.demand && this.#inUse >= this.held) this.#successes += 1;
  }

  /** Redis went away or came back. */
  stateChanged(): void {
    if (this.leaser.connections.state() === 'up') void this.#sync();
    else this.#fallBack();
  }

  #heartbeat(): void {
    if (this.leaser.connections.state() !== 'up') return;
    // Shrinking waits for a heartbeat, so a replica between two calls keeps its slots.
    this.#peak = this.#wanted;
    void this.#sync();
  }

  #fallBack(): void {
    this.#granted = 0;
    if (!this.shared) return;
    this.shared = false;
    this.#notify();
  }

  #set(held: number): void {
    if (held === this.held && this.shared) return;
    this.held = held;
    this.shared = true;
    this.#notify();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }

  async #sync(): Promise<void> {
    if (this.#syncing) {
      // Only a need beyond what is being asked for already is worth another round trip.
      if (Math.max(this.#wanted, this.#peak) > this.#requested) this.#again = true;
      return;
    }
    this.#syncing = true;
    try {
      const need = Math.max(this.#wanted, this.#peak);
      const target =
        need === 0
          ? 0
          : Math.min(this.ceiling, need + (need > this.held ? this.leaser.blockSize : 0));
      this.#requested = target;
      const report = [
        this.epoch,
        this.#successes,
        this.#throttled ? 1 : 0,
        this.#refusedAt,
        this.#acceptedAt,
      ];
      this.#successes = 0;
      this.#throttled = false;
      this.#refusedAt = 0;
      this.#acceptedAt = 0;
      const [granted, othersWaiting, replicas, limit, fair, epoch] =
        await this.leaser.commands.tcgLease(
          ...this.#keys,
          this.leaser.replicaId,
          target,
          this.#inUse,
          this.ceiling,
          this.leaser.ttlMs,
          this.leaser.floor,
          this.leaser.initial,
          ...report,
          this.leaser.decreaseWindowMs,
          this.leaser.capacityMemoryMs,
        );
      this.#othersWaiting = othersWaiting === 1;
      this.#replicas = replicas;
      this.limit = limit;
      // Answers counted under an older epoch belong to requests admitted before the decrease.
      if (epoch !== this.epoch) {
        this.epoch = epoch;
        this.#successes = 0;
        this.#throttled = false;
      }
      this.#granted = granted;
      // Slots above the fair share are not reused; they go back as their calls finish.
      this.#set(this.#othersWaiting ? Math.min(granted, fair) : granted);
    } catch {
      this.#fallBack();
    } finally {
      this.#syncing = false;
    }
    const short = this.#wanted > this.held;
    const hogging = this.#othersWaiting && this.#granted > this.held;
    if (this.#again) {
      this.#again = false;
      void this.#sync();
    } else if (
      (short || hogging) &&
      this.#retry === null &&
      this.leaser.connections.state() === 'up'
    ) {
      this.#retry = setTimeout(() => {
        this.#retry = null;
        if (hogging) this.#peak = this.#wanted;
        void this.#sync();
      }, this.leaser.retryMs);
      this.#retry.unref();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#beat);
    if (this.#retry) clearTimeout(this.#retry);
    if (this.leaser.connections.state() !== 'up') return;
    await this.leaser.commands
      .tcgRelease(this.#keys[0], this.#keys[1], this.#keys[2], this.leaser.replicaId)
      .catch(() => undefined);
  }
}

export class RedisSlotLeaser implements SlotLeaser {
  readonly replicaId = randomUUID();
  readonly commands: LeaseCommands;
  readonly blockSize: number;
  readonly ttlMs: number;
  readonly heartbeatMs: number;
  readonly retryMs: number;
  readonly capacityMemoryMs: number;
  readonly decreaseWindowMs: number;
  readonly floor: number;
  readonly initial: number;
  readonly #leases: RedisAccountLease[] = [];

  constructor(
    readonly connections: Connections,
    private readonly keyPrefix: string,
    settings: BudgetSettings = {},
  ) {
    const redis: Redis = connections.commands;
    // EVALSHA with the script loaded once (ioredis reloads it after a Redis restart).
    redis.defineCommand('tcgLease', { numberOfKeys: 5, lua: leaseScript });
    redis.defineCommand('tcgRelease', { numberOfKeys: 3, lua: releaseScript });
    this.commands = redis as unknown as LeaseCommands;
    this.blockSize = settings.blockSize ?? 4;
    this.ttlMs = settings.ttlMs ?? 3_000;
    this.heartbeatMs = settings.heartbeatMs ?? Math.max(10, Math.floor(this.ttlMs / 3));
    this.retryMs = settings.retryMs ?? 20;
    this.capacityMemoryMs = settings.capacityMemoryMs ?? 10 * 60_000;
    this.decreaseWindowMs = settings.decreaseWindowMs ?? 500;
    this.floor = settings.floor ?? 2;
    this.initial = settings.initial ?? 20;
    connections.onState(() => {
      for (const lease of this.#leases) lease.stateChanged();
    });
  }

  lease(accountSid: string, ceiling: number): AccountLease {
    const lease = new RedisAccountLease(this, `${this.keyPrefix}budget:${accountSid}`, ceiling);
    this.#leases.push(lease);
    return lease;
  }

  async close(): Promise<void> {
    await Promise.all(this.#leases.map((lease) => lease.close()));
  }
}

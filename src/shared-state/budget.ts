/**
 * The account's Twilio budget shared by every replica: a pool of slots (the ceiling
 * `TWILIO_CLIENT_MAX_IN_FLIGHT`, lowered for everyone when any replica is refused with a 429)
 * leased to replicas in blocks. A replica grows its lease at once when its calls would wait,
 * shrinks it at its next heartbeat, and gives back what exceeds its fair share while another
 * replica waits. Leases expire: a replica that dies frees its slots after `ttlMs`.
 *
 * Overshoot: none while leases are renewed (a slot is used only by its holder; the scripts are
 * atomic). A replica stalled longer than `ttlMs` with calls in flight, or a replica added while
 * Redis is away, can add at most its own lease to the account's load until its calls finish.
 * While Redis is away each replica uses pool / (replicas last seen), so the sum stays the pool.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AccountLease, SlotLeaser } from '../twilio/index.js';
import type { Connections } from './connection.js';
import { capacityScript, leaseScript, releaseScript } from './scripts.js';

export interface BudgetSettings {
  /** Slots asked for beyond the current need, so a growing burst asks rarely. Default 4. */
  readonly blockSize?: number;
  /** A lease not renewed within this is given to others. Default 3 000 ms. */
  readonly ttlMs?: number;
  /** Renewal (and shrinking) interval. Default ttlMs / 3. */
  readonly heartbeatMs?: number;
  /** How soon a replica short of slots asks again. Default 20 ms. */
  readonly retryMs?: number;
  /** How long a capacity learnt from a 429 lowers the pool. Default 10 minutes. */
  readonly capacityMemoryMs?: number;
}

type Reply = [number, number, number, number, number];

class RedisAccountLease implements AccountLease {
  /** Slots the limiter may use: the grant, or the fair share while another replica waits. */
  held = 0;
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
  #pool: number;
  #retry: NodeJS.Timeout | null = null;
  readonly #beat: NodeJS.Timeout;
  readonly #listeners: (() => void)[] = [];
  readonly #keys: [string, string, string, string];

  constructor(
    private readonly leaser: RedisSlotLeaser,
    accountKey: string,
    private readonly ceiling: number,
  ) {
    this.#pool = ceiling;
    this.#keys = [
      `${accountKey}:held`,
      `${accountKey}:want`,
      `${accountKey}:alive`,
      `${accountKey}:cap`,
    ];
    if (leaser.connections.state() !== 'up') this.#fallBack();
    this.#beat = setInterval(() => this.#heartbeat(), leaser.heartbeatMs);
    this.#beat.unref();
  }

  want(slots: number, inUse: number): void {
    this.#wanted = slots;
    this.#inUse = inUse;
    this.#peak = Math.max(this.#peak, slots);
    if (slots > this.held && this.leaser.connections.state() === 'up') void this.#sync();
  }

  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  throttled(concurrent: number): void {
    const capacity = Math.max(1, concurrent - 1);
    if (this.leaser.connections.state() !== 'up') return;
    this.leaser.redis
      .eval(capacityScript, 1, this.#keys[3], capacity, this.leaser.capacityMemoryMs)
      .catch(() => undefined);
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
    this.#set(Math.max(1, Math.floor(this.#pool / Math.max(1, this.#replicas))));
  }

  #set(held: number): void {
    if (held === this.held) return;
    this.held = held;
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
      const [granted, othersWaiting, replicas, pool, fair] = (await this.leaser.redis.eval(
        leaseScript,
        4,
        ...this.#keys,
        this.leaser.replicaId,
        target,
        this.#inUse,
        this.ceiling,
        this.leaser.ttlMs,
      )) as Reply;
      this.#othersWaiting = othersWaiting === 1;
      this.#replicas = replicas;
      this.#pool = pool;
      this.#granted = granted;
      // Slots above the fair share are not reused; they go back as their calls finish.
      this.#set(this.#othersWaiting ? Math.min(granted, fair) : granted);
    } catch {
      this.#granted = 0;
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
    await this.leaser.redis
      .eval(releaseScript, 3, this.#keys[0], this.#keys[1], this.#keys[2], this.leaser.replicaId)
      .catch(() => undefined);
  }
}

export class RedisSlotLeaser implements SlotLeaser {
  readonly replicaId = randomUUID();
  readonly redis: Redis;
  readonly blockSize: number;
  readonly ttlMs: number;
  readonly heartbeatMs: number;
  readonly retryMs: number;
  readonly capacityMemoryMs: number;
  readonly #leases: RedisAccountLease[] = [];

  constructor(
    readonly connections: Connections,
    private readonly keyPrefix: string,
    settings: BudgetSettings = {},
  ) {
    this.redis = connections.commands;
    this.blockSize = settings.blockSize ?? 4;
    this.ttlMs = settings.ttlMs ?? 3_000;
    this.heartbeatMs = settings.heartbeatMs ?? Math.max(10, Math.floor(this.ttlMs / 3));
    this.retryMs = settings.retryMs ?? 20;
    this.capacityMemoryMs = settings.capacityMemoryMs ?? 10 * 60_000;
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

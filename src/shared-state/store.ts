/**
 * {@link SharedStore} on Redis: GET, SET PX (NX) and DEL under the deployment's key prefix.
 *
 * Keys under a bounded namespace (the APQ store's `apq:`) are also counted in an index, so the
 * values there total at most `maxBytes` across every replica: a store that would pass it first
 * evicts the entries closest to expiry (with one TTL for all, the oldest). The index costs a few
 * dozen bytes per entry on top and forgets entries as they expire.
 */
import type { Redis } from 'ioredis';
import type { SharedStore } from '../cache/index.js';
import { boundedDeleteScript, boundedSetScript, renewScript } from './scripts.js';

export interface StoreBound {
  /** Keys starting with this (after the store's prefix) are bounded together. */
  readonly namespace: string;
  /** The values under the namespace total at most this many bytes. */
  readonly maxBytes: number;
}

interface StoreCommands {
  tcgRenew(key: string, value: string, ttlMs: number): Promise<number>;
  tcgBoundedSet(...args: (string | number)[]): Promise<number>;
  tcgBoundedDelete(...args: string[]): Promise<number>;
}

export class RedisStore implements SharedStore {
  readonly #commands: StoreCommands;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly bound: StoreBound | null = null,
  ) {
    redis.defineCommand('tcgRenew', { numberOfKeys: 1, lua: renewScript });
    redis.defineCommand('tcgBoundedSet', { numberOfKeys: 3, lua: boundedSetScript });
    redis.defineCommand('tcgBoundedDelete', { numberOfKeys: 3, lua: boundedDeleteScript });
    this.#commands = redis as unknown as StoreCommands;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(`${this.prefix}${key}`)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    const px = Math.max(1, Math.round(ttlMs));
    if (this.#bounded(key)) {
      await this.#commands.tcgBoundedSet(...this.#boundKeys(key), value, px, this.#maxBytes());
      return;
    }
    await this.redis.set(`${this.prefix}${key}`, value, 'PX', px);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const px = Math.max(1, Math.round(ttlMs));
    return (await this.redis.set(`${this.prefix}${key}`, value, 'PX', px, 'NX')) === 'OK';
  }

  async renew(key: string, value: string, ttlMs: number): Promise<boolean> {
    const px = Math.max(1, Math.round(ttlMs));
    return (await this.#commands.tcgRenew(`${this.prefix}${key}`, value, px)) === 1;
  }

  async delete(key: string): Promise<void> {
    if (this.#bounded(key)) {
      await this.#commands.tcgBoundedDelete(...this.#boundKeys(key));
      return;
    }
    await this.redis.del(`${this.prefix}${key}`);
  }

  #bounded(key: string): boolean {
    return this.bound !== null && key.startsWith(this.bound.namespace);
  }

  #maxBytes(): number {
    return this.bound?.maxBytes ?? 0;
  }

  /** The entry, the namespace's index (zset key → expiry) and its sizes (hash key → bytes). */
  #boundKeys(key: string): [string, string, string] {
    const index = `${this.prefix}${this.bound?.namespace ?? ''}#index`;
    return [`${this.prefix}${key}`, index, `${index}:sizes`];
  }
}

/** The action-rate sliding log ({@link WindowStore}) in Redis, shared by every replica. */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { WindowStore } from '../twilio/index.js';
import type { Connections } from './connection.js';
import { windowScript } from './scripts.js';

export class RedisWindowStore implements WindowStore {
  readonly #redis: Redis;
  readonly #replica = randomUUID();
  #sequence = 0;

  constructor(
    private readonly connections: Connections,
    private readonly keyPrefix: string,
  ) {
    this.#redis = connections.commands;
  }

  async take(key: string, now: number, limit: number, windowMs: number): Promise<number> {
    // Fails fast while Redis is away, so the gate's in-process log decides at once.
    if (this.connections.state() !== 'up') throw new Error('Redis is unavailable');
    this.#sequence += 1;
    const answer = await this.#redis.eval(
      windowScript,
      1,
      `${this.keyPrefix}rate:${key}`,
      now,
      limit,
      windowMs,
      `${now}:${this.#replica}:${this.#sequence}`,
    );
    return Number(answer);
  }
}

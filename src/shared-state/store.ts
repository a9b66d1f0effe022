/** {@link SharedStore} on Redis: GET, SET PX (NX) and DEL under the deployment's key prefix. */
import type { Redis } from 'ioredis';
import type { SharedStore } from '../cache/index.js';

export class RedisStore implements SharedStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(`${this.prefix}${key}`)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(`${this.prefix}${key}`, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const px = Math.max(1, Math.round(ttlMs));
    return (await this.redis.set(`${this.prefix}${key}`, value, 'PX', px, 'NX')) === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}${key}`);
  }
}

/**
 * The event bus across replicas: every event goes out on one Redis channel and each replica,
 * the publishing one included, delivers what arrives on that channel to its own subscribers,
 * so a subscriber sees each event once whichever replica received the webhook. Delivery claims
 * are `SET NX PX` keys, so a retry Twilio sends to another replica is published once.
 *
 * While Redis is away events stay on the replica that received them (in-process delivery) and
 * claims are this replica's own; both go back to Redis by themselves when it answers again.
 */
import type { Redis } from 'ioredis';
import {
  InProcessEventBus,
  MemoryDedup,
  type ChatEvent,
  type EventBus,
  type EventListener,
} from '../events/index.js';
import type { Connections } from './connection.js';

export interface RedisBusOptions {
  readonly connections: Connections;
  readonly keyPrefix: string;
  /** How long a claim suppresses repeats. Default 10 minutes. */
  readonly claimTtlMs?: number;
  readonly onListenerError?: (error: unknown) => void;
  readonly onBadMessage?: (error: unknown) => void;
}

export class RedisEventBus implements EventBus {
  readonly #local: InProcessEventBus;
  readonly #localClaims: MemoryDedup;
  /** Events this replica delivered, so one that arrives twice (see `publish`) is dropped. */
  readonly #delivered = new MemoryDedup({ maxEntries: 10_000, ttlMs: 60_000 });
  readonly #commands: Redis;
  readonly #connections: Connections;
  readonly #channel: string;
  readonly #claimPrefix: string;
  readonly #claimTtlMs: number;
  readonly #ready: Promise<void>;

  constructor(options: RedisBusOptions) {
    this.#connections = options.connections;
    this.#commands = options.connections.commands;
    this.#channel = `${options.keyPrefix}events`;
    this.#claimPrefix = `${options.keyPrefix}claim:`;
    this.#claimTtlMs = options.claimTtlMs ?? 10 * 60_000;
    this.#local = new InProcessEventBus({
      ...(options.onListenerError ? { onListenerError: options.onListenerError } : {}),
    });
    this.#localClaims = new MemoryDedup({ ttlMs: this.#claimTtlMs });
    const subscriber = options.connections.subscriber;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.#channel) return;
      try {
        this.#deliver(JSON.parse(message) as ChatEvent);
      } catch (error) {
        options.onBadMessage?.(error);
      }
    });
    // ioredis subscribes again after each reconnect (autoResubscribe).
    this.#ready = subscriber.subscribe(this.#channel).then(
      () => undefined,
      () => undefined,
    );
  }

  /** Resolves once the first SUBSCRIBE was answered (or failed). */
  ready(): Promise<void> {
    return this.#ready;
  }

  #deliver(event: ChatEvent): void {
    if (!this.#delivered.claim(event.id)) return;
    void this.#local.publish(event);
  }

  async publish(event: ChatEvent): Promise<void> {
    if (this.#connections.state() === 'up') {
      try {
        await this.#commands.publish(this.#channel, JSON.stringify(event));
        return;
      } catch {
        // Not published (or not known to be): this replica's subscribers get it below. Should
        // the PUBLISH have gone through after all, `#delivered` keeps it to one delivery here.
      }
    }
    this.#deliver(event);
  }

  subscribe(topic: string, listener: EventListener): () => void {
    return this.#local.subscribe(topic, listener);
  }

  async claim(identity: string): Promise<boolean> {
    // Remembered here too, so a retry during an outage that follows is still caught.
    const local = this.#localClaims.claim(identity);
    if (this.#connections.state() === 'up') {
      try {
        const answer = await this.#commands.set(
          `${this.#claimPrefix}${identity}`,
          '1',
          'PX',
          this.#claimTtlMs,
          'NX',
        );
        return answer === 'OK';
      } catch {
        // Redis failed mid-way: this replica's own memory decides.
      }
    }
    return local;
  }

  listenerCount(topic: string): number {
    return this.#local.listenerCount(topic);
  }

  close(): Promise<void> {
    return this.#local.close();
  }
}

/**
 * Shared state for several replicas (`REDIS_URL`): the cross-replica event bus, the shared
 * Twilio budget, the shared action-rate windows and the shared cache store, over one pair of
 * Redis connections. Loaded only when `REDIS_URL` is set (the server imports it dynamically), so
 * one self-contained process never loads a Redis client.
 */
import type { Logger } from 'pino';
import type { SharedStore } from '../cache/index.js';
import type { EventBus } from '../events/index.js';
import { WindowGate, type RateClock, type RateGate, type SlotLeaser } from '../twilio/index.js';
import { RedisSlotLeaser, type BudgetSettings } from './budget.js';
import { openConnections, type ConnectionSettings, type RedisState } from './connection.js';
import { RedisEventBus } from './event-bus.js';
import { RedisWindowStore } from './rate-window.js';
import { RedisStore } from './store.js';

export type { RedisState } from './connection.js';

const DEFAULT_APQ_MAX_BYTES = 8 * 1024 * 1024;

export interface SharedStateOptions {
  /** `REDIS_URL`. */
  readonly url: string;
  readonly logger: Logger;
  /** Every key and channel starts with this. Default `tcg:`. */
  readonly keyPrefix?: string;
  /** How long the start waits for a first connection before going on without. Default 2 000. */
  readonly connectWaitMs?: number;
  readonly connection?: ConnectionSettings;
  readonly budget?: BudgetSettings;
  /**
   * The APQ documents in Redis total at most this many bytes (across replicas). Default 8 MiB,
   * as the in-process APQ store.
   */
  readonly apqMaxBytes?: number;
  /** The action-rate clock (tests pass a manual one shared by their replicas). */
  readonly rateClock?: RateClock;
}

export interface SharedState {
  readonly bus: EventBus;
  readonly leaser: SlotLeaser;
  readonly rateGate: RateGate;
  readonly store: SharedStore;
  state(): RedisState;
  close(): Promise<void>;
}

export async function createSharedState(options: SharedStateOptions): Promise<SharedState> {
  const prefix = options.keyPrefix ?? 'tcg:';
  const connections = openConnections(options.url, options.logger, options.connection);
  if (connections.state() !== 'up') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.connectWaitMs ?? 2_000);
      connections.onState((state) => {
        if (state === 'up') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }
  const bus = new RedisEventBus({
    connections,
    keyPrefix: prefix,
    onListenerError: (error) => options.logger.error({ err: error }, 'an event listener failed'),
    onBadMessage: () => options.logger.warn('ignored an unreadable event from Redis'),
  });
  if (connections.state() === 'up') await bus.ready();
  const leaser = new RedisSlotLeaser(connections, prefix, options.budget);
  const rateGate = new WindowGate({
    store: new RedisWindowStore(connections, prefix),
    ...(options.rateClock ? { clock: options.rateClock } : {}),
  });
  return {
    bus,
    leaser,
    rateGate,
    store: new RedisStore(connections.commands, `${prefix}cache:`, {
      // Apollo's prefix of APQ keys; the other caches (and idempotency records) are not evicted.
      namespace: 'apq:',
      maxBytes: options.apqMaxBytes ?? DEFAULT_APQ_MAX_BYTES,
    }),
    state: () => connections.state(),
    async close() {
      await leaser.close();
      await bus.close();
      await connections.close();
    },
  };
}

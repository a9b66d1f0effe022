/**
 * The Redis connections of one gateway: one for commands and one for pub/sub (a subscribed
 * connection can run nothing else). ioredis reconnects by itself; commands never queue while
 * Redis is away (`enableOfflineQueue: false`) and time out quickly, so every caller falls back
 * to its in-process behaviour at once instead of waiting. Each change of state is logged once.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

export type RedisState = 'up' | 'down';

export interface ConnectionSettings {
  /** A command not answered within this fails (the caller falls back). Default 500 ms. */
  readonly commandTimeoutMs?: number;
  /** Reconnect delay grows by this per attempt up to {@link maxReconnectDelayMs}. Default 100. */
  readonly reconnectStepMs?: number;
  /** Default 2 000 ms. */
  readonly maxReconnectDelayMs?: number;
}

export interface Connections {
  readonly commands: Redis;
  readonly subscriber: Redis;
  /** Up when both connections are ready. */
  state(): RedisState;
  /** `listener` runs on each change of state. */
  onState(listener: (state: RedisState) => void): void;
  close(): Promise<void>;
}

export function openConnections(
  url: string,
  logger: Logger,
  settings: ConnectionSettings = {},
): Connections {
  const step = settings.reconnectStepMs ?? 100;
  const maxDelay = settings.maxReconnectDelayMs ?? 2_000;
  const options: RedisOptions = {
    commandTimeout: settings.commandTimeoutMs ?? 500,
    connectTimeout: 2_000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Never give up: a Redis that returns an hour later is used again.
    retryStrategy: (attempt) => Math.min(attempt * step, maxDelay),
    autoResubscribe: true,
    lazyConnect: false,
  };
  const commands = new Redis(url, { ...options, connectionName: 'tcg-commands' });
  const subscriber = new Redis(url, { ...options, connectionName: 'tcg-events' });
  const listeners: ((state: RedisState) => void)[] = [];
  let current: RedisState = 'down';
  let closing = false;
  // "down" is the state before the first connection too; only a lost or regained one is news.
  let everUp = false;

  const update = () => {
    const next: RedisState =
      commands.status === 'ready' && subscriber.status === 'ready' ? 'up' : 'down';
    if (next === current || closing) return;
    current = next;
    if (next === 'up') {
      logger.info(
        everUp ? 'Redis is back: sharing state with other replicas again' : 'Redis connected',
      );
      everUp = true;
    } else {
      logger.warn(
        'Redis unavailable: per-process limits and caches; events reach this replica only',
      );
    }
    for (const listener of listeners) listener(next);
  };
  for (const connection of [commands, subscriber]) {
    connection.on('ready', update);
    connection.on('close', update);
    connection.on('end', update);
    // Reconnect attempts fail repeatedly while Redis is away; the state change is the news.
    connection.on('error', (error: Error) => {
      logger.debug({ err: { message: error.message } }, 'Redis connection error');
    });
  }
  // A first connection that never succeeds is news as well.
  const firstCheck = setTimeout(() => {
    if (!everUp && !closing && current === 'down') {
      logger.warn('Redis unavailable at start: per-process limits until it answers');
    }
  }, 3_000);
  firstCheck.unref();

  return {
    commands,
    subscriber,
    state: () => current,
    onState: (listener) => listeners.push(listener),
    async close() {
      closing = true;
      clearTimeout(firstCheck);
      await Promise.all(
        [commands, subscriber].map((connection) =>
          connection.quit().catch(() => connection.disconnect()),
        ),
      );
    },
  };
}

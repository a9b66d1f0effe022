/**
 * Live updates, assembled: the webhook receiver, the event bus, and the three subscription
 * transports (graphql-ws on `/graphql`, graphql-sse on `/graphql/stream`, Apollo Router's
 * callback protocol through Apollo Server's plugin), with their shared limits and metrics.
 * app.ts wires it in with a few calls; nothing here knows the graph beyond its schema and its
 * per-request context factory.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginSubscriptionCallback } from '@apollo/server/plugin/subscriptionCallback';
import type { GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import {
  ADMIN,
  unscopedSeeEverything,
  attachSession,
  InProcessEventBus,
  type AccessPolicy,
  type Caller,
  type EventBus,
} from '../../events/index.js';
import { Fanout } from './fanout.js';
import { createRealtimeMetrics } from './metrics.js';
import {
  CallerCounts,
  expiresAtMs,
  wallClockExpiry,
  type AdmitDocument,
  type Authenticate,
  type ExpirySchedule,
} from './operation.js';
import { createWebhookReceiver, webhookPath } from './receiver.js';
import {
  createSession,
  EventContexts,
  OpenStreams,
  type CreateEventContext,
  type SessionDeps,
} from './sessions.js';
import { createSseTransport, streamPath } from './sse.js';
import { createWebSocketTransport, SLOW_CONSUMER_CLOSE_CODE } from './websocket.js';

export { webhookPath, streamPath, SLOW_CONSUMER_CLOSE_CODE };
export type { AdmitDocument, Authenticate, CallerInput, ExpirySchedule } from './operation.js';
export { wallClockExpiry } from './operation.js';
export { loadRealtimeEnv, type RealtimeEnv } from './env.js';

export interface RealtimeLimits {
  /** Subscriptions one WebSocket connection may hold. Default 25. */
  readonly subscriptionsPerConnection: number;
  /** Events waiting for one subscriber before it is closed as too slow. Default 100. */
  readonly bufferSize: number;
  /** WebSocket ping interval (a missing pong closes the socket). Default 12 000 ms. */
  readonly keepAliveMs: number;
  /** Time a WebSocket has to send `connection_init`. Default 3 000 ms. */
  readonly connectionInitTimeoutMs: number;
  /** How long shutdown waits for subscriptions to complete. Default 3 000 ms. */
  readonly shutdownGraceMs: number;
  /**
   * Subscriptions one token identity may hold over all its connections and transports
   * (GATEWAY_SUBSCRIPTIONS_PER_IDENTITY). Default 100; admin and `none` callers have no cap.
   */
  readonly subscriptionsPerIdentity: number;
}

export const DEFAULT_REALTIME_LIMITS: RealtimeLimits = {
  subscriptionsPerConnection: 25,
  bufferSize: 100,
  keepAliveMs: 12_000,
  connectionInitTimeoutMs: 3_000,
  shutdownGraceMs: 3_000,
  subscriptionsPerIdentity: 100,
};

export interface RealtimeOptions {
  /** Where Twilio calls the gateway (GATEWAY_PUBLIC_URL). Default: the listening address. */
  readonly publicUrl?: string;
  /**
   * The Auth Token that signs webhooks (GATEWAY_WEBHOOK_AUTH_TOKEN). Default: the Twilio
   * credentials' Auth Token; null when there is none (every delivery is then refused).
   */
  readonly webhookAuthToken?: string | null;
  /** Default: in process (a Redis bus for several replicas implements the same interface). */
  readonly bus?: EventBus;
  /** Who subscribes (the access work's hook). Default: the admin. */
  readonly authenticate?: Authenticate;
  /** Trusted documents for the WebSocket and SSE transports (POST /graphql checks its own). */
  readonly admitDocument?: AdmitDocument;
  /**
   * Which events a subscriber may see. Default: admin and `none` callers see everything and
   * token callers nothing; the gateway passes the graph's membership check (app.ts).
   */
  readonly access?: AccessPolicy;
  /** When a token caller's subscriptions end for its `exp`. Default: the wall clock. */
  readonly expiry?: ExpirySchedule;
  readonly limits?: Partial<RealtimeLimits>;
  /** Called with each webhook-to-frame latency in ms (the benchmark reads it). */
  readonly onDelivered?: (latencyMs: number) => void;
}

export interface RealtimeDeps {
  readonly schema: GraphQLSchema;
  /** A fresh per-event graph context for the subscriber, whose Twilio calls stop at `signal`. */
  readonly createContext: CreateEventContext;
  readonly accountSid: string;
  /** The Twilio credentials' Auth Token, if the gateway has one. */
  readonly authToken: string | undefined;
  readonly registry: Registry;
  readonly logger: Logger;
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** The listening origin, known once the server listens. */
  readonly origin: () => string;
  /** The largest GraphQL request body accepted (GATEWAY_MAX_BODY_BYTES). */
  readonly maxBodyBytes: number;
}

export interface Realtime {
  readonly bus: EventBus;
  /** Apollo Server plugin for the Router's HTTP callback protocol. */
  readonly plugin: ApolloServerPlugin;
  handleWebhook(req: IncomingMessage, res: ServerResponse): Promise<void>;
  handleStream(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** WebSocket upgrades of `/graphql`; anything else is refused. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Gives an HTTP operation's context a session (callback-protocol subscriptions use it). */
  attach<T extends object>(context: T, caller: Caller): T;
  /** Resolves once every webhook accepted so far has been published. */
  webhooksIdle(): Promise<void>;
  /** Completes every subscription (WebSocket sockets then close with 1001). */
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

export function createRealtime(deps: RealtimeDeps, options: RealtimeOptions = {}): Realtime {
  const limits: RealtimeLimits = { ...DEFAULT_REALTIME_LIMITS, ...options.limits };
  const { logger } = deps;
  const metrics = createRealtimeMetrics(deps.registry);
  const delivered = (latencyMs: number) => {
    metrics.delivered(latencyMs);
    options.onDelivered?.(latencyMs);
  };
  const bus =
    options.bus ??
    new InProcessEventBus({
      onListenerError: (error) => logger.error({ err: error }, 'an event listener failed'),
    });
  const contexts = new EventContexts(deps.createContext);
  const streams = new OpenStreams();
  const sessionDeps: SessionDeps = {
    bus,
    access: options.access ?? unscopedSeeEverything,
    bufferSize: limits.bufferSize,
    contexts,
    onFilterError: (error) => logger.error({ err: error }, 'an access filter failed'),
  };
  const authenticate: Authenticate = options.authenticate ?? (() => ADMIN);
  const perCaller = (caller: Caller) =>
    caller.kind === 'token' ? limits.subscriptionsPerIdentity : Number.POSITIVE_INFINITY;
  const callers = new CallerCounts(perCaller);
  const expiry = options.expiry ?? wallClockExpiry;
  const formatError = (error: GraphQLError) => deps.formatError(error.toJSON(), error);
  const fanout = new Fanout({
    session: (subscriber, hooks) => createSession(sessionDeps, streams, subscriber, hooks),
    contexts,
    bufferSize: limits.bufferSize,
    metrics: { ...metrics, delivered },
    now,
    formatError,
  });
  const authToken =
    options.webhookAuthToken === undefined ? (deps.authToken ?? null) : options.webhookAuthToken;
  if (authToken === null) {
    logger.warn(
      'no Auth Token to check webhook signatures (set GATEWAY_WEBHOOK_AUTH_TOKEN): /webhooks/twilio refuses every delivery',
    );
  }
  let receiverUrl: string | null = null;
  const receiver = () =>
    createWebhookReceiver({
      bus,
      authToken,
      publicUrl: (receiverUrl ??= options.publicUrl ?? deps.origin()),
      accountSid: deps.accountSid,
      metrics,
      logger,
      now,
    });
  let webhooks: ReturnType<typeof createWebhookReceiver> | null = null;
  const ws = createWebSocketTransport({
    schema: deps.schema,
    fanout,
    authenticate,
    callers,
    perCallerLimit: perCaller,
    expiry,
    ...(options.admitDocument ? { admitDocument: options.admitDocument } : {}),
    limits: { ...limits, maxMessageBytes: deps.maxBodyBytes },
    formatError,
    logger,
  });
  const sse = createSseTransport({
    schema: deps.schema,
    fanout,
    authenticate,
    callers,
    perCallerLimit: perCaller,
    expiry,
    ...(options.admitDocument ? { admitDocument: options.admitDocument } : {}),
    bufferSize: limits.bufferSize,
    maxBodyBytes: deps.maxBodyBytes,
    formatError,
    metrics,
    logger,
  });

  return {
    bus,
    plugin: ApolloServerPluginSubscriptionCallback({
      logger: {
        debug: (message) => logger.debug(message),
        info: (message) => logger.info(message),
        warn: (message) => logger.warn(message),
        error: (message) => logger.error(message),
      },
    }),
    handleWebhook: (req, res) => (webhooks ??= receiver()).handle(req, res),
    handleStream: (req, res) => sse.handle(req, res),
    handleUpgrade(req, socket, head) {
      const path = new URL(req.url ?? '/', 'http://gateway.invalid').pathname;
      if (path !== '/graphql') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      ws.handleUpgrade(req, socket, head);
    },
    attach(context, caller) {
      // The Router's callback subscription is an HTTP request: its caller came from its headers.
      // A token caller's subscription completes when the token expires.
      const expires = expiresAtMs(caller);
      return attachSession(
        context,
        createSession(
          sessionDeps,
          streams,
          { caller },
          {
            onOpen: () => metrics.subscriptionOpened('callback'),
            onClose: () => metrics.subscriptionClosed('callback'),
            onOverflow: () => metrics.slowConsumer('callback'),
            onDelivered: (event) => delivered(now() - event.receivedAt),
            ...(expires === null ? {} : { endsAt: (end: () => void) => expiry(expires, end) }),
          },
        ),
      );
    },
    webhooksIdle: async () => webhooks?.idle(),
    async close() {
      await webhooks?.idle();
      // Ending every stream completes each subscription on every transport.
      streams.endAll();
      await Promise.all([ws.close(limits.shutdownGraceMs), sse.close(limits.shutdownGraceMs)]);
      await bus.close();
    },
  };
}
export {
  defaultChatServiceSid,
  registerDemoWebhook,
  registerPostEventWebhook,
} from './register.js';

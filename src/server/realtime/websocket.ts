/**
 * Subscriptions over WebSocket on `/graphql` with the `graphql-transport-ws` protocol
 * (graphql-ws on ws): what Apollo Router speaks to subgraphs by default and what the playground
 * uses. The library owns the protocol (init timeout, ping/pong keep-alive, ids, complete); this
 * file adds the gateway's rules: subscriptions only, a cap per connection and per caller, errors
 * formatted like HTTP answers, slow consumers closed with 1013, and a shutdown that completes
 * every subscription before closing each socket with 1001.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GraphQLSchema } from 'graphql';
import { MessageType } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { ADMIN, type Caller } from '../../events/index.js';
import { HttpError } from '../http-graphql.js';
import type { Fanout, FrameWriter, Member } from './fanout.js';
import type { CallerCounts, ExpirySchedule } from './operation.js';
import {
  expiresAtMs,
  isErrors,
  prepareSubscription,
  TOKEN_EXPIRED,
  tooMany,
  type AdmitDocument,
  tooManyForIdentity,
  type Authenticate,
  type FormatError,
} from './operation.js';

/** RFC 6455 "Try Again Later": the server gave up on a subscriber that does not keep up. */
export const SLOW_CONSUMER_CLOSE_CODE = 1013;
/** graphql-ws "Unauthorized": `connection_init` carried no valid credential (the reason says why). */
export const UNAUTHENTICATED_CLOSE_CODE = 4401;
/** The connection's access token passed its `exp`: reconnect with a new token. */
export const TOKEN_EXPIRED_CLOSE_CODE = 4419;

export interface WebSocketLimits {
  readonly subscriptionsPerConnection: number;
  readonly keepAliveMs: number;
  readonly connectionInitTimeoutMs: number;
  readonly maxMessageBytes: number;
}

export interface WebSocketTransportOptions {
  readonly schema: GraphQLSchema;
  readonly fanout: Fanout;
  readonly authenticate: Authenticate;
  /** Trusted documents: refuses a subscription text the caller may not run. */
  readonly admitDocument?: AdmitDocument;
  readonly callers: CallerCounts;
  readonly perCallerLimit: (caller: Caller) => number;
  readonly expiry: ExpirySchedule;
  readonly limits: WebSocketLimits;
  readonly formatError: FormatError;
  readonly logger: Logger;
}

export interface WebSocketTransport {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Completes every subscription, then closes every socket with 1001. */
  close(deadlineMs: number): Promise<void>;
}

/** A close reason fits in 123 bytes (RFC 6455); cut at a character boundary. */
function closeReason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

/** ws sends a Buffer as a binary frame unless told otherwise; graphql-ws speaks text frames. */
const TEXT_FRAME = { binary: false } as const;
const CLOSING_BRACE = 0x7d;

/**
 * graphql-transport-ws `next` frames of one subscription, written straight to its socket from
 * the fan-out's shared result JSON: the message graphql-ws would build (`{id, type, payload}`),
 * without serialising or encoding the result again for every subscriber, and without awaiting
 * each socket in turn. Everything else of the protocol (subscribe, error, complete, ping) stays
 * graphql-ws's.
 */
function nextFrames(socket: WebSocket, id: string): FrameWriter {
  const head = Buffer.from(`{"id":${JSON.stringify(id)},"type":"${MessageType.Next}","payload":`);
  return (resultJson, written) => {
    if (socket.readyState !== WebSocket.OPEN) return 'closed';
    const frame = Buffer.allocUnsafe(head.length + resultJson.length + 1);
    head.copy(frame, 0);
    resultJson.copy(frame, head.length);
    frame[frame.length - 1] = CLOSING_BRACE;
    socket.send(frame, TEXT_FRAME, written);
    // Nothing buffered: the frame went to the kernel during send.
    return socket.bufferedAmount === 0;
  };
}

export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const { schema, fanout, callers, limits, formatError, logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
  const callerOf = new WeakMap<object, Caller>();
  /** Subscriptions whose `complete` has not been handed to the socket yet. */
  let active = 0;
  let drained: (() => void) | null = null;
  let closing = false;

  const server = useServer(
    {
      schema,
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      onConnect: async (ctx) => {
        try {
          const caller = await options.authenticate({
            headers: ctx.extra.request.headers,
            ...(ctx.connectionParams ? { connectionParams: ctx.connectionParams } : {}),
          });
          callerOf.set(ctx, caller);
          const expires = expiresAtMs(caller);
          if (expires !== null) {
            const socket = ctx.extra.socket;
            // Closing completes every subscription of the connection (graphql-ws returns them).
            const cancel = options.expiry(expires, () =>
              socket.close(TOKEN_EXPIRED_CLOSE_CODE, TOKEN_EXPIRED.message),
            );
            socket.once('close', cancel);
          }
          return true;
        } catch (error) {
          logger.info({ err: error }, 'refused a WebSocket connection');
          // The reason (which credential problem) without any part of the credential.
          const reason = error instanceof HttpError ? error.message : 'Unauthorized';
          ctx.extra.socket.close(UNAUTHENTICATED_CLOSE_CODE, closeReason(reason));
          return false;
        }
      },
      isProd: true,
      onSubscribe: (ctx, id, payload) => {
        if (Object.keys(ctx.subscriptions).length > limits.subscriptionsPerConnection) {
          return [tooMany('on this connection', limits.subscriptionsPerConnection)];
        }
        const prepared = prepareSubscription(schema, payload);
        if (isErrors(prepared)) return prepared;
        const caller = callerOf.get(ctx) ?? ADMIN;
        const refused = options.admitDocument?.(payload.query, caller);
        if (refused) return [refused];
        if (!callers.acquire(caller)) return [tooManyForIdentity(options.perCallerLimit(caller))];
        const socket = ctx.extra.socket;
        const member: Member = {
          subscriber: { caller },
          transport: 'websocket',
          onSlow: (error) => socket.close(SLOW_CONSUMER_CLOSE_CODE, error.message.slice(0, 120)),
          write: nextFrames(socket, id),
        };
        active += 1;
        return { schema, ...prepared, contextValue: member };
      },
      subscribe: (args) => fanout.subscribe(args, args.contextValue as Member),
      // Results come from the fan-out with their errors already formatted, once per event.
      onError: (_ctx, _id, _payload, errors) => errors.map(formatError),
      // Every operation that got past onSubscribe ends here, just before its `complete` is sent.
      onComplete: (ctx) => {
        callers.release(callerOf.get(ctx) ?? ADMIN);
        active -= 1;
        if (active === 0) drained?.();
      },
    },
    wss,
    limits.keepAliveMs,
  );

  return {
    handleUpgrade(req, socket, head) {
      if (closing) {
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    async close(deadlineMs) {
      closing = true;
      // The streams were ended by the caller; wait until every `complete` is on its socket.
      if (active > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, deadlineMs).unref();
        });
      }
      await new Promise((resolve) => setImmediate(resolve));
      await server.dispose();
    },
  };
}

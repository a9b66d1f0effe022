/**
 * Subscriptions over Server-Sent Events at `/graphql/stream` (graphql-sse, "distinct connections"
 * mode: one subscription per request), for browsers and proxies that dislike WebSockets. The
 * library owns the protocol and its keep-alive comments; this adapter adds what its node:http
 * adapter lacks: a body limit, subscriptions only, and a bound on what waits to be written.
 *
 * graphql-sse queues messages for a stream without limit, so the bound lives here: results
 * handed to the stream minus results written. Past it the stream gets one error event
 * (`SLOW_CONSUMER`) and `complete`, and ends.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionArgs, GraphQLError, GraphQLSchema } from 'graphql';
import { createHandler, print, type OperationContext } from 'graphql-sse';
import type { Logger } from 'pino';
import type { Caller } from '../../events/index.js';
import { HttpError, readBody } from '../http-graphql.js';
import type { Fanout, Member } from './fanout.js';
import type { RealtimeMetrics } from './metrics.js';
import type { CallerCounts, ExpirySchedule } from './operation.js';
import {
  expiresAtMs,
  isErrors,
  prepareSubscription,
  type AdmitDocument,
  TOKEN_EXPIRED,
  tooManyForIdentity,
  type Authenticate,
  type FormatError,
} from './operation.js';

export const streamPath = '/graphql/stream';

export interface SseTransportOptions {
  readonly schema: GraphQLSchema;
  readonly fanout: Fanout;
  readonly authenticate: Authenticate;
  /** Trusted documents: refuses a subscription text the caller may not run. */
  readonly admitDocument?: AdmitDocument;
  readonly callers: CallerCounts;
  readonly perCallerLimit: (caller: Caller) => number;
  readonly expiry: ExpirySchedule;
  readonly bufferSize: number;
  readonly maxBodyBytes: number;
  readonly formatError: FormatError;
  readonly metrics: RealtimeMetrics;
  readonly logger: Logger;
}

export interface SseTransport {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Resolves when every stream has ended (their subscriptions were completed by the caller). */
  close(deadlineMs: number): Promise<void>;
}

/** One stream's bookkeeping, shared by the handler's hooks and the writer below. */
interface StreamState {
  caller: Caller;
  /** Results handed to graphql-sse and not yet written. */
  waiting: number;
  overflow: () => void;
}

type SseMember = Member & { readonly state: StreamState };

/** The last two messages of a stream the gateway ends (written without graphql-sse). */
function ending(code: string, message: string): string {
  const error = { message, extensions: { code } };
  return `event: next\ndata: ${JSON.stringify({ errors: [error] })}\n\n${print({ event: 'complete', data: null })}`;
}

const slowEnding = (limit: number) =>
  ending(
    'SLOW_CONSUMER',
    `Subscriber too slow: more than ${limit} events were waiting to be sent.`,
  );

export function createSseTransport(options: SseTransportOptions): SseTransport {
  const { schema, fanout, callers, bufferSize, formatError, metrics } = options;
  const streams = new Set<Promise<void>>();
  let closing = false;

  const handler = createHandler<IncomingMessage, StreamState, OperationContext>({
    schema,
    // No reservations ("single connection mode"): every request is its own stream.
    authenticate: () => null,
    onSubscribe: (req, params) => {
      const prepared = prepareSubscription(schema, params);
      if (isErrors(prepared)) return badRequest(prepared);
      const state = req.context;
      const refused = options.admitDocument?.(String(params.query), state.caller);
      if (refused) return badRequest([refused]);
      if (!callers.acquire(state.caller)) {
        return badRequest([tooManyForIdentity(options.perCallerLimit(state.caller))], 429);
      }
      const member: SseMember = {
        subscriber: { caller: state.caller },
        transport: 'sse',
        state,
        onSlow: () => state.overflow(),
      };
      const args: ExecutionArgs = { schema, ...prepared, contextValue: member };
      return args as ExecutionArgs & { contextValue: OperationContext };
    },
    subscribe: (args) => fanout.subscribe(args, args.contextValue as unknown as Member),
    onNext: (ctx) => {
      const { state } = ctx as unknown as SseMember;
      state.waiting += 1;
      if (state.waiting > bufferSize) state.overflow();
      // Errors were formatted by the fan-out, once per event.
      return undefined;
    },
    onComplete: (ctx) => callers.release((ctx as unknown as SseMember).state.caller),
  });

  function badRequest(errors: readonly GraphQLError[], status: 400 | 429 = 400) {
    return [
      JSON.stringify({ errors: errors.map(formatError) }),
      {
        status,
        statusText: status === 400 ? 'Bad Request' : 'Too Many Requests',
        headers: { 'content-type': 'application/json; charset=utf-8' },
      },
    ] as const;
  }

  async function stream(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'POST') {
      throw new HttpError(405, 'Subscribe with GET or POST.', { allow: 'GET, POST' });
    }
    if (req.headers.accept !== 'text/event-stream') {
      throw new HttpError(406, 'Ask for an event stream: send `Accept: text/event-stream`.');
    }
    if (closing) throw new HttpError(503, 'The gateway is shutting down.');
    const body = req.method === 'POST' ? await readBody(req, options.maxBodyBytes) : null;
    let caller: Caller;
    try {
      caller = await options.authenticate({ headers: req.headers });
    } catch (error) {
      // A credential problem keeps its own answer (401 with a Bearer challenge).
      if (error instanceof HttpError) throw error;
      throw new HttpError(403, 'The caller may not subscribe.');
    }
    let messages: AsyncGenerator<string, void, undefined> | null = null;
    let ended = false;
    /** Ends the stream with a last error event, ahead of anything graphql-sse still holds. */
    const endWith = (text: string) => {
      if (ended || messages === null) return false;
      ended = true;
      void messages.return();
      res.end(text);
      return true;
    };
    const state: StreamState = {
      caller,
      waiting: 0,
      overflow: () => {
        if (endWith(slowEnding(bufferSize))) metrics.slowConsumer('sse');
      },
    };
    const [output, init] = await handler({
      method: req.method,
      url: req.url ?? streamPath,
      headers: {
        get: (key) => {
          const value = req.headers[key];
          return Array.isArray(value) ? value.join('\n') : value;
        },
      },
      body,
      raw: req,
      context: state,
    });
    res.writeHead(init.status, init.statusText, init.headers);
    if (output === null || typeof output === 'string') {
      res.end(output ?? undefined);
      return;
    }
    messages = output;
    const stop = () => void output.return();
    res.once('close', stop);
    const expires = expiresAtMs(caller);
    const cancelExpiry =
      expires === null
        ? () => undefined
        : options.expiry(expires, () => endWith(ending(TOKEN_EXPIRED.code, TOKEN_EXPIRED.message)));
    res.once('close', cancelExpiry);
    for await (const message of output) {
      if (ended) break;
      const written = await new Promise<boolean>((resolve) => {
        if (!res.writable) resolve(false);
        else res.write(message, (error) => resolve(!error));
      });
      if (!written) break;
      if (message.startsWith('event: next')) state.waiting -= 1;
    }
    res.off('close', stop);
    if (!ended) {
      ended = true;
      res.end();
    }
  }

  return {
    async handle(req, res) {
      const done = stream(req, res);
      const tracked = done.catch(() => undefined).finally(() => streams.delete(tracked));
      streams.add(tracked);
      await done;
    },
    async close(deadlineMs) {
      closing = true;
      if (streams.size === 0) return;
      await Promise.race([
        Promise.all([...streams]),
        new Promise((resolve) => setTimeout(resolve, deadlineMs).unref()),
      ]);
    },
  };
}

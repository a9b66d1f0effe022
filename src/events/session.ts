/**
 * What a subscription resolver needs from the transport that runs it: the subscriber, and a way
 * to open a stream of events. Transports (graphql-ws, graphql-sse, the Router callback plugin)
 * attach a session to the operation's context under a private symbol, so the graph's context
 * type stays the same and a subscription run without a session fails clearly.
 */
import type { Subscriber, SubscriberAccess } from './access.js';
import type { ChatEvent } from './model.js';

export interface StreamRequest {
  /** The bus topic to listen on (`conversationTopic(...)`). */
  readonly topic: string;
  /** Whether an event of the topic is one this subscription wants (kind, service). */
  readonly wants: (event: ChatEvent) => boolean;
  /** The stream ends once an event of the topic matching this has been seen (and handed out). */
  readonly endsAfter?: (event: ChatEvent) => boolean;
  /**
   * The one conversation the stream watches. When the subscriber is removed from it, the
   * removal is handed out as the stream's last event (wanted or not) and the stream ends.
   */
  readonly conversationSid?: string;
}

export interface RealtimeSession {
  readonly subscriber: Subscriber;
  /** What the subscriber may see (membership for token callers). */
  readonly access: SubscriberAccess;
  /**
   * Events of `request.topic` that the subscription wants and the subscriber may see, in order.
   * Before each event is handed out, `context` gets fresh per-event state (loaders, ledger), so
   * nothing is cached from one event to the next.
   */
  open(context: object, request: StreamRequest): AsyncIterableIterator<ChatEvent>;
}

const sessionKey = Symbol('gateway.realtimeSession');

/** Enumerable, so Apollo's per-operation copy of the context keeps it. */
export function attachSession<T extends object>(context: T, session: RealtimeSession): T {
  Object.defineProperty(context, sessionKey, { value: session, enumerable: true });
  return context;
}

export function sessionOf(context: object): RealtimeSession | undefined {
  const session: unknown = Reflect.get(context, sessionKey);
  return typeof session === 'object' && session !== null ? (session as RealtimeSession) : undefined;
}

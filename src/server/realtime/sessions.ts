/**
 * The server side of a subscription session: a bus listener per stream, the subscriber's access
 * filter, a bounded buffer, and fresh per-event context state.
 *
 * graphql-js runs every event of one subscription with the one context value it was given, and
 * Apollo's callback plugin calls graphql-js itself, so per-event state cannot be passed in per
 * event. Instead each event renews the context in place: its own properties become getters of a
 * context built on first use (loaders, ledger), so a selection the event itself serves builds
 * nothing, and no cache outlives its event.
 */
import { ADMIN, attachSession, BoundedQueue } from '../../events/index.js';
import type {
  AccessPolicy,
  Caller,
  ChatEvent,
  EventBus,
  RealtimeSession,
  SlowConsumerError,
  StreamRequest,
  Subscriber,
} from '../../events/index.js';

/** A per-event graph context for `caller`, whose Twilio calls stop when `signal` fires. */
export type CreateEventContext = (signal: AbortSignal, caller: Caller) => object;

/** One context's per-event state: whom it is for, and what was built of it for this event. */
interface EventState {
  signal: AbortSignal;
  caller: Caller;
  fresh: Record<string, unknown> | undefined;
}

export class EventContexts {
  readonly #keys: readonly string[];
  readonly #states = new WeakMap<object, EventState>();

  constructor(private readonly create: CreateEventContext) {
    // The property names are the same for every context and caller; learn them once.
    this.#keys = Object.keys(create(new AbortController().signal, ADMIN));
  }

  /**
   * Gives `context` per-event state for `caller` (the subscriber: payloads are resolved with
   * their access, not the gateway's), built when a resolver first reads any of it.
   */
  renew(context: object, signal: AbortSignal, caller: Caller): void {
    const known = this.#states.get(context);
    if (known) {
      known.signal = signal;
      known.caller = caller;
      known.fresh = undefined;
      return;
    }
    const state: EventState = { signal, caller, fresh: undefined };
    this.#states.set(context, state);
    const current = () =>
      (state.fresh ??= this.create(state.signal, state.caller) as Record<string, unknown>);
    for (const key of this.#keys) {
      Object.defineProperty(context, key, {
        configurable: true,
        enumerable: true,
        get: () => current()[key],
      });
    }
  }

  /**
   * Whether anything read the per-event state since the last renewal: false means the event
   * alone made the answer, so it is the same for every caller who may see the event.
   */
  used(context: object): boolean {
    return this.#states.get(context)?.fresh !== undefined;
  }

  /** A new subscription's context: the session attached, its per-event state not built yet. */
  blank(session: RealtimeSession): object {
    const context = attachSession({}, session);
    this.renew(context, new AbortController().signal, session.subscriber.caller);
    return context;
  }
}

export interface SessionHooks {
  /** A stream was opened / ended (for the open-subscriptions gauge). */
  readonly onOpen?: () => void;
  readonly onClose?: () => void;
  /** The buffer overflowed: the transport closes the subscriber with its clear code. */
  readonly onOverflow?: (error: SlowConsumerError) => void;
  /** The consumer came back for more after `event` (its frame has been written). */
  readonly onDelivered?: (event: ChatEvent) => void;
  /** Schedules `end` for every stream (a token's expiry); returns how to cancel it. */
  readonly endsAt?: (end: () => void) => () => void;
}

export interface SessionDeps {
  readonly bus: EventBus;
  readonly access: AccessPolicy;
  readonly bufferSize: number;
  readonly contexts: EventContexts;
  readonly onFilterError: (error: unknown) => void;
}

/** Streams still open, so shutdown can complete them. */
export class OpenStreams {
  readonly #queues = new Set<BoundedQueue<ChatEvent>>();

  add(queue: BoundedQueue<ChatEvent>): void {
    this.#queues.add(queue);
  }

  delete(queue: BoundedQueue<ChatEvent>): void {
    this.#queues.delete(queue);
  }

  get size(): number {
    return this.#queues.size;
  }

  endAll(): void {
    for (const queue of [...this.#queues]) queue.end();
  }
}

export function createSession(
  deps: SessionDeps,
  open: OpenStreams,
  subscriber: Subscriber,
  hooks: SessionHooks = {},
): RealtimeSession {
  const access = deps.access(subscriber);
  return {
    subscriber,
    access,
    open(context: object, request: StreamRequest): AsyncIterableIterator<ChatEvent> {
      const controller = new AbortController();
      let unsubscribe = () => {};
      let cancelEnd = () => {};
      const queue: BoundedQueue<ChatEvent> = new BoundedQueue<ChatEvent>({
        capacity: deps.bufferSize,
        ...(hooks.onOverflow ? { onOverflow: hooks.onOverflow } : {}),
        ...(hooks.onDelivered ? { onDelivered: hooks.onDelivered } : {}),
        onClose: () => {
          cancelEnd();
          unsubscribe();
          open.delete(queue);
          controller.abort(new Error('The subscription ended.'));
          hooks.onClose?.();
        },
      });

      // `last`: the subscriber was removed from the watched conversation; they are told.
      const deliver = (event: ChatEvent, allowed: boolean, last: boolean) => {
        if (last || (allowed && request.wants(event))) queue.push(event);
        if (last || request.endsAfter?.(event) === true) queue.endAfterPending();
      };
      // An asynchronous verdict (a membership check) must not reorder events.
      let pending: Promise<void> | null = null;
      const decide = (event: ChatEvent, last: boolean) => {
        let verdict: boolean | Promise<boolean>;
        try {
          verdict = last || access.sees(event);
        } catch (error) {
          deps.onFilterError(error);
          verdict = false;
        }
        if (pending === null && typeof verdict === 'boolean') {
          deliver(event, verdict, last);
          return;
        }
        const settled = Promise.resolve(verdict).catch((error: unknown) => {
          deps.onFilterError(error);
          return false;
        });
        const previous: Promise<void> = pending ?? Promise.resolve();
        const next: Promise<void> = previous
          .then(() => settled)
          .then((allowed) => {
            deliver(event, allowed, last);
            if (pending === next) pending = null;
          });
        pending = next;
      };
      unsubscribe = deps.bus.subscribe(request.topic, (event) => {
        const removed = access.observe(event) === 'removed';
        const last =
          removed &&
          request.conversationSid !== undefined &&
          'conversationSid' in event &&
          event.conversationSid === request.conversationSid;
        if (last || request.wants(event) || request.endsAfter?.(event) === true) {
          decide(event, last);
        }
      });
      if (hooks.endsAt) cancelEnd = hooks.endsAt(() => queue.end());
      open.add(queue);
      hooks.onOpen?.();

      const stream: AsyncIterableIterator<ChatEvent> = {
        async next() {
          const result = await queue.next();
          if (result.done !== true)
            deps.contexts.renew(context, controller.signal, subscriber.caller);
          return result;
        },
        return: () => queue.return(),
        async throw(error: unknown) {
          await queue.return();
          throw error;
        },
        [Symbol.asyncIterator]() {
          return stream;
        },
      };
      return stream;
    },
  };
}

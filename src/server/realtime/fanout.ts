/**
 * One execution per event for many subscribers. Subscribers of the same operation, variables
 * and caller see the same data, so they join one group: the group runs the subscription once
 * (graphql-js `subscribe`, one bus listener), serialises each result once, and hands it to every
 * member. A member that falls behind is closed on its own; the others never wait for it.
 *
 * A member whose transport can write a frame from the shared JSON (graphql-ws: a `next` frame is
 * the subscription id around the result) gets it written synchronously, in the group's own loop:
 * no promise, no per-member serialisation, no wait for the previous socket. Its iterator carries
 * only the end (or failure) of the stream, so graphql-ws still sends `complete` after the last
 * frame. Other members (graphql-sse) pull results from their own bounded buffer.
 *
 * This is what keeps a thousand subscribers of one conversation cheap: per event and member,
 * only building the frame text and the socket write remain.
 */
import {
  createSourceEventStream,
  execute,
  GraphQLError,
  print,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import {
  BoundedQueue,
  callerKey,
  SlowConsumerError,
  type ChatEvent,
  type RealtimeSession,
  type Subscriber,
} from '../../events/index.js';
import type { RealtimeMetrics, Transport } from './metrics.js';
import type { EventContexts, SessionHooks } from './sessions.js';

/**
 * Writes the frame of one result, given as its JSON (UTF-8), to the member's connection now, and
 * calls `written` later (never during the call) once the frame has left the process or failed.
 * Returns whether the frame was written already (nothing of it waits in the process); 'closed'
 * when the connection is gone (nothing was written and `written` is not called).
 */
export type FrameWriter = (
  resultJson: Buffer,
  written: (error?: Error) => void,
) => boolean | 'closed';

export interface Member {
  readonly subscriber: Subscriber;
  readonly transport: Transport;
  /** Too many results waited for this member: close it with the transport's clear code. */
  readonly onSlow: (error: SlowConsumerError) => void;
  /** Frames written from the shared JSON; without it, results are pulled from the iterator. */
  readonly write?: FrameWriter;
}

export interface FanoutDeps {
  readonly session: (subscriber: Subscriber, hooks: SessionHooks) => RealtimeSession;
  readonly contexts: EventContexts;
  readonly bufferSize: number;
  readonly metrics: RealtimeMetrics;
  /** Epoch milliseconds with a fraction (the receiver's clock). */
  readonly now: () => number;
  /** The public form of an error (as HTTP answers give it), applied once per event. */
  readonly formatError: (error: GraphQLError) => GraphQLFormattedError;
}

type Results = AsyncIterableIterator<ExecutionResult>;

function isAsyncIterable(
  value: ExecutionResult | AsyncIterable<unknown>,
): value is AsyncIterable<unknown> {
  return Symbol.asyncIterator in value;
}

/** Printed documents: subscribers share parsed documents (operation.ts), so print each once. */
const printed = new WeakMap<DocumentNode, string>();

/** The operation and its variables: what an execution depends on besides its caller. */
function operationKey(args: ExecutionArgs): string {
  let text = printed.get(args.document);
  if (text === undefined) {
    text = print(args.document);
    printed.set(args.document, text);
  }
  return [args.operationName ?? '', text, JSON.stringify(args.variableValues ?? {})].join('\u0000');
}

/** One event's execution, shared by every member of a group (and maybe by other groups). */
interface Shared {
  readonly result: ExecutionResult;
  /** The result's JSON, encoded once for every member that writes its own frames. */
  json?: Buffer;
}

/**
 * One event's result, shared by every member: errors already in their public form (kept
 * serialisable the way graphql-ws serialises GraphQLErrors, through `toJSON`).
 */
function shareable(result: ExecutionResult, format: FanoutDeps['formatError']): ExecutionResult {
  if (!result.errors) return result;
  const errors = result.errors.map((error) => {
    const formatted = format(error);
    return { ...formatted, toJSON: () => formatted };
  });
  return { ...result, errors: errors as unknown as GraphQLError[] };
}

interface Entry {
  readonly member: Member;
  readonly queue: BoundedQueue<ExecutionResult>;
  /** Frames handed to `member.write` and not yet written. */
  waiting: number;
}

class Group {
  readonly #members = new Set<Entry>();
  /** When each shared result's event arrived (for the webhook-to-frame latency). */
  readonly #receivedAt = new WeakMap<ExecutionResult, number>();

  constructor(
    private readonly deps: FanoutDeps,
    /** The subscription's source stream: the events its session let through. */
    private readonly events: AsyncIterator<unknown>,
    private readonly execute: (event: unknown) => Promise<Shared>,
    private readonly onEnd: () => void,
  ) {
    void this.#pump();
  }

  join(member: Member): Results {
    const { metrics } = this.deps;
    const entry: Entry = {
      member,
      waiting: 0,
      queue: new BoundedQueue<ExecutionResult>({
        capacity: this.deps.bufferSize,
        onOverflow: (error) => {
          metrics.slowConsumer(member.transport);
          member.onSlow(error);
        },
        onDelivered: (result) => {
          const receivedAt = this.#receivedAt.get(result);
          if (receivedAt !== undefined) metrics.delivered(this.deps.now() - receivedAt);
        },
        onClose: () => {
          this.#members.delete(entry);
          metrics.subscriptionClosed(member.transport);
          // The last member gone: no one may join any more; stop listening on the bus.
          if (this.#members.size === 0) {
            this.onEnd();
            void this.events.return?.();
          }
        },
      }),
    };
    this.#members.add(entry);
    metrics.subscriptionOpened(member.transport);
    return entry.queue;
  }

  /**
   * Writes one result's frame to a member that writes its own frames; the latency of a frame
   * written at once goes to `latencies` (observed after the loop, so that no frame waits for
   * the metrics of the frames before it).
   */
  #write(
    entry: Entry,
    write: FrameWriter,
    json: Buffer,
    receivedAt: number,
    latencies: number[],
  ): void {
    const { metrics, bufferSize, now } = this.deps;
    if (entry.waiting > bufferSize) {
      const error = new SlowConsumerError(bufferSize);
      metrics.slowConsumer(entry.member.transport);
      entry.member.onSlow(error);
      entry.queue.fail(error);
      return;
    }
    entry.waiting += 1;
    let writtenAt: number | null = null;
    const written = write(json, (error) => {
      entry.waiting -= 1;
      // Written only now (it waited for the socket): the latency ends here.
      if (writtenAt === null && error === undefined) metrics.delivered(now() - receivedAt);
    });
    if (written === 'closed') entry.waiting -= 1;
    else if (written) {
      writtenAt = now();
      latencies.push(writtenAt - receivedAt);
    }
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        const step = await this.events.next();
        if (step.done === true) break;
        const event = step.value as ChatEvent;
        const shared = await this.execute(event);
        const { result } = shared;
        const receivedAt = event.receivedAt;
        this.#receivedAt.set(result, receivedAt);
        const latencies: number[] = [];
        for (const entry of [...this.#members]) {
          const { write } = entry.member;
          if (write === undefined) entry.queue.push(result);
          else if (entry.queue.open) {
            shared.json ??= Buffer.from(JSON.stringify(result));
            this.#write(entry, write, shared.json, receivedAt, latencies);
          }
        }
        for (const latency of latencies) this.deps.metrics.delivered(latency);
      }
      this.onEnd();
      for (const { queue } of [...this.#members]) queue.endAfterPending();
    } catch (error) {
      this.onEnd();
      for (const { queue, member } of [...this.#members]) {
        // The group itself fell behind (execution slower than events): every member is slow.
        if (error instanceof SlowConsumerError) {
          this.deps.metrics.slowConsumer(member.transport);
          member.onSlow(error);
        }
        queue.fail(error);
      }
    }
  }
}

export class Fanout {
  readonly #groups = new Map<string, Group>();
  /**
   * Executions that read nothing of their caller (no loader, no `caller`: the event alone
   * answered the selection), by event and operation. Any group whose session let the same
   * event through gets the same bytes from them, whoever its caller is: a thousand token
   * callers of one conversation cost one execution per event, not one per identity.
   */
  readonly #unscoped = new WeakMap<object, Map<string, Promise<Shared | null>>>();

  constructor(private readonly deps: FanoutDeps) {}

  /** Groups currently running (one bus listener each). */
  get groups(): number {
    return this.#groups.size;
  }

  async subscribe(args: ExecutionArgs, member: Member): Promise<Results | ExecutionResult> {
    const operation = operationKey(args);
    // Subscribers of the same operation and caller see the same events and the same data.
    const key = `${callerKey(member.subscriber.caller)}\u0000${operation}`;
    const existing = this.#groups.get(key);
    if (existing) return existing.join(member);

    const session = this.deps.session(member.subscriber, {});
    const contextValue = this.deps.contexts.blank(session);
    let events: Awaited<ReturnType<typeof createSourceEventStream>>;
    try {
      events = await createSourceEventStream({ ...args, contextValue });
    } catch {
      // graphql-js throws only on misuse (an invalid schema); answer it like any other failure.
      return {
        errors: [
          new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
        ],
      };
    }
    // Errors (a bad id, an unknown field) are this subscriber's own answer.
    if (!isAsyncIterable(events)) return events;
    const source = events[Symbol.asyncIterator]();
    // Another subscriber may have started the same group while this one was subscribing.
    const raced = this.#groups.get(key);
    if (raced) {
      void source.return?.();
      return raced.join(member);
    }
    const group: Group = new Group(
      this.deps,
      source,
      (event) => this.#execute({ ...args, contextValue }, operation, event),
      () => {
        if (this.#groups.get(key) === group) this.#groups.delete(key);
      },
    );
    this.#groups.set(key, group);
    return group.join(member);
  }

  /** graphql-js `subscribe`'s per-event step (execute with the event as root), shared if it can be. */
  async #execute(args: ExecutionArgs, operation: string, event: unknown): Promise<Shared> {
    const byOperation =
      typeof event === 'object' && event !== null ? this.#unscoped.get(event) : undefined;
    const earlier = byOperation?.get(operation);
    if (earlier) {
      const found = await earlier;
      if (found) {
        this.deps.metrics.executed('shared');
        return found;
      }
    }
    this.deps.metrics.executed('executed');
    const { contextValue } = args;
    const running = (async () => {
      const result = await execute({ ...args, rootValue: event });
      const shared: Shared = { result: shareable(result, this.deps.formatError) };
      // Read at once, before this group's context is renewed for its next event.
      return { shared, personal: this.deps.contexts.used(contextValue as object) };
    })();
    if (!earlier && typeof event === 'object' && event !== null) {
      const offers = byOperation ?? new Map<string, Promise<Shared | null>>();
      offers.set(
        operation,
        running.then(
          ({ shared, personal }) => (personal ? null : shared),
          () => null,
        ),
      );
      if (!byOperation) this.#unscoped.set(event, offers);
    }
    return (await running).shared;
  }
}

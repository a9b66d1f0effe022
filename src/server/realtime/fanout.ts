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
  GraphQLError,
  print,
  subscribe,
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

function isAsyncIterable(value: unknown): value is AsyncIterableIterator<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function groupKey(args: ExecutionArgs, subscriber: Subscriber): string {
  return [
    callerKey(subscriber.caller),
    args.operationName ?? '',
    print(args.document),
    JSON.stringify(args.variableValues ?? {}),
  ].join('\u0000');
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
    private readonly results: Results,
    private readonly current: () => ChatEvent | null,
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
            void this.results.return?.();
          }
        },
      }),
    };
    this.#members.add(entry);
    metrics.subscriptionOpened(member.transport);
    return entry.queue;
  }

  /** Writes one result's frame to a member that writes its own frames. */
  #write(entry: Entry, write: FrameWriter, json: Buffer, receivedAt: number): void {
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
      metrics.delivered(writtenAt - receivedAt);
    }
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        const step = await this.results.next();
        if (step.done === true) break;
        const result = shareable(step.value, this.deps.formatError);
        const receivedAt = this.current()?.receivedAt ?? this.deps.now();
        this.#receivedAt.set(result, receivedAt);
        // Serialised once for every member that writes its own frames.
        let json: Buffer | undefined;
        for (const entry of [...this.#members]) {
          const { write } = entry.member;
          if (write === undefined) entry.queue.push(result);
          else if (entry.queue.open)
            this.#write(entry, write, (json ??= Buffer.from(JSON.stringify(result))), receivedAt);
        }
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

  constructor(private readonly deps: FanoutDeps) {}

  /** Groups currently running (one bus listener each). */
  get groups(): number {
    return this.#groups.size;
  }

  async subscribe(args: ExecutionArgs, member: Member): Promise<Results | ExecutionResult> {
    const key = groupKey(args, member.subscriber);
    const existing = this.#groups.get(key);
    if (existing) return existing.join(member);

    let current: ChatEvent | null = null;
    const session = this.deps.session(member.subscriber, {
      onEvent: (event) => {
        current = event;
      },
    });
    let result: Awaited<ReturnType<typeof subscribe>>;
    try {
      result = await subscribe({ ...args, contextValue: this.deps.contexts.blank(session) });
    } catch {
      // graphql-js throws only on misuse (an invalid schema); answer it like any other failure.
      return {
        errors: [
          new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
        ],
      };
    }
    // Errors (a bad id, an unknown field) are this subscriber's own answer.
    if (!isAsyncIterable(result)) return result;
    // Another subscriber may have started the same group while this one was subscribing.
    const raced = this.#groups.get(key);
    if (raced) {
      void result.return?.();
      return raced.join(member);
    }
    const group: Group = new Group(
      this.deps,
      result,
      () => current,
      () => {
        if (this.#groups.get(key) === group) this.#groups.delete(key);
      },
    );
    this.#groups.set(key, group);
    return group.join(member);
  }
}

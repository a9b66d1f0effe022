/**
 * A bounded buffer between a producer that must never wait (the bus, a fan-out) and one slow
 * consumer (a subscriber's socket). When more than `capacity` items wait, the consumer is too
 * slow: the buffer is dropped, `onOverflow` tells the transport (which closes the connection
 * with its own clear code) and the iterator fails with {@link SlowConsumerError}.
 *
 * The consumer pulls one item at a time (graphql-ws, graphql-sse and Apollo's callback plugin
 * each await their write before the next pull), so a pull also says that the previous item has
 * been written: `onDelivered` reports it.
 */

export class SlowConsumerError extends Error {
  constructor(readonly capacity: number) {
    super(`Subscriber too slow: more than ${capacity} events were waiting to be sent.`);
    this.name = 'SlowConsumerError';
  }
}

export interface BoundedQueueOptions<T> {
  readonly capacity: number;
  readonly onOverflow?: (error: SlowConsumerError) => void;
  /** The consumer finished with `item` (it pulled again or stopped). */
  readonly onDelivered?: (item: T) => void;
  /** Called once when the iterator ends for any reason. */
  readonly onClose?: () => void;
}

type Waiter<T> = {
  resolve: (result: IteratorResult<T>) => void;
  reject: (error: unknown) => void;
};

export class BoundedQueue<T> implements AsyncIterableIterator<T> {
  #items: T[] = [];
  #waiter: Waiter<T> | null = null;
  #inHand: { item: T } | null = null;
  #state: 'open' | 'draining' | 'ended' | 'failed' | 'closed' = 'open';
  #error: unknown = null;

  constructor(private readonly options: BoundedQueueOptions<T>) {}

  get length(): number {
    return this.#items.length;
  }

  get open(): boolean {
    return this.#state === 'open';
  }

  /** Adds an item; false when the iterator is no longer open (or the item overflowed it). */
  push(item: T): boolean {
    if (this.#state !== 'open') return false;
    if (this.#waiter) {
      const waiter = this.#waiter;
      this.#waiter = null;
      this.#hand(item);
      waiter.resolve({ value: item, done: false });
      return true;
    }
    if (this.#items.length >= this.options.capacity) {
      const error = new SlowConsumerError(this.options.capacity);
      this.fail(error);
      this.options.onOverflow?.(error);
      return false;
    }
    this.#items.push(item);
    return true;
  }

  /** Completes the iterator once the items already waiting have been pulled. */
  endAfterPending(): void {
    if (this.#state !== 'open') return;
    if (this.#items.length === 0) {
      this.end();
      return;
    }
    this.#state = 'draining';
  }

  /** Completes the iterator; items not yet pulled are dropped. */
  end(): void {
    if (this.#state !== 'open' && this.#state !== 'draining') return;
    this.#finish('ended');
    this.#waiter?.resolve({ value: undefined, done: true });
    this.#waiter = null;
  }

  /** The next pull rejects with `error`. */
  fail(error: unknown): void {
    if (this.#state !== 'open' && this.#state !== 'draining') return;
    this.#error = error;
    this.#finish('failed');
    this.#waiter?.reject(error);
    this.#waiter = null;
  }

  next(): Promise<IteratorResult<T>> {
    this.#delivered();
    if (this.#state === 'failed') {
      this.#state = 'closed';
      return Promise.reject(this.#error);
    }
    const item =
      this.#state === 'open' || this.#state === 'draining' ? this.#items.shift() : undefined;
    if (item !== undefined) {
      this.#hand(item);
      return Promise.resolve({ value: item, done: false });
    }
    if (this.#state === 'draining') this.#finish('ended');
    if (this.#state !== 'open') return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.#delivered();
    if (this.#state === 'open' || this.#state === 'draining') this.#finish('closed');
    this.#state = 'closed';
    this.#waiter?.resolve({ value: undefined, done: true });
    this.#waiter = null;
    return Promise.resolve({ value: undefined, done: true });
  }

  /** As a generator's `throw`: ends the iterator (libraries tell generators apart by it). */
  async throw(error: unknown): Promise<IteratorResult<T>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #hand(item: T): void {
    this.#inHand = { item };
  }

  #delivered(): void {
    const inHand = this.#inHand;
    this.#inHand = null;
    if (inHand) this.options.onDelivered?.(inHand.item);
  }

  #finish(state: 'ended' | 'failed' | 'closed'): void {
    this.#state = state;
    this.#items = [];
    this.options.onClose?.();
  }
}

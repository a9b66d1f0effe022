/**
 * The time budget of a whole operation (one GraphQL request), carried by its `CallLedger`.
 * Once it passes, the client starts none of the operation's calls and aborts those in flight,
 * failing them with kind `deadline`; a single call outliving its own `deadlineMs` or a socket
 * timeout is kind `timeout` instead.
 */

/** Where the deadline reads time and sets its timer (tests inject a manual clock). */
export interface DeadlineClock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Calls `fire` once after `ms`; the returned function cancels it. */
  setTimer(ms: number, fire: () => void): () => void;
}

export const systemClock: DeadlineClock = {
  now: () => performance.now(),
  setTimer(ms, fire) {
    const timer = setTimeout(fire, ms);
    // A forgotten deadline must not keep the process alive.
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** The abort reason of {@link OperationDeadline.signal}. */
export class OperationDeadlineExceeded extends Error {
  override readonly name = 'OperationDeadlineExceeded';
}

export class OperationDeadline {
  readonly signal: AbortSignal;
  private readonly expiresAt: number;
  private readonly cancelTimer: () => void;

  constructor(
    readonly budgetMs: number,
    private readonly clock: DeadlineClock = systemClock,
  ) {
    if (!Number.isSafeInteger(budgetMs) || budgetMs < 1) {
      throw new RangeError('an operation deadline must be a positive integer of milliseconds');
    }
    const controller = new AbortController();
    this.signal = controller.signal;
    this.expiresAt = clock.now() + budgetMs;
    this.cancelTimer = clock.setTimer(budgetMs, () =>
      controller.abort(new OperationDeadlineExceeded(`deadline of ${budgetMs} ms exceeded`)),
    );
  }

  get expired(): boolean {
    return this.signal.aborted || this.remainingMs() <= 0;
  }

  remainingMs(): number {
    return Math.max(0, this.expiresAt - this.clock.now());
  }

  /** Stops the timer once the operation is over. */
  dispose(): void {
    this.cancelTimer();
  }
}

/**
 * What upstream calls cost. One entry per client call (not per HTTP attempt); the server keeps
 * one ledger per GraphQL operation and reports its summary in `extensions`. The ledger also
 * stands for its operation inside the client: the unit of fair sharing of Twilio slots, and the
 * carrier of the operation's deadline.
 */
import type { HostProduct, HttpMethod } from '../registry/types.js';
import type { OperationDeadline } from './deadline.js';
import type { TwilioErrorKind } from './errors.js';

export interface CallEntry {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly host: HostProduct;
  /** HTTP status of the last response, or null when none arrived. */
  readonly status: number | null;
  /** `ok`, or the kind of the error the call failed with. */
  readonly outcome: 'ok' | TwilioErrorKind;
  /** HTTP requests sent (0 when validation stopped the call). */
  readonly attempts: number;
  /** `performance.now()` when the call started. */
  readonly startedAt: number;
  /** Wall time of the call: queueing, attempts and backoff. */
  readonly durationMs: number;
  readonly requestId: string | null;
}

export interface LedgerSummary {
  /** HTTP requests actually sent. */
  readonly requests: number;
  /** Requests beyond the first of each call. */
  readonly retries: number;
  /** Wall time during which at least one call was running (overlapping calls count once). */
  readonly durationMs: number;
  readonly calls: number;
}

export interface CallLedgerOptions {
  /** The operation's time budget: no call starts after it, calls in flight are aborted. */
  readonly deadline?: OperationDeadline;
  /**
   * The most HTTP requests the operation may send, retries included; a request past it is not
   * sent (the call fails with kind `budget`). Unlimited when absent.
   */
  readonly maxRequests?: number;
}

export class CallLedger {
  private readonly recorded: CallEntry[] = [];
  readonly deadline: OperationDeadline | null;
  readonly maxRequests: number | null;
  private admitted = 0;

  constructor(options: CallLedgerOptions = {}) {
    this.deadline = options.deadline ?? null;
    this.maxRequests = options.maxRequests ?? null;
  }

  /**
   * Takes one request from the budget before it is sent; false once the budget is spent.
   * Counted at admission, not on completion, so parallel calls cannot overshoot together.
   */
  admitRequest(): boolean {
    if (this.maxRequests !== null && this.admitted >= this.maxRequests) return false;
    this.admitted += 1;
    return true;
  }

  /** Requests admitted so far (sent or being sent). */
  get requestsAdmitted(): number {
    return this.admitted;
  }

  record(entry: CallEntry): void {
    this.recorded.push(entry);
  }

  get entries(): readonly CallEntry[] {
    return this.recorded;
  }

  summary(): LedgerSummary {
    let requests = 0;
    let retries = 0;
    for (const entry of this.recorded) {
      requests += entry.attempts;
      retries += Math.max(0, entry.attempts - 1);
    }
    return { requests, retries, durationMs: coveredMs(this.recorded), calls: this.recorded.length };
  }
}

function coveredMs(entries: readonly CallEntry[]): number {
  const spans = entries
    .map((e) => [e.startedAt, e.startedAt + e.durationMs] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [start, stop] of spans) {
    if (stop <= end) continue;
    total += stop - Math.max(start, end);
    end = stop;
  }
  return total;
}

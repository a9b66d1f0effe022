/**
 * Hooks into each HTTP attempt a call makes, for tracing and metrics above this layer. The client
 * stays free of any telemetry library: it reports what it knows (operation id, method, attempt,
 * why it is repeated, time queued for a slot, time on the wire, status and Twilio error code) and
 * never a parameter, a body or a credential.
 */
import type { HostProduct, HttpMethod } from '../registry/types.js';
import type { TwilioErrorKind } from './errors.js';
import type { CallLedger } from './ledger.js';

/**
 * Why an attempt repeats the one before it: `http-<status>` after an answer (429, 5xx, an
 * unreadable 2xx), otherwise the kind of the failure (`timeout`, `connection`).
 */
export type RetryReason = `http-${number}` | TwilioErrorKind;

export interface AttemptStart {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly host: HostProduct;
  /** 1 for the first request of a call. */
  readonly attempt: number;
  /** null on the first attempt. */
  readonly retryReason: RetryReason | null;
  /** Time this attempt waited for a concurrency slot, in ms. */
  readonly queuedMs: number;
  /** The ledger of the call (its operation), when the caller gave one. */
  readonly ledger: CallLedger | null;
}

export interface AttemptEnd {
  /** HTTP status, or null when no answer arrived. */
  readonly status: number | null;
  /** Twilio's error `code` from the answer's body, when it had one. */
  readonly twilioCode: number | null;
  /** null when the attempt succeeded. */
  readonly errorKind: TwilioErrorKind | null;
  /** Time from sending the request to reading the whole answer (or the failure), in ms. */
  readonly wireMs: number;
  readonly requestId: string | null;
}

/** What an observer keeps for one attempt. */
export interface AttemptTrace {
  /**
   * Headers to add to this attempt's request (e.g. `traceparent`). They never replace a header
   * the client sets itself.
   */
  readonly headers?: Readonly<Record<string, string>>;
  end(result: AttemptEnd): void;
}

export interface CallObserver {
  /** Called once a slot is granted, right before the request is sent. */
  attemptStarted(event: AttemptStart): AttemptTrace | undefined;
}

/** One observer out of several; each sees every attempt, and their headers are merged. */
export function combineObservers(
  observers: readonly (CallObserver | null | undefined)[],
): CallObserver {
  const present = observers.filter((o): o is CallObserver => o !== null && o !== undefined);
  // Every attempt passes through here: one observer (metrics without tracing) is itself.
  if (present.length === 1) return present[0] as CallObserver;
  return {
    attemptStarted(event) {
      const traces: AttemptTrace[] = [];
      let headers: Record<string, string> | undefined;
      for (const observer of present) {
        const trace = observer.attemptStarted(event);
        if (trace === undefined) continue;
        traces.push(trace);
        if (trace.headers !== undefined) headers = { ...headers, ...trace.headers };
      }
      if (traces.length === 0) return undefined;
      return {
        ...(headers === undefined ? {} : { headers }),
        end: (result) => {
          for (const trace of traces) trace.end(result);
        },
      };
    },
  };
}

/**
 * The one error class the Twilio client throws. Callers branch on `kind`, and on `outcome` for
 * writes; every message is built by us or copied from Twilio's JSON body after credential
 * redaction, so an error can be logged or serialised without leaking an Auth Token, API secret
 * or Authorization header.
 */
import type { HttpMethod } from '../registry/types.js';

export type TwilioErrorKind =
  /** Twilio answered with a JSON error body (`code`, `message`, `more_info`, `status`). */
  | 'twilio'
  /** A non-2xx answer without a JSON error body, or a 2xx answer we could not read. */
  | 'http'
  /** A connect/headers/body timeout or the call's own `deadlineMs`. */
  | 'timeout'
  /** The operation's deadline (its ledger's) passed: the call was not started, or was stopped. */
  | 'deadline'
  /** The operation's request budget (its ledger's `maxRequests`) was spent: not sent. */
  | 'budget'
  /** The connection failed (refused, reset, DNS) before a response arrived. */
  | 'connection'
  /** The caller's AbortSignal fired. */
  | 'aborted'
  /** Parameters or URLs rejected before any request left. */
  | 'validation'
  /** The client configuration is missing or invalid. */
  | 'config';

/**
 * Whether Twilio may have acted on the call, over all its attempts. What matters for a write:
 * only after `not-sent` or `rejected` is it certain that nothing changed.
 */
export type TwilioCallOutcome =
  /** No request reached Twilio: validation, queueing, a refused or timed-out connect, DNS. */
  | 'not-sent'
  /** Twilio answered that it did nothing: a 4xx (a 429 included). */
  | 'rejected'
  /**
   * Twilio may have acted: a 5xx, a timeout or broken connection after the request was sent, an
   * abort while it was in flight, or a 2xx whose body could not be read.
   */
  | 'unknown';

export interface TwilioErrorInit {
  readonly kind: TwilioErrorKind;
  readonly message: string;
  readonly operationId?: string | null;
  readonly status?: number | null;
  readonly code?: number | null;
  readonly moreInfo?: string | null;
  readonly requestId?: string | null;
  readonly retryable?: boolean;
  readonly attempts?: number;
  /** Parameter name a validation error is about. */
  readonly parameter?: string | null;
  /** Default `not-sent`. */
  readonly outcome?: TwilioCallOutcome;
  readonly method?: HttpMethod | null;
  readonly cause?: unknown;
}

export class TwilioError extends Error {
  override readonly name = 'TwilioError';
  readonly kind: TwilioErrorKind;
  readonly operationId: string | null;
  /** HTTP status of the last response, if one arrived. */
  readonly status: number | null;
  /** Twilio error code from the JSON body (e.g. 20404, 20429). */
  readonly code: number | null;
  readonly moreInfo: string | null;
  /** `Twilio-Request-Id` of the last response. */
  readonly requestId: string | null;
  /** Whether repeating the same call later may succeed without changing it. */
  readonly retryable: boolean;
  /** HTTP requests actually sent for this call. */
  readonly attempts: number;
  readonly parameter: string | null;
  readonly outcome: TwilioCallOutcome;
  /** HTTP method of the operation, once known. */
  readonly method: HttpMethod | null;

  constructor(init: TwilioErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.operationId = init.operationId ?? null;
    this.status = init.status ?? null;
    this.code = init.code ?? null;
    this.moreInfo = init.moreInfo ?? null;
    this.requestId = init.requestId ?? null;
    this.retryable = init.retryable ?? false;
    this.attempts = init.attempts ?? 0;
    this.parameter = init.parameter ?? null;
    this.outcome = init.outcome ?? 'not-sent';
    this.method = init.method ?? null;
  }

  /** A copy that records where, after how many attempts and with what outcome it surfaced. */
  withCallContext(
    operationId: string,
    attempts: number,
    outcome: TwilioCallOutcome,
    method: HttpMethod,
  ): TwilioError {
    return new TwilioError({ ...this.toInit(), operationId, attempts, outcome, method });
  }

  /** A copy with a different kind and message (e.g. a retried 503 that ran out of time). */
  withKind(kind: TwilioErrorKind, message: string, retryable: boolean): TwilioError {
    return new TwilioError({ ...this.toInit(), kind, message, retryable });
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      operationId: this.operationId,
      status: this.status,
      code: this.code,
      moreInfo: this.moreInfo,
      requestId: this.requestId,
      retryable: this.retryable,
      attempts: this.attempts,
      parameter: this.parameter,
      outcome: this.outcome,
      method: this.method,
    };
  }

  private toInit(): TwilioErrorInit {
    return {
      kind: this.kind,
      message: this.message,
      operationId: this.operationId,
      status: this.status,
      code: this.code,
      moreInfo: this.moreInfo,
      requestId: this.requestId,
      retryable: this.retryable,
      attempts: this.attempts,
      parameter: this.parameter,
      outcome: this.outcome,
      method: this.method,
      cause: this.cause,
    };
  }
}

export function isTwilioError(value: unknown): value is TwilioError {
  return value instanceof TwilioError;
}

export function validationError(parameter: string | null, message: string): TwilioError {
  return new TwilioError({ kind: 'validation', parameter, message });
}

/** The outcome of a call over its attempts: one that may have been acted on decides. */
export function worseOutcome(a: TwilioCallOutcome, b: TwilioCallOutcome): TwilioCallOutcome {
  const rank = { 'not-sent': 0, rejected: 1, unknown: 2 } as const;
  return rank[a] >= rank[b] ? a : b;
}

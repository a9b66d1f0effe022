/**
 * The one error class the Twilio client throws. Callers branch on `kind`; every message is
 * built by us or copied from Twilio's JSON body after credential redaction, so an error can be
 * logged or serialised without leaking an Auth Token, API secret or Authorization header.
 */

export type TwilioErrorKind =
  /** Twilio answered with a JSON error body (`code`, `message`, `more_info`, `status`). */
  | 'twilio'
  /** A non-2xx answer without a JSON error body, or a 2xx answer we could not read. */
  | 'http'
  /** A connect/headers/body timeout or the call's overall deadline. */
  | 'timeout'
  /** The connection failed (refused, reset, DNS) before a response arrived. */
  | 'connection'
  /** The caller's AbortSignal fired. */
  | 'aborted'
  /** Parameters or URLs rejected before any request left. */
  | 'validation'
  /** The client configuration is missing or invalid. */
  | 'config';

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
  }

  /** A copy that records where and after how many attempts the failure surfaced. */
  withCallContext(operationId: string, attempts: number): TwilioError {
    return new TwilioError({ ...this.toInit(), operationId, attempts });
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

/**
 * Public surface of the Twilio REST client. Everything above this layer (loaders, graph, server)
 * imports from here only.
 */
export {
  TwilioClient,
  type CallOptions,
  type IterateOptions,
  type PageOptions,
  type ParsedCallOptions,
  type RetryPolicy,
  type TwilioClientOptions,
} from './client.js';
export {
  BASE_URL_ENV,
  DEFAULT_MAX_SHARE,
  DEFAULT_TUNABLES,
  MAX_SHARE_ENV,
  TUNABLE_ENV,
  createTwilioConfig,
  hasTwilioCredentials,
  loadTwilioConfig,
  validateCredentials,
  type BaseUrlOverrides,
  type TwilioConfig,
  type TwilioConfigInput,
  type TwilioCredentials,
} from './config.js';
export {
  OperationDeadline,
  OperationDeadlineExceeded,
  systemClock,
  type DeadlineClock,
} from './deadline.js';
export { encodeForm, encodePathSegment, formatTwilioDate, type WirePair } from './encoding.js';
export {
  TwilioError,
  isTwilioError,
  type TwilioCallOutcome,
  type TwilioErrorInit,
  type TwilioErrorKind,
} from './errors.js';
export { baseUrlFor, composeHostname, resolveTrustedUrl } from './hosts.js';
export {
  CallLedger,
  type CallEntry,
  type CallLedgerOptions,
  type LedgerSummary,
} from './ledger.js';
export type { LimiterState } from './limiter.js';
export {
  combineObservers,
  type AttemptEnd,
  type AttemptStart,
  type AttemptTrace,
  type CallObserver,
  type RetryReason,
} from './observer.js';
export {
  ACTION_WINDOW_MS,
  ACTIONS_PER_WINDOW,
  MemoryWindowStore,
  WindowGate,
  actionRateKey,
  wallRateClock,
  type RateClock,
  type RateGate,
  type WindowGateOptions,
  type WindowStore,
} from './action-rate.js';
export type { AccountLease, LeaseAnswer, SlotLeaser } from './shared-budget.js';
export type { PageMeta, PageRequestOptions, PageResult } from './paging.js';
export {
  backoffDelayMs,
  isIdempotent,
  isRetryable,
  parseRetryAfterMs,
  type SleepFunction,
} from './retry.js';
export { prepareRequest, type PreparedRequest, type TwilioParams } from './validate.js';
export { CLIENT_VERSION, userAgent } from './version.js';

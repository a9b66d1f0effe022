/**
 * The Twilio REST client: calls by registry operation id, with validation before sending,
 * HTTP Basic auth, an adaptive per-account limit on requests in flight shared fairly between
 * operations, retries with backoff, per-call and per-operation deadlines, cancellation, error
 * mapping (with whether Twilio may have acted) and a per-call ledger. It knows nothing of GraphQL.
 */
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import { findOperation, hostServes, hostsOf } from '../registry/index.js';
import type { HostProduct, HttpMethod, OperationSpec } from '../registry/types.js';
import { validateCredentials, type TwilioConfig, type TwilioCredentials } from './config.js';
import {
  TwilioError,
  validationError,
  worseOutcome,
  type TwilioCallOutcome,
  type TwilioErrorKind,
} from './errors.js';
import { baseUrlFor, defaultHostOf, resolveTrustedUrl } from './hosts.js';
import type { CallEntry, CallLedger } from './ledger.js';
import type {
  AttemptEnd,
  AttemptStart,
  AttemptTrace,
  CallObserver,
  RetryReason,
} from './observer.js';
import { actionRateKey, WindowGate, type RateGate } from './action-rate.js';
import { AccountLimiter, type LimiterState, type Permit } from './limiter.js';
import type { SlotLeaser } from './shared-budget.js';
import { linkCallSignal } from './call-signal.js';
import { exchange, wantedHeaders } from './exchange.js';
import { loopTimeout } from './loop-timer.js';
import {
  boundedPageSize,
  parsePage,
  requireListOperation,
  type PageRequestOptions,
  type PageResult,
} from './paging.js';
import { basicCredential, createRedactor, sanitizedCause, type Redactor } from './redact.js';
import {
  backoffDelayMs,
  defaultSleep,
  isIdempotent,
  isRetryable,
  parseRetryAfterMs,
  type SleepFunction,
} from './retry.js';
import { prepareRequest, type TwilioParams } from './validate.js';
import { userAgent } from './version.js';

export interface TwilioClientOptions {
  readonly config: TwilioConfig;
  /** Metrics hook, called once per call (success or failure) with its ledger entry. */
  readonly onCall?: (entry: CallEntry) => void;
  /** Tracing and metrics hook, told of each HTTP attempt (observer.ts). */
  readonly observer?: CallObserver;
  /** Replaces the backoff sleep (tests assert requested delays with it). */
  readonly sleep?: SleepFunction;
  /** Replaces Math.random for backoff jitter. */
  readonly random?: () => number;
  /**
   * Replaces performance.now (ms) for the deadline check before each backoff, for call
   * durations and for the adaptive limit (how long a capacity learnt from a 429 is kept); a test
   * that advances it in `sleep` counts attempts without wall time.
   */
  readonly now?: () => number;
  /** Replaces Date.now for reading a Retry-After given as an HTTP date. */
  readonly wallClock?: () => number;
  /**
   * Shares each account's concurrency budget with other replicas (a Redis lease); without it
   * the budget is this process's own.
   */
  readonly leaser?: SlotLeaser;
  /**
   * Holds Conversations writes to their documented action rates (30/s per conversation or per
   * service). Default: an in-process sliding window on the wall clock.
   */
  readonly rateGate?: RateGate;
}

export interface CallOptions {
  /** Host to call; defaults to the operation's product. Chat v2 ops may use `ip-messaging`. */
  readonly host?: HostProduct;
  /** Stops the call, its queue wait and its retries; the call rejects with kind `aborted`. */
  readonly signal?: AbortSignal;
  /** Receives this call's entry. */
  readonly ledger?: CallLedger;
  /** Overrides the configured overall deadline for this call. */
  readonly deadlineMs?: number;
  /** Calls as another account (e.g. per-tenant credentials) instead of the configured one. */
  readonly credentials?: TwilioCredentials;
  /**
   * Which failures are repeated. `default`: 429 always, plus 5xx/timeouts/broken connections for
   * GET and DELETE. `rate-limit-only`: only a 429 (Twilio did nothing), for writes whose caller
   * must see the first outcome, e.g. a mutation that must never delete or create twice.
   */
  readonly retry?: RetryPolicy;
}

export type RetryPolicy = 'default' | 'rate-limit-only';

export interface ParsedCallOptions<T> extends CallOptions {
  /** Turns the JSON body (undefined for 204) into `T`; a throw fails the call with kind `http`. */
  readonly parse: (data: unknown) => T;
}

export type PageOptions = CallOptions & PageRequestOptions;

export interface IterateOptions extends CallOptions, PageRequestOptions {
  /** Stop after this many items in total (the last page is cut short). */
  readonly limit?: number;
}

/** One ready-to-send request; built inside the call so build errors are recorded too. */
interface Target {
  readonly op: OperationSpec;
  readonly host: HostProduct;
  readonly origin: string;
  /** Path with base-URL prefix and query string, exactly as it goes on the wire. */
  readonly path: string;
  readonly body: string | null;
  readonly headers: Readonly<Record<string, string>>;
  /** The action-rate key (action-rate.ts), or null when the call has no documented rate. */
  readonly rateKey: string | null;
}

interface Answer {
  readonly status: number;
  readonly requestId: string | null;
  readonly retryAfterMs: number | null;
  /** `Twilio-Concurrent-Requests`: the account's requests in flight as Twilio counted them. */
  readonly concurrent: number | null;
  readonly text: string;
}

interface CredentialUse {
  readonly redact: Redactor;
  readonly authorization: string;
}

interface BaseUrl {
  readonly origin: string;
  /** The base URL's path without its trailing slash. */
  readonly prefix: string;
}

class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The answer headers the client reads. */
const ANSWER_HEADERS = wantedHeaders([
  'twilio-request-id',
  'retry-after',
  'twilio-concurrent-requests',
]);

/** Failures before a connection existed: no byte of the request reached Twilio. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Where the adaptive limit starts: the fixed cap this client had before it adapted. */
const INITIAL_IN_FLIGHT = 20;
/** Even under heavy throttling, two operations may each keep one request going. */
const MIN_IN_FLIGHT = 2;
/** Twilio's per-account limit changes rarely; after this the limit may probe above it again. */
const CAPACITY_MEMORY_MS = 10 * 60_000;

export class TwilioClient {
  readonly config: TwilioConfig;
  private readonly dispatcher: Agent;
  private readonly limiters = new Map<string, AccountLimiter>();
  private readonly onCall: ((entry: CallEntry) => void) | undefined;
  private readonly observer: CallObserver | undefined;
  private readonly sleep: SleepFunction;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly wallClock: () => number;
  private readonly userAgent = userAgent();
  private readonly leaser: SlotLeaser | null;
  private readonly rateGate: RateGate;
  /** Per credentials object: its redactor and Authorization header, made once. */
  private readonly secrets = new WeakMap<TwilioCredentials, CredentialUse>();
  /** Per base URL: its origin and path prefix (a URL parse per call showed in profiles). */
  private readonly bases = new Map<string, BaseUrl>();

  constructor(options: TwilioClientOptions) {
    this.config = options.config;
    this.onCall = options.onCall;
    this.observer = options.observer;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => performance.now());
    this.wallClock = options.wallClock ?? Date.now;
    this.leaser = options.leaser ?? null;
    this.rateGate = options.rateGate ?? new WindowGate();
    // One Agent keeps one keep-alive Pool per origin; the per-account limiter bounds requests.
    this.dispatcher = new Agent({
      connect: { timeout: this.config.connectTimeoutMs },
      headersTimeout: this.config.headersTimeoutMs,
      bodyTimeout: this.config.bodyTimeoutMs,
      keepAliveTimeout: this.config.keepAliveTimeoutMs,
    });
  }

  /** Calls `operationId` and returns the JSON body (undefined for an empty 2xx such as 204). */
  request(operationId: string, params?: TwilioParams, options?: CallOptions): Promise<unknown>;
  request<T>(operationId: string, params: TwilioParams, options: ParsedCallOptions<T>): Promise<T>;
  request<T>(
    operationId: string,
    params: TwilioParams = {},
    options: CallOptions & { readonly parse?: (data: unknown) => T } = {},
  ): Promise<T | unknown> {
    const parse = options.parse ?? ((data: unknown) => data);
    return this.call(
      operationId,
      options,
      () => {
        const op = lookup(operationId);
        return this.targetFor(op, chooseHost(op, options.host), params, options.credentials);
      },
      () => parse,
    );
  }

  /** Fetches one page of a list operation. */
  page(
    operationId: string,
    params: TwilioParams = {},
    options: PageOptions = {},
  ): Promise<PageResult> {
    return this.call(
      operationId,
      options,
      () => {
        const op = lookup(operationId);
        requireListOperation(op);
        if (options.pageSize !== undefined && params.PageSize !== undefined) {
          throw validationError(
            'PageSize',
            `${op.id}: give the page size as the PageSize parameter or the pageSize option, not both`,
          );
        }
        const pageSize = boundedPageSize(op, options.pageSize);
        const paging = {
          ...(pageSize === undefined ? {} : { PageSize: pageSize }),
          ...(options.pageToken === undefined ? {} : { PageToken: options.pageToken }),
        };
        return this.targetFor(op, chooseHost(op, options.host), { ...params, ...paging });
      },
      (op) => (data) => parsePage(op, data),
    );
  }

  /**
   * Fetches a page by a `next_page_url` / `previous_page_url` Twilio returned, verbatim (its
   * filters included). The URL must lie under a configured base URL of the operation's
   * product; otherwise nothing is sent, so credentials never reach a host a response named.
   */
  pageAt(operationId: string, url: string, options: CallOptions = {}): Promise<PageResult> {
    return this.call(
      operationId,
      options,
      () => {
        const op = lookup(operationId);
        requireListOperation(op);
        return this.targetForUrl(op, url);
      },
      (op) => (data) => parsePage(op, data),
    );
  }

  /** Pages of a list, following `next_page_url`, until the last page or `limit` items. */
  async *pages(
    operationId: string,
    params: TwilioParams = {},
    options: IterateOptions = {},
  ): AsyncGenerator<PageResult, void, undefined> {
    const { limit, ...pageOptions } = options;
    if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) {
      throw validationError(null, `${operationId}: limit must be a positive integer`);
    }
    const maxPageSize = findOperation(operationId)?.maxPageSize ?? null;
    // Like twilio-node: with only a limit, ask for that many per page (bounded by the maximum).
    const pageSize =
      options.pageSize ??
      (limit !== undefined && maxPageSize !== null ? Math.min(limit, maxPageSize) : undefined);
    const { pageToken: _first, pageSize: _size, ...followOptions } = pageOptions;
    let page = await this.page(operationId, params, { ...pageOptions, pageSize });
    let remaining = limit ?? Infinity;
    for (;;) {
      const items = page.items.length > remaining ? page.items.slice(0, remaining) : page.items;
      remaining -= items.length;
      yield items === page.items ? page : { ...page, items };
      if (remaining <= 0 || page.nextPageUrl === null || page.items.length === 0) return;
      page = await this.pageAt(operationId, page.nextPageUrl, followOptions);
    }
  }

  /** Items of a list across pages, until the last page or `limit` items. */
  async *items(
    operationId: string,
    params: TwilioParams = {},
    options: IterateOptions = {},
  ): AsyncGenerator<unknown, void, undefined> {
    for await (const page of this.pages(operationId, params, options)) yield* page.items;
  }

  /**
   * The adaptive concurrency of an account (default: the configured one): its current limit,
   * requests in flight and calls waiting.
   */
  concurrency(accountSid: string = this.config.credentials.accountSid): LimiterState {
    return this.limiterFor(accountSid).state();
  }

  /** Closes keep-alive connections; later calls fail with kind `connection`. */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private targetFor(
    op: OperationSpec,
    host: HostProduct,
    params: TwilioParams,
    credentials?: TwilioCredentials,
  ): Target {
    const prepared = prepareRequest(op, host, params);
    const base = this.baseOf(baseUrlFor(this.config, host));
    const accountSid = (credentials ?? this.config.credentials).accountSid;
    return {
      rateKey: actionRateKey(op, params, accountSid),
      op,
      host,
      origin: base.origin,
      path: `${base.prefix}${prepared.pathAndQuery}`,
      body: prepared.body,
      headers: prepared.headers,
    };
  }

  private targetForUrl(op: OperationSpec, rawUrl: unknown): Target {
    const hosts = hostsOf[op.product].filter((h) => hostServes(h, op));
    const trusted =
      typeof rawUrl === 'string' ? resolveTrustedUrl(this.config, hosts, rawUrl) : null;
    if (trusted === null) {
      throw validationError(
        null,
        `${op.id}: refusing to follow a page URL outside the configured ${hosts.join('/')} base URLs`,
      );
    }
    const { prefix } = this.baseOf(baseUrlFor(this.config, trusted.host));
    if (!trusted.url.pathname.startsWith(`${prefix}/${op.version}/`)) {
      throw validationError(null, `${op.id}: page URL is not a ${op.version} URL`);
    }
    return {
      op,
      host: trusted.host,
      origin: trusted.url.origin,
      path: `${trusted.url.pathname}${trusted.url.search}`,
      body: null,
      headers: {},
      rateKey: null,
    };
  }

  private baseOf(url: string): BaseUrl {
    let base = this.bases.get(url);
    if (base === undefined) {
      const parsed = new URL(url);
      base = { origin: parsed.origin, prefix: parsed.pathname.replace(/\/+$/, '') };
      this.bases.set(url, base);
    }
    return base;
  }

  private useOf(credentials: TwilioCredentials): CredentialUse {
    let use = this.secrets.get(credentials);
    if (use === undefined) {
      use = {
        redact: createRedactor(credentials),
        authorization: `Basic ${basicCredential(credentials)}`,
      };
      this.secrets.set(credentials, use);
    }
    return use;
  }

  private limiterFor(accountSid: string): AccountLimiter {
    let limiter = this.limiters.get(accountSid);
    if (limiter === undefined) {
      limiter = new AccountLimiter(
        {
          ceiling: this.config.maxInFlightPerAccount,
          floor: MIN_IN_FLIGHT,
          initial: INITIAL_IN_FLIGHT,
          capacityMemoryMs: CAPACITY_MEMORY_MS,
          now: this.now,
          maxShare: this.config.maxSharePerOperation,
        },
        this.leaser?.lease(accountSid, this.config.maxInFlightPerAccount) ?? null,
      );
      this.limiters.set(accountSid, limiter);
    }
    return limiter;
  }

  /** One call: build, queue, attempts and backoff under the deadlines; records the entry. */
  private async call<T>(
    operationId: string,
    options: CallOptions,
    build: () => Target,
    parserFor: (op: OperationSpec) => (data: unknown) => T,
  ): Promise<T> {
    const startedAt = this.now();
    const known = typeof operationId === 'string' ? findOperation(operationId) : undefined;
    let attempts = 0;
    let method: HttpMethod = known?.method ?? 'GET';
    let host: HostProduct = known ? defaultHostOf(known) : 'conversations';
    let last: Answer | null = null;
    let outcome: TwilioCallOutcome = 'not-sent';
    let use = this.useOf(this.config.credentials);
    let redact: Redactor = use.redact;
    const finish = (result: 'ok' | TwilioErrorKind) => {
      const entry: CallEntry = {
        operationId: String(operationId),
        method,
        host,
        status: last?.status ?? null,
        outcome: result,
        attempts,
        startedAt,
        durationMs: this.now() - startedAt,
        requestId: last?.requestId ?? null,
      };
      options.ledger?.record(entry);
      try {
        this.onCall?.(entry);
      } catch {
        // A metrics hook must not change the outcome of a call.
      }
    };

    const operation = options.ledger?.deadline ?? null;
    // The ledger stands for its operation in the fair queue; a call without one is its own.
    const owner: object = options.ledger ?? {};
    const deadlineMs = validDeadline(options.deadlineMs) ?? this.config.deadlineMs;
    // Aborted by the call's own deadline, its caller's signal or its operation's deadline.
    const controller = new AbortController();
    const signal = controller.signal;
    let timedOut = false;
    // Loop-available time, not wall time: a busy gateway must not blame Twilio (loop-timer.ts).
    const cancelDeadline = loopTimeout(deadlineMs, () => {
      timedOut = true;
      controller.abort(new DeadlineExceeded());
    });
    const unlink = linkCallSignal(controller, options.signal, options.ledger);
    const deadlineAt = this.now() + deadlineMs;
    const stopped = (kind: 'timeout' | 'deadline'): TwilioError =>
      deadlineError({
        kind,
        operationId: String(operationId),
        budgetMs: kind === 'deadline' && operation ? operation.budgetMs : deadlineMs,
        method,
        outcome,
        last,
        redact,
      });
    const interrupted = (): TwilioError | null => {
      if (operation?.expired) return stopped('deadline');
      if (options.signal?.aborted) {
        return new TwilioError({
          kind: 'aborted',
          message: `${String(operationId)}: call aborted by the caller`,
        });
      }
      if (timedOut) return stopped('timeout');
      return null;
    };

    try {
      if (options.deadlineMs !== undefined && validDeadline(options.deadlineMs) === undefined) {
        throw validationError(
          null,
          `${String(operationId)}: deadlineMs must be a positive integer`,
        );
      }
      const before = interrupted();
      if (before) throw before;
      const credentials = options.credentials
        ? validateCredentials(options.credentials)
        : this.config.credentials;
      use = this.useOf(credentials);
      redact = use.redact;
      const target = build();
      const parse = parserFor(target.op);
      method = target.op.method;
      host = target.host;
      const headers = this.headersFor(target, use.authorization);
      const limiter = this.limiterFor(credentials.accountSid);

      let retryReason: RetryReason | null = null;
      for (let attempt = 1; ; attempt += 1) {
        let failure: TwilioError;
        let permit: Permit | undefined;
        let answer: Answer | null = null;
        let sending = false;
        let trace: AttemptTrace | undefined;
        let attemptFailure: TwilioError | null = null;
        let sentAt = 0;
        try {
          // Before queueing: a request the budget refuses must not hold a slot either.
          if (options.ledger && !options.ledger.admitRequest()) {
            throw budgetSpent(target.op.id, options.ledger.maxRequests ?? 0);
          }
          // Each attempt is an action Twilio counts, so a retry waits its turn too.
          const turn =
            target.rateKey === null ? undefined : this.rateGate.pass(target.rateKey, signal);
          if (turn !== undefined) await turn;
          const queuedAt = this.now();
          permit =
            (signal.aborted ? null : limiter.tryAcquire(owner)) ??
            (await limiter.acquire(owner, signal));
          attempts += 1;
          if (this.observer !== undefined) {
            trace = this.observeAttempt(this.observer, {
              operationId: target.op.id,
              method,
              host,
              attempt,
              retryReason,
              queuedMs: this.now() - queuedAt,
              ledger: options.ledger ?? null,
            });
          }
          sending = true;
          sentAt = this.now();
          const traceHeaders = trace?.headers;
          answer = await this.send(
            target,
            traceHeaders === undefined ? headers : { ...traceHeaders, ...headers },
            signal,
          );
          sending = false;
          last = answer;
          if (answer.status >= 200 && answer.status < 300) {
            // Twilio has acted; only an unreadable body can still fail the call.
            outcome = 'unknown';
            try {
              const result = readSuccess(target.op, answer, parse, redact);
              finish('ok');
              return result;
            } catch (error) {
              if (error instanceof TwilioError) attemptFailure = error;
              throw error;
            }
          }
          outcome = worseOutcome(outcome, answer.status >= 500 ? 'unknown' : 'rejected');
          failure = errorFromResponse(target.op, answer, redact);
          attemptFailure = failure;
        } catch (error) {
          const attemptOutcome = sending ? sentOutcome(error) : 'not-sent';
          outcome = worseOutcome(outcome, attemptOutcome);
          const stop = interrupted();
          attemptFailure = stop ?? attemptFailure;
          if (stop) throw stop;
          if (error instanceof TwilioError && !error.retryable) throw error;
          failure =
            error instanceof TwilioError
              ? error
              : transportError(target, error, redact, attemptOutcome);
          attemptFailure = failure;
        } finally {
          permit?.release(
            answer
              ? { throttled: answer.status === 429, concurrent: answer.concurrent }
              : undefined,
          );
          if (trace !== undefined) {
            endAttempt(trace, {
              status: answer?.status ?? null,
              twilioCode: attemptFailure?.code ?? null,
              errorKind: attemptFailure?.kind ?? null,
              wireMs: this.now() - sentAt,
              requestId: answer?.requestId ?? null,
            });
          }
        }
        retryReason = failure.status !== null ? `http-${failure.status}` : failure.kind;

        if (!failure.retryable || attempt >= this.config.maxAttempts) throw failure;
        if (options.retry === 'rate-limit-only' && failure.status !== 429) throw failure;
        // Retry-After from the failed answer, when present, replaces our own backoff.
        const delay =
          answer?.retryAfterMs ??
          backoffDelayMs(attempt, this.config.backoffBaseMs, this.config.backoffCapMs, this.random);
        if (operation && operation.remainingMs() <= delay) throw stopped('deadline');
        if (this.now() + delay >= deadlineAt) throw stopped('timeout');
        try {
          await this.sleep(delay, signal);
        } catch (error) {
          throw interrupted() ?? error;
        }
        const stop = interrupted();
        if (stop) throw stop;
      }
    } catch (error) {
      const failure =
        error instanceof TwilioError
          ? error.withCallContext(String(operationId), attempts, outcome, method)
          : new TwilioError({
              kind: 'connection',
              operationId: String(operationId),
              attempts,
              outcome,
              method,
              message: `${String(operationId)}: unexpected client failure`,
              cause: sanitizedCause(error, redact),
            });
      finish(failure.kind);
      throw failure;
    } finally {
      cancelDeadline();
      unlink();
    }
  }

  private observeAttempt(observer: CallObserver, event: AttemptStart): AttemptTrace | undefined {
    try {
      return observer.attemptStarted(event);
    } catch {
      // Like the metrics hook: observing a call must not change it.
      return undefined;
    }
  }

  private headersFor(target: Target, authorization: string): Record<string, string> {
    const headers: Record<string, string> = {
      authorization,
      'user-agent': this.userAgent,
      'accept-charset': 'utf-8',
    };
    // twilio-node leaves Accept off DELETE, whose answer has no body.
    if (target.op.method !== 'DELETE') headers.accept = 'application/json';
    if (target.op.method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
    for (const name in target.headers) headers[name.toLowerCase()] = target.headers[name] as string;
    return headers;
  }

  private async send(
    target: Target,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Answer> {
    const reply = await exchange(
      this.dispatcher,
      {
        origin: target.origin,
        path: target.path,
        method: target.op.method,
        headers,
        body: target.body,
      },
      signal,
      ANSWER_HEADERS,
    );
    const retryAfter = reply.headers.get('retry-after') ?? null;
    return {
      status: reply.status,
      requestId: reply.headers.get('twilio-request-id') ?? null,
      retryAfterMs: retryAfter === null ? null : parseRetryAfterMs(retryAfter, this.wallClock()),
      concurrent: parseCount(reply.headers.get('twilio-concurrent-requests') ?? null),
      text: reply.text,
    };
  }
}

function endAttempt(trace: AttemptTrace, result: AttemptEnd): void {
  try {
    trace.end(result);
  } catch {
    // An observer's failure is its own.
  }
}

function lookup(operationId: unknown): OperationSpec {
  const op = typeof operationId === 'string' ? findOperation(operationId) : undefined;
  if (op === undefined) {
    throw validationError(null, `Unknown Twilio operation id: ${String(operationId)}`);
  }
  return op;
}

function chooseHost(op: OperationSpec, requested: HostProduct | undefined): HostProduct {
  const host = requested ?? defaultHostOf(op);
  if (!hostServes(host, op)) {
    throw validationError(null, `${op.id} is not served on host ${String(host)}`);
  }
  return host;
}

function readSuccess<T>(
  op: OperationSpec,
  answer: Answer,
  parse: (data: unknown) => T,
  redact: Redactor,
): T {
  const fail = (message: string, retryable: boolean, cause?: unknown) =>
    new TwilioError({
      kind: 'http',
      operationId: op.id,
      status: answer.status,
      requestId: answer.requestId,
      retryable,
      message: `${op.id}: ${message}`,
      ...(cause === undefined ? {} : { cause: sanitizedCause(cause, redact) }),
    });
  let data: unknown;
  if (answer.status !== 204 && answer.text.trim() !== '') {
    try {
      data = JSON.parse(answer.text);
    } catch {
      // A cut or garbled body is a transport accident like a 5xx: a read may ask again.
      throw fail(`HTTP ${answer.status} response is not JSON`, isIdempotent(op.method));
    }
  }
  try {
    return parse(data);
  } catch (error) {
    const reason = error instanceof Error ? `: ${redact(error.message)}` : '';
    throw fail(`response did not have the expected shape${reason}`, false, error);
  }
}

function errorFromResponse(op: OperationSpec, answer: Answer, redact: Redactor): TwilioError {
  const retryable = isRetryable(op.method, 'http', answer.status);
  const body = parseJsonObject(answer.text);
  const common = {
    operationId: op.id,
    status: answer.status,
    requestId: answer.requestId,
    retryable,
  };
  if (body !== null && (typeof body.code === 'number' || typeof body.message === 'string')) {
    return new TwilioError({
      ...common,
      kind: 'twilio',
      code: typeof body.code === 'number' ? body.code : null,
      moreInfo: typeof body.more_info === 'string' ? redact(body.more_info) : null,
      message:
        typeof body.message === 'string'
          ? redact(body.message)
          : `${op.id}: HTTP ${answer.status} from Twilio`,
    });
  }
  return new TwilioError({
    ...common,
    kind: 'http',
    message: `${op.id}: HTTP ${answer.status} without a Twilio error body`,
  });
}

/** Whether a request that failed while being sent may have reached Twilio. */
function sentOutcome(error: unknown): TwilioCallOutcome {
  return NOT_SENT_CODES.has(errorCode(error)) ? 'not-sent' : 'unknown';
}

function transportError(
  target: Target,
  error: unknown,
  redact: Redactor,
  outcome: TwilioCallOutcome,
): TwilioError {
  const code = errorCode(error);
  const timeout = TIMEOUT_CODES.has(code);
  const kind: TwilioErrorKind = timeout ? 'timeout' : 'connection';
  const what = timeout ? `timed out (${code})` : `connection failed${code ? ` (${code})` : ''}`;
  return new TwilioError({
    kind,
    operationId: target.op.id,
    retryable: isRetryable(target.op.method, kind, null, outcome),
    message: `${target.op.id}: request to ${target.host} ${what}`,
    cause: sanitizedCause(error, redact),
  });
}

interface DeadlineInput {
  /** `timeout`: the call's own deadline; `deadline`: its operation's. */
  readonly kind: 'timeout' | 'deadline';
  readonly operationId: string;
  readonly budgetMs: number;
  readonly method: HttpMethod;
  readonly outcome: TwilioCallOutcome;
  readonly last: Answer | null;
  readonly redact: Redactor;
}

function deadlineError(input: DeadlineInput): TwilioError {
  const { kind, operationId, budgetMs, method, outcome, last, redact } = input;
  const lastError = last && last.status >= 300 ? parseJsonObject(last.text) : null;
  const lastAnswer = last ? ` (last answer: HTTP ${last.status})` : '';
  const whose = kind === 'deadline' ? 'operation deadline' : 'deadline';
  return new TwilioError({
    kind,
    operationId,
    status: last?.status ?? null,
    code: typeof lastError?.code === 'number' ? lastError.code : null,
    requestId: last?.requestId ?? null,
    // Out of time, not refused: safe to repeat unless a write may already have been carried out.
    retryable: outcome !== 'unknown' || isIdempotent(method),
    message: redact(`${operationId}: ${whose} of ${budgetMs} ms exceeded${lastAnswer}`),
  });
}

function budgetSpent(operationId: string, maxRequests: number): TwilioError {
  return new TwilioError({
    kind: 'budget',
    operationId,
    retryable: false,
    message: `${operationId}: not sent; the operation's budget of ${maxRequests} requests is spent`,
  });
}

function validDeadline(ms: number | undefined): number | undefined {
  return ms !== undefined && Number.isSafeInteger(ms) && ms > 0 ? ms : undefined;
}

function parseCount(header: string | null): number | null {
  return header !== null && /^\d+$/.test(header.trim()) ? Number(header.trim()) : null;
}

function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

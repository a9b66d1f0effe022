/**
 * The emulator's request pipeline: product and route, concurrency limit, injected faults,
 * latency, authentication, registry validation, the domain handler, paging, Twilio-shaped
 * answers, request log and webhook delivery. Operator controls live on the same object so the
 * admin API and `RunningEmulator` share one state.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerParamsOn, operations } from '../../registry/index.js';
import type { HostProduct, OperationSpec } from '../../registry/types.js';
import type { EmulatorDomain, HandlerContext, HandlerResult } from '../contract.js';
import { EmulatorError } from '../contract.js';
import { ErrorCode, notFoundError, twilioError } from '../codes.js';
import { WebhookSender } from '../webhooks.js';
import type { WebhookAttempt } from '../webhooks.js';
import { BasicAuthenticator } from './auth.js';
import { readBody } from './body.js';
import {
  authenticateError,
  errorBody,
  internalError,
  methodNotAllowedError,
  tooManyRequestsError,
  unavailableError,
} from './errors.js';
import { FaultInjector } from './faults.js';
import { LatencyInjector } from './latency.js';
import { hasResponseObservers, notifyResponseObservers } from './observe.js';
import type {
  EmulatorCredentials,
  FaultKind,
  EmulatorOptions,
  PageSizeOverMax,
} from './options.js';
import { resolveCredentials } from './options.js';
import { pagingParamNames, readPaging, renderPage } from './paging.js';
import { checkValue, parseUrlEncoded, pathValueFits, validateParams } from './params.js';
import type { RawParams } from './params.js';
import { addressedProduct } from './products.js';
import { RequestLog } from './request-log.js';
import { newRequestId, sendJson, sendTruncatedJson } from './respond.js';
import type { TwilioHeaders } from './respond.js';
import { Router } from './router.js';

export const ADMIN_PREFIX = '/__emulator';

/** Never wakes early: timers may fire up to a millisecond before the monotonic clock agrees. */
async function defaultSleep(ms: number): Promise<void> {
  const until = performance.now() + ms;
  for (let left = ms; left > 0; left = until - performance.now()) {
    await new Promise<void>((resolve) => setTimeout(resolve, Math.ceil(left)));
  }
}

const defaultOnError = (error: unknown, operationId: string | null) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[emulator] unexpected failure in ${operationId ?? 'request'}: ${message}`);
};

/** Router compiled once per process: the registry does not change at run time. */
let sharedRouter: Router | null = null;
const routerOf = () => (sharedRouter ??= new Router(operations));

const WEBHOOK_HISTORY = 200;

/** What a request carries once it is routed (shared by the steps below). */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly host: HostProduct | null;
  readonly baseUrl: string;
  /** Path after the product prefix. */
  readonly path: string;
  readonly op: OperationSpec | null;
  readonly twilio: TwilioHeaders;
}

export class EmulatorWire {
  readonly credentials: EmulatorCredentials;
  readonly log: RequestLog;
  readonly faults: FaultInjector;
  readonly latency: LatencyInjector;
  concurrencyLimit: number | null;
  readonly pageSizeOverMax: PageSizeOverMax;
  private readonly router = routerOf();
  private readonly auth: BasicAuthenticator;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onError: (error: unknown, operationId: string | null) => void;
  private readonly webhookSender: WebhookSender;
  private readonly webhooksEnabled: boolean;
  private webhookAttempts: WebhookAttempt[] = [];
  private inFlight = 0;
  /** Requests held open by the `hang` fault; closing the emulator destroys them. */
  private readonly hanging = new Set<ServerResponse>();

  constructor(
    readonly domain: EmulatorDomain,
    options: EmulatorOptions,
    private readonly fallbackHost: () => string,
  ) {
    const random = options.random ?? Math.random;
    this.credentials = resolveCredentials(options.credentials);
    this.auth = new BasicAuthenticator(this.credentials);
    this.log = new RequestLog(options.requestLogSize ?? 5000);
    this.faults = new FaultInjector(options.faults ?? [], random);
    this.latency = new LatencyInjector(options.latency, random);
    this.concurrencyLimit = options.concurrencyLimit ?? null;
    this.pageSizeOverMax = options.pageSizeOverMax ?? 'clamp';
    this.sleep = options.sleep ?? defaultSleep;
    this.onError = options.onError ?? defaultOnError;
    this.webhooksEnabled = options.webhooks ?? true;
    this.webhookSender = new WebhookSender({
      authToken: this.credentials.authToken,
      timeoutMs: options.webhookTimeoutMs ?? 5000,
      onAttempt: (attempt) => {
        this.webhookAttempts.push(attempt);
        if (this.webhookAttempts.length > WEBHOOK_HISTORY * 2) {
          this.webhookAttempts = this.webhookAttempts.slice(-WEBHOOK_HISTORY);
        }
      },
    });
  }

  /** Recent webhook deliveries, oldest first. */
  webhookHistory(): readonly WebhookAttempt[] {
    return this.webhookAttempts.slice(-WEBHOOK_HISTORY);
  }

  clearWebhookHistory(): void {
    this.webhookAttempts = [];
  }

  /** Resolves once every webhook delivery started so far has settled. */
  webhooksIdle(): Promise<void> {
    return this.webhookSender.idle();
  }

  /** Restores seed data and clears injected faults. */
  reset(): void {
    this.domain.reset();
    this.domain.drainWebhooks();
    this.faults.set([]);
  }

  /** Ends requests held by the `hang` fault and stops webhook delivery. */
  async shutdown(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    await this.webhookSender.close();
  }

  /** Handles one Twilio API request (never the admin API). Never rejects. */
  async handle(req: IncomingMessage, res: ServerResponse, url: string): Promise<void> {
    this.inFlight += 1;
    this.log.inFlight(this.inFlight);
    res.once('close', () => {
      this.inFlight -= 1;
    });
    const startedAt = performance.now();
    const queryAt = url.indexOf('?');
    const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
    const addressed = addressedProduct(req.headers, rawPath, this.fallbackHost());
    const method = req.method ?? 'GET';
    const match =
      addressed.host === null
        ? ({ kind: 'not-found' } as const)
        : this.router.match(addressed.host, method, addressed.path);
    const exchange: Exchange = {
      req,
      res,
      method,
      rawPath,
      rawQuery: queryAt === -1 ? '' : url.slice(queryAt + 1),
      host: addressed.host,
      baseUrl: addressed.baseUrl,
      path: addressed.path,
      op: match.kind === 'found' ? match.op : null,
      twilio: { requestId: newRequestId(), concurrentRequests: this.inFlight, startedAt },
    };
    try {
      if (this.concurrencyLimit !== null && this.inFlight > this.concurrencyLimit) {
        return this.fail(exchange, tooManyRequestsError());
      }
      const fault = this.faults.pick(exchange.op?.id ?? null, method);
      if (fault !== null) return this.injectFault(exchange, fault);
      const delay = this.latency.nextDelayMs();
      if (delay > 0) await this.sleep(delay);
      if (!this.auth.accepts(req.headers.authorization)) {
        return this.fail(exchange, authenticateError());
      }
      if (match.kind === 'method-not-allowed') {
        return this.fail(exchange, methodNotAllowedError(method), {
          Allow: match.allowed.join(', '),
        });
      }
      if (match.kind === 'not-found') return this.fail(exchange, this.notFound(exchange));
      for (const spec of match.op.pathParams) {
        const value = match.path[spec.name];
        if (value === undefined || !pathValueFits(spec, value)) {
          return this.fail(exchange, this.notFound(exchange));
        }
      }
      await this.run(exchange, match.op, match.path);
    } catch (error) {
      if (error instanceof EmulatorError) return this.fail(exchange, error);
      this.onError(error, exchange.op?.id ?? null);
      this.fail(exchange, internalError());
    } finally {
      this.deliverWebhooks();
    }
  }

  private async run(
    exchange: Exchange,
    op: OperationSpec,
    path: Record<string, string>,
  ): Promise<void> {
    const { req, host } = exchange;
    if (host === null) throw this.notFound(exchange);
    const rawQuery = parseUrlEncoded(exchange.rawQuery);
    const rawBody = op.method === 'POST' ? await this.readForm(req) : new Map<string, string[]>();
    const query = validateParams(op.queryParams, rawQuery, 'query', pagingParamNames);
    const body = validateParams(op.bodyParams, rawBody, 'post body');
    const paging = op.kind === 'list' ? readPaging(op, rawQuery, this.pageSizeOverMax) : null;
    let webhookEnabled = false;
    for (const spec of headerParamsOn(host, op)) {
      const raw = req.headers[spec.name.toLowerCase()];
      const value = Array.isArray(raw) ? raw[0] : raw;
      if (value === undefined) continue;
      const checked = checkValue(spec, value);
      if (spec.name === 'X-Twilio-Webhook-Enabled')
        webhookEnabled = checked.toLowerCase() === 'true';
    }
    const handler = this.domain.handlers[op.id];
    if (!handler) {
      throw twilioError(
        ErrorCode.notImplemented,
        `Operation ${op.id} is not implemented by the emulator`,
      );
    }
    const context: HandlerContext = {
      op,
      host,
      baseUrl: exchange.baseUrl,
      path,
      query,
      body,
      webhookEnabled,
      accountSid: this.credentials.accountSid,
    };
    const result: HandlerResult = handler(context);
    switch (result.kind) {
      case 'record':
        return this.answer(exchange, result.status, result.body);
      case 'empty':
        return this.answer(exchange, 204, undefined);
      case 'list': {
        const page = renderPage({
          op,
          list: result,
          paging: paging ?? readPaging(op, rawQuery, this.pageSizeOverMax),
          query,
          baseUrl: exchange.baseUrl,
          path: exchange.path,
        });
        return this.answer(exchange, 200, page);
      }
    }
  }

  private async readForm(req: IncomingMessage): Promise<RawParams> {
    const text = await readBody(req);
    const type = req.headers['content-type'];
    // Twilio reads form bodies only; any other body leaves every parameter unset.
    if (type !== undefined && !type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return new Map();
    }
    return parseUrlEncoded(text);
  }

  private notFound(exchange: Exchange): EmulatorError {
    if (exchange.host === null) {
      return twilioError(
        ErrorCode.notFound,
        `The requested resource ${exchange.rawPath} was not found: choose the product by host ` +
          '(chat.*, ip-messaging.*, conversations.*) or path prefix (/chat, /ip-messaging, /conversations)',
      );
    }
    const withoutVersion = exchange.path.replace(/^\/v\d+(?=\/|$)/, '');
    let shown = withoutVersion === '' ? '/' : withoutVersion;
    try {
      shown = decodeURIComponent(shown);
    } catch {
      // An undecodable path is shown as sent.
    }
    return notFoundError(shown);
  }

  private answer(exchange: Exchange, status: number, body: unknown): void {
    sendJson(exchange.res, status, body, this.headersNow(exchange));
    this.record(exchange, status);
    if (hasResponseObservers()) this.observe(exchange, status, body, null);
  }

  private fail(
    exchange: Exchange,
    error: EmulatorError,
    extraHeaders?: Readonly<Record<string, string>>,
    fault: FaultKind | null = null,
  ): void {
    const body = errorBody(error);
    sendJson(exchange.res, error.status, body, this.headersNow(exchange), extraHeaders);
    this.record(exchange, error.status);
    if (hasResponseObservers()) this.observe(exchange, error.status, body, fault);
  }

  private headersNow(exchange: Exchange): TwilioHeaders {
    return { ...exchange.twilio, concurrentRequests: this.inFlight };
  }

  private injectFault(exchange: Exchange, fault: FaultKind): void {
    switch (fault) {
      case 'rate-limit':
        return this.fail(exchange, tooManyRequestsError(), undefined, fault);
      case 'server-error':
        return this.fail(exchange, internalError(), undefined, fault);
      case 'unavailable':
        return this.fail(exchange, unavailableError(), undefined, fault);
      case 'malformed': {
        const text = sendTruncatedJson(exchange.res, this.headersNow(exchange));
        if (hasResponseObservers()) this.observe(exchange, 200, text, 'malformed');
        return this.record(exchange, 200);
      }
      case 'reset':
        exchange.req.socket.destroy();
        return this.record(exchange, 0);
      case 'hang': {
        const { res } = exchange;
        this.hanging.add(res);
        res.once('close', () => this.hanging.delete(res));
        return this.record(exchange, 0);
      }
    }
  }

  /** Offers the answer to diagnostics observers (`observe.ts`); called only when there are some. */
  private observe(
    exchange: Exchange,
    status: number,
    body: unknown,
    fault: FaultKind | null,
  ): void {
    notifyResponseObservers({
      operationId: exchange.op?.id ?? null,
      host: exchange.host,
      method: exchange.method,
      path: exchange.rawPath,
      status,
      body: status === 204 ? undefined : body,
      fault,
    });
  }

  private record(exchange: Exchange, status: number): void {
    this.log.record({
      operationId: exchange.op?.id ?? null,
      method: exchange.method,
      path: exchange.rawPath,
      status,
      host: exchange.host,
    });
  }

  private deliverWebhooks(): void {
    const deliveries = this.domain.drainWebhooks();
    if (!this.webhooksEnabled) return;
    for (const delivery of deliveries) this.webhookSender.send(delivery);
  }
}

/**
 * The gateway: Apollo Server 5 on a plain node:http server that also owns /healthz, /readyz,
 * /metrics and the offline playground. Each GraphQL request gets its caller (auth/: decided from
 * its credential before anything else runs), its own call ledger, graph context (per-request
 * DataLoaders) and an AbortSignal that fires when the HTTP client goes away, the operation's
 * deadline passes or its answer outgrows the cap (guards/operation.ts), so a stopped request
 * starts no more Twilio calls and aborts those in flight.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import { pino } from 'pino';
import type { Logger } from 'pino';
import type { Caller } from '../access/index.js';
import type { TracingSettings } from '../telemetry/settings.js';
import type { Tracing } from '../telemetry/tracing.js';
import type { SharedState } from '../shared-state/index.js';
import {
  CallLedger,
  combineObservers,
  TwilioClient,
  type RateGate,
  type TwilioConfig,
} from '../twilio/index.js';
import { membershipAccess, type MembershipSource } from '../events/index.js';
import {
  authorizationFromConnectionParams,
  createAuthenticator,
  type AccessPolicy,
} from './auth/authenticate.js';
import { authenticateAuthorization, authenticateRequest } from './auth/http.js';
import { applyCors, corsOff, type CorsPolicy } from './cors.js';
import { createFormatError } from './format-error.js';
import { watchEventLoop } from './guards/event-loop.js';
import { hostCheck, hostName, httpServerOptions } from './guards/http.js';
import { logFailure } from './guards/log.js';
import {
  attachGuard,
  boundedStringify,
  guardResponse,
  OperationGuard,
  operationGuardPlugin,
  type Schedule,
} from './guards/operation.js';
import { guardSettings, type GuardSettings } from './guards/settings.js';
import { refineLimitError, shapeValidationRules } from './guards/shape.js';
import {
  admitDocumentText,
  defaultApqBounds,
  loadTrustedDocuments,
  PersistedDocumentCache,
  resolveDocument,
  type ApqBounds,
  type PersistedDocumentMode,
  type PersistedDocumentPolicy,
} from './guards/trusted-documents.js';
import { handleGraphQLRequest, HttpError, sendHttpError } from './http-graphql.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.js';
import { knownOperationNames } from './operation-names.js';
import { operationTelemetryPlugin, type RequestRecord } from './operation-telemetry.js';
import {
  loadPlaygroundAsset,
  playgroundAssetPrefix,
  playgroundContentSecurityPolicy,
  playgroundHtml,
  playgroundPath,
} from './playground.js';
import {
  createReadinessProbe,
  readinessBody,
  type ReadinessProbe,
  type UpstreamCheck,
} from './readiness.js';
import { requestIdHeader, requestIdOf } from './request-id.js';
import { httpTransportPlugin } from './transports.js';
import {
  createRealtime,
  streamPath,
  webhookPath,
  type Realtime,
  type RealtimeOptions,
} from './realtime/index.js';
import { upstreamCostPlugin } from './upstream-cost-plugin.js';
import { inlineTraceWhenAsked } from './inline-trace.js';

export const graphqlPath = '/graphql';

/** What the gateway serves: a schema, its per-request context, and its upstream error mapping. */
export interface GraphBinding<TContext extends object> {
  readonly schema: GraphQLSchema;
  /** Builds the per-request context (fresh DataLoaders) around the request's ledger and signal. */
  createContext(input: {
    readonly client: TwilioClient;
    readonly ledger: CallLedger;
    readonly signal: AbortSignal;
    /** Who is asking, decided from the request's credential before the context is built. */
    readonly caller: Caller;
  }): TContext;
  /** Maps a Twilio client failure that escaped a resolver to the graph's public error. */
  toGraphQLError(error: unknown): GraphQLError;
  /**
   * The most Twilio requests an operation can make, estimated from its document and variables
   * before it runs (the graph knows what each field costs). Absent: nothing is refused early.
   */
  estimateUpstream?(input: {
    readonly schema: GraphQLSchema;
    readonly document: DocumentNode;
    readonly operationName: string | null;
    readonly variables: Readonly<Record<string, unknown>>;
    readonly accountSid: string;
  }): number;
  /**
   * The membership check live updates filter a token caller's events with (the same rule as
   * the graph's reads). Absent: token callers receive no events.
   */
  memberships?(client: TwilioClient): MembershipSource;
  /**
   * Receives every account Configuration record the gateway itself reads (the readiness check
   * and the warm-up at start), so the graph can keep what it caches from it current.
   */
  onConfiguration?(accountSid: string, data: unknown): void;
}

export interface GatewayOptions<TContext extends object = object> {
  /** Where and how to reach Twilio (or an emulator). The gateway owns the client it builds. */
  readonly twilio: TwilioConfig;
  /** The graph to serve (`graphBinding()` in graph-binding.ts is the real one). */
  readonly graph: GraphBinding<TContext>;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0 (an ephemeral port; read the chosen one from `url`). */
  readonly port?: number;
  /** Default: a silent logger. */
  readonly logger?: Logger;
  /**
   * Who may call `/graphql` (auth/authenticate.ts). Default: `none` mode without admin secret or
   * token keys, so every request without a credential has full access. Tokens must name the
   * account of `twilio.credentials` in `sub`.
   */
  readonly access?: AccessPolicy;
  /** Which browser origins may call `/graphql`. Default: none (no CORS headers). */
  readonly cors?: CorsPolicy;
  /**
   * Default true: one readiness call before listening, so the graph learns the account's
   * default service before the first operation (see `GraphBinding.onConfiguration`).
   */
  readonly warmUp?: boolean;
  /** Limits, deadlines, introspection and Host names (guards/settings.ts has the defaults). */
  readonly guards?: Partial<GuardSettings>;
  /**
   * Trusted documents: the manifest's JSON text (`GATEWAY_PERSISTED_DOCUMENTS`, checked against
   * the schema at start) and who is held to it. Default null: any document runs.
   */
  readonly persistedDocuments?: {
    readonly manifest: string;
    readonly mode: PersistedDocumentMode;
  } | null;
  /** Bounds of the automatic-persisted-query store (guards/trusted-documents.ts). */
  readonly apqBounds?: Partial<ApqBounds>;
  /** How the operation deadline is timed; tests fire it by hand. */
  readonly deadlineSchedule?: Schedule;
  /**
   * Where traces go (telemetry/settings.ts, from `OTEL_*`). Default null: no trace is made and
   * OpenTelemetry is never loaded.
   */
  readonly tracing?: TracingSettings | null;
  /** Operation names kept as a metric label besides the playground's (`GATEWAY_METRICS_OPERATION_NAMES`). */
  readonly metricsOperationNames?: readonly string[];
  /** Logs a token caller's identity in the operation line (`GATEWAY_LOG_CALLER_IDENTITY`). */
  readonly logCallerIdentity?: boolean;
  readonly readiness?: {
    /** Default: one cheap Twilio call (`conversations.v1.FetchConfiguration`). */
    readonly check?: UpstreamCheck;
    /** How long a /readyz result is reused. Default 5 000 ms. */
    readonly cacheMs?: number;
    /** Default 3 000 ms. */
    readonly timeoutMs?: number;
  };
  /** Webhook receiver and subscriptions (public URL, webhook token, bus, limits, hooks). */
  readonly realtime?: RealtimeOptions;
  /**
   * State shared with other replicas (`REDIS_URL`, src/shared-state): the event bus, the Twilio
   * budget and action-rate windows. The gateway closes it. Without it everything is in process.
   */
  readonly sharedState?: SharedState;
  /** The action-rate gate when nothing is shared (tests pass one on a manual clock). */
  readonly rateGate?: RateGate;
}

export interface Gateway {
  /** The playground, e.g. `http://127.0.0.1:4000/`. */
  readonly url: string;
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  readonly graphqlUrl: string;
  readonly metrics: GatewayMetrics;
  readonly client: TwilioClient;
  /** Live updates: `/webhooks/twilio`, WebSocket and SSE subscriptions, the event bus. */
  readonly realtime: Realtime;
  /** Where Twilio is to post webhooks: `GATEWAY_PUBLIC_URL` (or the listening address) + path. */
  readonly webhookUrl: string;
  /** Stops accepting requests, drains in-flight ones, then closes the Twilio client. */
  close(): Promise<void>;
}

/** The cheap upstream call behind /readyz: one small record, answered by Twilio and the emulator. */
export const readinessOperationId = 'conversations.v1.FetchConfiguration';

function routeOf(pathname: string): string {
  if (pathname === graphqlPath || pathname === playgroundPath) return pathname;
  if (pathname === '/healthz' || pathname === '/readyz' || pathname === '/metrics') return pathname;
  if (pathname === webhookPath || pathname === streamPath) return pathname;
  if (pathname.startsWith(playgroundAssetPrefix)) return playgroundAssetPrefix;
  return 'other';
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, {
    ...headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), {
    'cache-control': 'no-store',
  });
}

function requireReadMethod(req: IncomingMessage): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    throw new HttpError(405, 'Only GET and HEAD are allowed here.', { allow: 'GET, HEAD' });
  }
}

/**
 * Apollo shallow-copies the context for each operation (own enumerable properties, symbols
 * included), so the request's record (its ledger, caller and id) rides on the context under a
 * private symbol rather than in a map keyed by the original object.
 */
const recordKey = Symbol('gateway.requestRecord');

function attachRecord<TContext extends object>(context: TContext, record: RequestRecord): TContext {
  Object.defineProperty(context, recordKey, { value: record, enumerable: true });
  return context;
}

function recordOf(context: object): RequestRecord | undefined {
  const record: unknown = Reflect.get(context, recordKey);
  return typeof record === 'object' &&
    record !== null &&
    Reflect.get(record, 'ledger') instanceof CallLedger
    ? (record as RequestRecord)
    : undefined;
}

function ledgerOf(context: object): CallLedger | undefined {
  return recordOf(context)?.ledger;
}

async function startTracingIfConfigured(
  settings: TracingSettings | null | undefined,
): Promise<Tracing | null> {
  if (!settings) return null;
  // Loaded only now: without OTEL_* settings, not one OpenTelemetry module is imported.
  const { startTracing } = await import('../telemetry/tracing.js');
  return startTracing(settings);
}

export async function createGateway<TContext extends object>(
  options: GatewayOptions<TContext>,
): Promise<Gateway> {
  const logger = options.logger ?? pino({ level: 'silent' });
  // First: a manifest that does not fit the schema stops the start before anything is opened.
  const persisted: PersistedDocumentPolicy | null = options.persistedDocuments
    ? {
        documents: loadTrustedDocuments(options.persistedDocuments.manifest, options.graph.schema),
        mode: options.persistedDocuments.mode,
      }
    : null;
  const apqBounds = { ...defaultApqBounds, ...options.apqBounds };
  const metrics = createGatewayMetrics();
  const tracing = await startTracingIfConfigured(options.tracing);
  const shared = options.sharedState ?? null;
  const rateGate = shared?.rateGate ?? options.rateGate;
  const client = new TwilioClient({
    config: options.twilio,
    onCall: (entry) => metrics.observeUpstreamCall(entry),
    observer: combineObservers([metrics.upstreamObserver, tracing?.observer]),
    ...(shared ? { leaser: shared.leaser } : {}),
    ...(rateGate ? { rateGate } : {}),
  });
  metrics.trackUpstreamConcurrencyLimit(() => client.concurrency().limit);
  const guards = guardSettings(options.guards);
  const stopWatchingLoop = watchEventLoop(metrics.registry);
  const httpServer: Server = createServer(httpServerOptions(guards));
  const authenticator = createAuthenticator({
    ...(options.access ?? { mode: 'none', adminSecret: null, keys: [] }),
    accountSid: options.twilio.credentials.accountSid,
  });
  const cors = options.cors ?? corsOff;
  const accountSid = options.twilio.credentials.accountSid;
  const estimateUpstream = options.graph.estimateUpstream?.bind(options.graph);
  const formatError = createFormatError({
    mapUpstreamError: (error) => options.graph.toGraphQLError(error),
    refine: refineLimitError,
    onMasked: (error) => logFailure(logger, 'error', error, 'masked an unexpected error'),
  });
  let origin = '';
  const realtime = createRealtime(
    {
      schema: options.graph.schema,
      // Payloads are resolved with the subscriber's own access, as their queries would be.
      createContext: (signal, caller) =>
        options.graph.createContext({ client, ledger: new CallLedger(), signal, caller }),
      accountSid: options.twilio.credentials.accountSid,
      authToken: options.twilio.credentials.authToken,
      registry: metrics.registry,
      logger,
      formatError,
      origin: () => origin,
      maxBodyBytes: guards.maxBodyBytes,
    },
    {
      // The same credentials as /graphql: the Authorization header, or for graphql-ws the
      // `Authorization` connection parameter (browsers cannot set WebSocket headers).
      authenticate: ({ headers, connectionParams }) =>
        authenticateAuthorization(
          authenticator,
          authorizationFromConnectionParams(connectionParams) ?? headers.authorization,
        ),
      admitDocument: (query, caller) => admitDocumentText(query, persisted, caller),
      // A token caller sees a conversation's events while a participant of it.
      ...(options.graph.memberships
        ? { access: membershipAccess(options.graph.memberships(client)) }
        : {}),
      ...options.realtime,
      ...(shared ? { bus: shared.bus } : {}),
    },
  );

  const apollo = new ApolloServer<TContext>({
    schema: options.graph.schema,
    // Refuses a GET (or simple-content-type POST) without a preflight-forcing header; more
    // GET/POST rules live in http-graphql.ts.
    csrfPrevention: true,
    // Decided by the gateway's settings (off under NODE_ENV=production unless asked for), not
    // by Apollo's own reading of NODE_ENV; suggestions reveal the schema as much.
    introspection: guards.introspection,
    hideSchemaDetailsFromClientErrors: !guards.introspection,
    validationRules: shapeValidationRules(guards),
    parseOptions: { maxTokens: guards.maxTokens },
    stringifyResult: boundedStringify(guards.maxResponseBytes),
    // Apollo's own persisted-query hook: trusted documents first, then a bounded APQ store.
    persistedQueries: {
      cache: new PersistedDocumentCache(
        persisted?.documents ?? null,
        apqBounds,
        shared?.store ?? null,
      ),
      ttl: apqBounds.ttlSeconds,
    },
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals; Apollo's own handler would stop and then re-raise the signal.
    stopOnTerminationSignals: false,
    formatError,
    logger: {
      debug: (message) => logger.debug(message),
      // Apollo's info lines are notes on its own plugins at start ("Enabling inline tracing for
      // this subgraph", Studio reporting, which is off here): nothing an operator acts on.
      info: (message) => logger.debug(message),
      warn: (message) => logger.warn(message),
      error: (message) => logger.error(message),
    },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 5_000 }),
      ApolloServerPluginLandingPageDisabled(),
      // Nothing may leave the machine unasked, even when APOLLO_KEY happens to be set.
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      // Its willResolveField hook ran on every field of every operation only to conclude what
      // holds for all of them (no field has a cache hint): no-store, which http-graphql.ts sets.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo's implicit one builds a trace tree per operation, asked for or not.
      ApolloServerPluginInlineTraceDisabled(),
      inlineTraceWhenAsked<TContext>(),
      upstreamCostPlugin<TContext>({
        ledgerOf,
        maxRequests: guards.maxUpstreamRequests,
        ...(estimateUpstream
          ? { estimate: (input) => estimateUpstream({ ...input, accountSid }) }
          : {}),
      }),
      httpTransportPlugin<TContext>(),
      operationGuardPlugin<TContext>(),
      realtime.plugin,
      operationTelemetryPlugin<TContext>({
        recordOf,
        logger,
        tracing,
        metrics,
        operationNames: knownOperationNames(options.metricsOperationNames ?? []),
        logCallerIdentity: options.logCallerIdentity ?? false,
      }),
    ],
  });
  try {
    await apollo.start();
  } catch (error) {
    stopWatchingLoop();
    await client.close();
    await shared?.close();
    await tracing?.shutdown();
    throw error;
  }

  const configurationCheck: UpstreamCheck = async (signal) => {
    const data = await client.request(readinessOperationId, {}, { signal });
    options.graph.onConfiguration?.(options.twilio.credentials.accountSid, data);
  };
  const readiness: ReadinessProbe = createReadinessProbe({
    check: options.readiness?.check ?? configurationCheck,
    ...(options.readiness?.cacheMs !== undefined ? { cacheMs: options.readiness.cacheMs } : {}),
    ...(options.readiness?.timeoutMs !== undefined
      ? { timeoutMs: options.readiness.timeoutMs }
      : {}),
    onCheckFailed: (error) => logFailure(logger, 'warn', error, 'readiness check failed'),
  });

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    requestId: string,
  ): Promise<void> {
    switch (url.pathname) {
      case graphqlPath: {
        if (applyCors(req, res, cors)) return;
        const caller = await authenticateRequest(authenticator, req);
        await handleGraphQLRequest(
          apollo,
          req,
          res,
          url,
          guards,
          async () => {
            const guard = new OperationGuard(guards, options.deadlineSchedule);
            guardResponse(res, guard);
            const ledger = new CallLedger({
              deadline: guard.deadline,
              maxRequests: guards.maxUpstreamRequests,
            });
            const context = options.graph.createContext({
              client,
              ledger,
              signal: guard.signal,
              caller,
            });
            return attachGuard(
              attachRecord(realtime.attach(context, caller), { ledger, caller, requestId }),
              guard,
            );
          },
          (request) => resolveDocument(request, persisted, caller),
        );
        return;
      }
      case webhookPath:
        await realtime.handleWebhook(req, res);
        return;
      case streamPath:
        if (applyCors(req, res, cors)) return;
        await realtime.handleStream(req, res);
        return;
      case '/healthz':
        requireReadMethod(req);
        sendJson(res, 200, { status: 'ok' });
        return;
      case '/readyz': {
        requireReadMethod(req);
        const result = await readiness.probe();
        sendJson(res, result.ready ? 200 : 503, readinessBody(result, shared?.state() ?? null));
        return;
      }
      case '/metrics': {
        requireReadMethod(req);
        const { contentType, body } = await metrics.render();
        send(res, 200, contentType, body, { 'cache-control': 'no-store' });
        return;
      }
      case playgroundPath:
        // The playground reads the schema by introspection; without it, it is not served.
        if (!guards.introspection)
          throw new HttpError(404, `Nothing is served at ${url.pathname}.`);
        requireReadMethod(req);
        send(res, 200, 'text/html; charset=utf-8', playgroundHtml(), {
          'content-security-policy': playgroundContentSecurityPolicy,
          'referrer-policy': 'no-referrer',
          'cache-control': 'no-cache',
        });
        return;
      default: {
        const asset = guards.introspection ? await loadPlaygroundAsset(url.pathname) : null;
        if (!asset) throw new HttpError(404, `Nothing is served at ${url.pathname}.`);
        requireReadMethod(req);
        send(res, 200, asset.contentType, asset.body, { 'cache-control': 'public, max-age=3600' });
      }
    }
  }

  const host = options.host ?? '127.0.0.1';
  const publicHost = options.realtime?.publicUrl
    ? hostName(new URL(options.realtime.publicUrl).host)
    : null;
  const bindHostAllowed = hostCheck(guards.allowedHosts, host);
  // Twilio posts webhooks to GATEWAY_PUBLIC_URL (a tunnel or proxy name), so that name is served.
  const hostAllowed = (header: string | undefined) =>
    bindHostAllowed(header) || (publicHost !== null && hostName(header) === publicHost);

  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A WebSocket reaches the same data as /graphql, so it passes the same Host check.
    if (!hostAllowed(req.headers.host)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    realtime.handleUpgrade(req, socket, head);
  });

  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    // Only the path matters; the Host header is only checked against the allowed names.
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const routeName = routeOf(url.pathname);
    const requestId = requestIdOf(req.headers[requestIdHeader]);
    res.setHeader(requestIdHeader, requestId);
    // Probes carry no data and often address the pod by IP, so they skip the Host check.
    const probe = url.pathname === '/healthz' || url.pathname === '/readyz';
    const served =
      probe || hostAllowed(req.headers.host)
        ? route(req, res, url, requestId)
        : Promise.reject(
            new HttpError(
              403,
              'This Host name is not served; add it to GATEWAY_ALLOWED_HOSTS.',
              {},
              'HOST_NOT_ALLOWED',
            ),
          );
    served
      .catch((error: unknown) => {
        if (error instanceof HttpError) {
          sendHttpError(res, error);
          return;
        }
        logFailure(logger, 'error', error, 'request failed', { route: routeName });
        sendHttpError(res, new HttpError(500, 'Unexpected error.'));
      })
      .finally(() => {
        // 499 (nginx's "client closed request") when the client left before the answer.
        const status = res.writableFinished ? res.statusCode : 499;
        const durationMs = performance.now() - started;
        metrics.observeHttp(routeName, req.method ?? 'GET', status, durationMs);
        // The route, not the URL: a query string can carry user data.
        logger.debug(
          { requestId, route: routeName, method: req.method, status, durationMs },
          'request',
        );
      });
  });

  // Warm-up: the readiness call also tells the graph the account's default service, so the
  // first operations need not ask for it. Outside the probe's cache (a failure here must not
  // make /readyz answer 503 for a while), bounded by the readiness timeout, failures ignored.
  if (
    options.warmUp !== false &&
    options.graph.onConfiguration !== undefined &&
    options.readiness?.check === undefined
  ) {
    await configurationCheck(AbortSignal.timeout(options.readiness?.timeoutMs ?? 3_000)).catch(
      (error: unknown) => logger.debug({ err: error }, 'warm-up call failed'),
    );
  }

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 0, host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // e.g. EADDRINUSE: nothing is listening, so release what was started.
    await apollo.stop().catch(() => undefined);
    stopWatchingLoop();
    await client.close();
    await shared?.close();
    await tracing?.shutdown();
    throw error;
  }
  const address = httpServer.address() as AddressInfo;
  origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/`,
    graphqlUrl: `${origin}${graphqlPath}`,
    metrics,
    client,
    realtime,
    webhookUrl: `${options.realtime?.publicUrl?.replace(/\/+$/, '') ?? origin}${webhookPath}`,
    close() {
      closing ??= (async () => {
        // Subscriptions complete and WebSockets close (1001) before the HTTP server drains.
        await realtime.close();
        // The drain plugin closes the HTTP server once in-flight requests are answered.
        await apollo.stop();
        stopWatchingLoop();
        await client.close();
        await shared?.close();
        // Last: the spans of the drained requests are exported before the process goes.
        await tracing?.shutdown();
      })();
      return closing;
    },
  };
}

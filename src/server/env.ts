/**
 * The server's environment, read and validated once at boot. This is the only module under
 * src/server that touches `process.env`; everything else receives the parsed `ServerEnv`.
 * Messages name the variable and never echo its value (a misplaced secret must not reach a log).
 */
import { z } from 'zod';
import type { ApiRouting } from '../graph/index.js';
import { readAccessEnv, type AccessEnv } from './auth/env.js';
import { readCorsEnv, type CorsPolicy } from './cors.js';
import { parseGuardSettings, type GuardSettings } from './guards/settings.js';
import { readTracingEnv, type TracingSettings } from '../telemetry/settings.js';
import {
  readPersistedDocumentsEnv,
  type PersistedDocumentsEnv,
} from './guards/trusted-documents.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ServerEnv {
  /** Interface to listen on (`HOST`, default `127.0.0.1`). */
  readonly host: string;
  /** TCP port (`PORT`, default 4000; 0 picks a free port). */
  readonly port: number;
  /** pino level (`LOG_LEVEL`, default `info`). */
  readonly logLevel: LogLevel;
  /**
   * Which Twilio API serves what (`GRAPH_PRIMARY_API`, `GRAPH_CONVERSATIONS_PATHS`,
   * `GRAPH_CHAT_HOST`; defaults: conversations, service, chat).
   */
  readonly routing: ApiRouting;
  /**
   * How long the account's default chat service is remembered across requests
   * (`GRAPH_DEFAULT_SERVICE_TTL_SECONDS`, default 60; 0 asks Twilio in every operation).
   */
  readonly defaultServiceTtlMs: number;
  /** Who may call (`GATEWAY_AUTH`, `GATEWAY_ADMIN_SECRET`, `GATEWAY_ACCESS_TOKEN_KEYS`). */
  readonly access: AccessEnv;
  /** Which browser origins may call (`GATEWAY_CORS_ORIGINS`). */
  readonly cors: CorsPolicy;
  /** The `GATEWAY_*` limits, deadlines and policies, and NODE_ENV's say on introspection. */
  readonly guards: GuardSettings;
  /**
   * Traces, from the standard `OTEL_*` variables (`OTEL_TRACES_EXPORTER`,
   * `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_SERVICE_NAME`, `OTEL_TRACES_SAMPLER`, …) and
   * `GATEWAY_TRACE_PROPAGATE_UPSTREAM`, `GATEWAY_TRACE_FIELDS`; null when tracing is off.
   */
  readonly tracing: TracingSettings | null;
  /** `GATEWAY_METRICS_OPERATION_NAMES`: operation names kept as a metric label. */
  readonly metricsOperationNames: readonly string[];
  /** `GATEWAY_LOG_CALLER_IDENTITY`: a token caller's identity in the operation log line. */
  readonly logCallerIdentity: boolean;
  /**
   * The trusted-documents manifest and mode (`GATEWAY_PERSISTED_DOCUMENTS`,
   * `GATEWAY_PERSISTED_DOCUMENTS_MODE`); null runs any document.
   */
  readonly persistedDocuments: PersistedDocumentsEnv | null;
  /**
   * `REDIS_URL`: shared state for several replicas (events, de-duplication, the Twilio budget,
   * action rates, caches). Null: one self-contained process.
   */
  readonly redisUrl: string | null;
  /**
   * The raw variables, handed to the Twilio client's own loader (`loadTwilioConfig`), which
   * validates the `TWILIO_*` names with the same naming rule.
   */
  readonly variables: Readonly<Record<string, string | undefined>>;
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const primaryApis = ['conversations', 'chat-v2', 'chat-v1'] as const;
const conversationsPaths = ['service', 'default-service'] as const;
const chatHosts = ['chat', 'ip-messaging'] as const;

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

const serverEnvSchema = z.object({
  HOST: z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .regex(/^[A-Za-z0-9.:[\]-]+$/, { error: 'must be a host name or IP address' })
    .default('127.0.0.1'),
  PORT: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, { error: 'must be a whole number between 0 and 65535' })
    .transform(Number)
    .refine((port) => port <= 65_535, { error: 'must be a whole number between 0 and 65535' })
    .default(4000),
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  GRAPH_PRIMARY_API: oneOf(primaryApis).default('conversations'),
  GRAPH_CONVERSATIONS_PATHS: oneOf(conversationsPaths).default('service'),
  GRAPH_CHAT_HOST: oneOf(chatHosts).default('chat'),
  GRAPH_DEFAULT_SERVICE_TTL_SECONDS: z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, { error: 'must be a whole number of seconds (0 to 999999)' })
    .transform(Number)
    .default(60),
  GATEWAY_METRICS_OPERATION_NAMES: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    )
    .refine((names) => names.every((name) => /^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name)), {
      error: 'must be GraphQL operation names separated by commas',
    })
    .refine((names) => names.length <= 200, { error: 'must name at most 200 operations' })
    .default([]),
  GATEWAY_LOG_CALLER_IDENTITY: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((value) => value === 'true')
    .default(false),
});

/**
 * `redis://[user:password@]host[:port][/db]` or `rediss://…` (TLS). Checked here so a typo fails
 * the start instead of every request; the message never quotes the URL (it may hold a password).
 */
export function redisUrlProblem(value: string | undefined): string | null {
  if (value === undefined) return null;
  const problem =
    'REDIS_URL must be a redis:// or rediss:// URL with a host, e.g. redis://redis:6379/0';
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return problem;
  }
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
    return problem;
  }
  if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d{1,2}$/.test(url.pathname)) {
    return 'REDIS_URL may name a database number only as its path (e.g. /0)';
  }
  return null;
}

/** Thrown when a variable is malformed; `message` lists every problem by variable name. */
export class ServerEnvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment: ${problems.join('; ')}`);
    this.name = 'ServerEnvError';
  }
}

/** One problem per zod issue, named by variable (the value is never quoted). */
export function envError(error: z.ZodError): ServerEnvError {
  return new ServerEnvError(issueLines(error));
}

function issueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.')} ${issue.message}`);
}

function withoutBlanks(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    // An exported-but-empty variable means "use the default", as in most twelve-factor servers.
    result[name] = value === undefined || value.trim() === '' ? undefined : value;
  }
  return result;
}

export function loadServerEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ServerEnv {
  const variables = withoutBlanks(env);
  const parsed = serverEnvSchema.safeParse({
    HOST: variables.HOST,
    PORT: variables.PORT,
    LOG_LEVEL: variables.LOG_LEVEL,
    GRAPH_PRIMARY_API: variables.GRAPH_PRIMARY_API,
    GRAPH_CONVERSATIONS_PATHS: variables.GRAPH_CONVERSATIONS_PATHS,
    GRAPH_CHAT_HOST: variables.GRAPH_CHAT_HOST,
    GRAPH_DEFAULT_SERVICE_TTL_SECONDS: variables.GRAPH_DEFAULT_SERVICE_TTL_SECONDS,
    GATEWAY_METRICS_OPERATION_NAMES: variables.GATEWAY_METRICS_OPERATION_NAMES,
    GATEWAY_LOG_CALLER_IDENTITY: variables.GATEWAY_LOG_CALLER_IDENTITY,
  });
  const { access, problems: accessProblems } = readAccessEnv(
    variables,
    parsed.data?.HOST ?? '127.0.0.1',
  );
  const { cors, problems: corsProblems } = readCorsEnv(variables, access.mode);
  const guards = parseGuardSettings(variables);
  const { tracing, problems: tracingProblems } = readTracingEnv(variables);
  const persisted = readPersistedDocumentsEnv(variables);
  const redisProblem = redisUrlProblem(variables.REDIS_URL);
  if (
    !parsed.success ||
    accessProblems.length > 0 ||
    corsProblems.length > 0 ||
    !guards.ok ||
    tracingProblems.length > 0 ||
    persisted.problems.length > 0 ||
    redisProblem !== null
  ) {
    throw new ServerEnvError([
      ...(parsed.error ? issueLines(parsed.error) : []),
      ...accessProblems,
      ...corsProblems,
      ...(guards.ok ? [] : guards.problems),
      ...tracingProblems,
      ...persisted.problems,
      ...(redisProblem === null ? [] : [redisProblem]),
    ]);
  }
  return {
    host: parsed.data.HOST,
    port: parsed.data.PORT,
    logLevel: parsed.data.LOG_LEVEL,
    routing: {
      primaryApi: parsed.data.GRAPH_PRIMARY_API,
      conversationsPaths: parsed.data.GRAPH_CONVERSATIONS_PATHS,
      chatHost: parsed.data.GRAPH_CHAT_HOST,
    },
    defaultServiceTtlMs: parsed.data.GRAPH_DEFAULT_SERVICE_TTL_SECONDS * 1000,
    access,
    cors,
    guards: guards.settings,
    tracing,
    metricsOperationNames: parsed.data.GATEWAY_METRICS_OPERATION_NAMES,
    logCallerIdentity: parsed.data.GATEWAY_LOG_CALLER_IDENTITY,
    persistedDocuments: persisted.setting,
    redisUrl: variables.REDIS_URL?.trim() ?? null,
    variables,
  };
}

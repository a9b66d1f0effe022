/**
 * The gateway's own protective limits (`GATEWAY_*`), parsed from the variables `env.ts` hands
 * over. Kept apart from env.ts so each limit, its default and its variable sit in one table; the
 * README's "Limits" section lists the same names and defaults.
 */
import { z } from 'zod';
import { defaultIdempotency } from '../../graph/index.js';

export interface GuardSettings {
  /** Deepest field nesting of an operation (fragments add no level). */
  readonly maxDepth: number;
  /** Aliased fields in an operation (`__typename` aliases are free). */
  readonly maxAliases: number;
  /** Fields selected at the root of an operation. */
  readonly maxRootFields: number;
  /** Lexical tokens of a document; parsing stops at the first one over. */
  readonly maxTokens: number;
  /** Directive uses in an operation. */
  readonly maxDirectives: number;
  /**
   * Twilio requests of one operation: an operation estimated above it is refused before any
   * call, and no request past it is sent (retries included).
   */
  readonly maxUpstreamRequests: number;
  /** Bytes of a response; execution stops once the result grows past it. */
  readonly maxResponseBytes: number;
  /** Bytes of a request body. */
  readonly maxBodyBytes: number;
  /** Nesting of JSON in the request body and in variables. */
  readonly maxJsonDepth: number;
  /** Wall time of one operation; no Twilio call starts after it, in-flight ones are aborted. */
  readonly requestTimeoutMs: number;
  /** Time a client has to send its request headers (node:http `headersTimeout`). */
  readonly headersTimeoutMs: number;
  /** Time a client has to send its whole request (node:http `requestTimeout`). */
  readonly bodyTimeoutMs: number;
  /** Seconds a create's outcome is kept for repeats of its `idempotencyKey`. */
  readonly idempotencyTtlSeconds: number;
  /** `idempotencyKey` outcomes kept at most (least recently used forgotten first). */
  readonly idempotencyMaxKeys: number;
  /** Introspection and field suggestions (and so the playground); off under production. */
  readonly introspection: boolean;
  /**
   * Host header names accepted (`GATEWAY_ALLOWED_HOSTS`); `any` accepts every name; `bind`
   * (unset) accepts loopback names on a loopback bind and any name otherwise.
   */
  readonly allowedHosts: readonly string[] | 'any' | 'bind';
}

/** Defaults: every playground example, README query and a federated `_entities` batch pass. */
export const defaultLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxRootFields: 20,
  maxTokens: 5_000,
  maxDirectives: 30,
  maxUpstreamRequests: 500,
  maxResponseBytes: 10 * 1024 * 1024,
  maxBodyBytes: 1024 * 1024,
  maxJsonDepth: 64,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  idempotencyTtlSeconds: defaultIdempotency.ttlMs / 1000,
  idempotencyMaxKeys: defaultIdempotency.maxKeys,
} as const satisfies Partial<GuardSettings>;

type LimitKey = keyof typeof defaultLimits;

/** The variable of each limit (the deployment contract, shown in the README). */
export const limitVariables: Readonly<Record<LimitKey, string>> = {
  maxDepth: 'GATEWAY_MAX_DEPTH',
  maxAliases: 'GATEWAY_MAX_ALIASES',
  maxRootFields: 'GATEWAY_MAX_ROOT_FIELDS',
  maxTokens: 'GATEWAY_MAX_TOKENS',
  maxDirectives: 'GATEWAY_MAX_DIRECTIVES',
  maxUpstreamRequests: 'GATEWAY_MAX_UPSTREAM_REQUESTS',
  maxResponseBytes: 'GATEWAY_MAX_RESPONSE_BYTES',
  maxBodyBytes: 'GATEWAY_MAX_BODY_BYTES',
  maxJsonDepth: 'GATEWAY_MAX_JSON_DEPTH',
  requestTimeoutMs: 'GATEWAY_REQUEST_TIMEOUT_MS',
  headersTimeoutMs: 'GATEWAY_HEADERS_TIMEOUT_MS',
  bodyTimeoutMs: 'GATEWAY_BODY_TIMEOUT_MS',
  idempotencyTtlSeconds: 'GATEWAY_IDEMPOTENCY_TTL_S',
  idempotencyMaxKeys: 'GATEWAY_IDEMPOTENCY_MAX_KEYS',
};

const positiveInteger = z
  .string()
  .trim()
  .regex(/^\d{1,10}$/, { error: 'must be a whole number' })
  .transform(Number)
  .refine((n) => n >= 1 && Number.isSafeInteger(n), { error: 'must be at least 1' });

const flag = z.enum(['true', 'false'], { error: 'must be true or false' });

const hostList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter((host) => host !== ''),
  )
  .refine((hosts) => hosts.every((host) => /^(\*|\.?[a-z0-9.:[\]-]+)$/.test(host)), {
    error:
      'must be a comma-separated list of host names (".example.com" for subdomains, "*" for any)',
  });

type Variables = Readonly<Record<string, string | undefined>>;

export type GuardParseResult =
  | { readonly ok: true; readonly settings: GuardSettings }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Reads the `GATEWAY_*` variables (blank already means unset); every problem names its variable. */
export function parseGuardSettings(variables: Variables): GuardParseResult {
  const problems: string[] = [];
  const limits = { ...defaultLimits } as Record<LimitKey, number>;
  for (const [key, name] of Object.entries(limitVariables) as [LimitKey, string][]) {
    const raw = variables[name];
    if (raw === undefined) continue;
    const parsed = positiveInteger.safeParse(raw);
    if (parsed.success) limits[key] = parsed.data;
    else problems.push(`${name} ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  }
  let introspection = variables.NODE_ENV !== 'production';
  if (variables.GATEWAY_INTROSPECTION !== undefined) {
    const parsed = flag.safeParse(variables.GATEWAY_INTROSPECTION.trim().toLowerCase());
    if (parsed.success) introspection = parsed.data === 'true';
    else problems.push('GATEWAY_INTROSPECTION must be true or false');
  }
  let allowedHosts: GuardSettings['allowedHosts'] = 'bind';
  if (variables.GATEWAY_ALLOWED_HOSTS !== undefined) {
    const parsed = hostList.safeParse(variables.GATEWAY_ALLOWED_HOSTS);
    if (parsed.success) allowedHosts = parsed.data.includes('*') ? 'any' : parsed.data;
    else problems.push(`GATEWAY_ALLOWED_HOSTS ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  }
  if (limits.headersTimeoutMs > limits.bodyTimeoutMs) {
    // node:http refuses it too: the whole request cannot have less time than its headers.
    problems.push(
      `${limitVariables.headersTimeoutMs} must not exceed ${limitVariables.bodyTimeoutMs}`,
    );
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, settings: { ...limits, introspection, allowedHosts } };
}

/** Settings given in code (tests, embedders), the defaults filled in; introspection on. */
export function guardSettings(given: Partial<GuardSettings> = {}): GuardSettings {
  return { ...defaultLimits, introspection: true, allowedHosts: 'bind', ...given };
}

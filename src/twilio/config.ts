/**
 * Client configuration: read once from the environment at start (or built in code by tests and
 * by the server when it embeds the emulator), validated with zod. Error messages name the
 * variable or field and what it must look like, never the value it had: a value may be a secret.
 */
import { z } from 'zod';
import type { HostProduct } from '../registry/types.js';
import { TwilioError } from './errors.js';

export interface TwilioCredentials {
  /** `AC` + 32 hex. Needed with an API key too (it scopes the concurrency cap). */
  readonly accountSid: string;
  readonly authToken?: string;
  /** `SK` + 32 hex; when set, HTTP Basic uses the key and its secret instead of the token. */
  readonly apiKey?: string;
  readonly apiSecret?: string;
}

export type BaseUrlOverrides = Readonly<Partial<Record<HostProduct, string>>>;

export interface TwilioConfig {
  readonly credentials: TwilioCredentials;
  /** Twilio edge location, e.g. `sydney`; null for the default edge. */
  readonly edge: string | null;
  /** Twilio region, e.g. `ie1`; null for US1 (unless an edge is set, which implies `us1`). */
  readonly region: string | null;
  /**
   * Replaces `https://<host>.twilio.com` per host product; a path prefix is kept
   * (`http://127.0.0.1:4010/chat`). Edge and region are not applied to overrides.
   * Stored without a trailing slash.
   */
  readonly baseUrls: BaseUrlOverrides;
  /**
   * Ceiling of the adaptive per-account limit on requests in flight (it starts at 20 or this,
   * whichever is less, and moves with Twilio's throttling); more calls wait. Default 100.
   */
  readonly maxInFlightPerAccount: number;
  /**
   * Fraction (0, 1] of an account's requests in flight that one operation (one ledger) may hold;
   * at least one request. Default 0.5.
   */
  readonly maxSharePerOperation: number;
  /** TCP/TLS connect timeout per attempt. Default 10 000 ms. */
  readonly connectTimeoutMs: number;
  /** Time to wait for response headers per attempt. Default 30 000 ms. */
  readonly headersTimeoutMs: number;
  /** Maximum idle time between body chunks per attempt. Default 30 000 ms. */
  readonly bodyTimeoutMs: number;
  /** HTTP requests per call at most, the first included. Default 4. */
  readonly maxAttempts: number;
  /** Overall time budget of one call: queueing, attempts and backoff. Default 60 000 ms. */
  readonly deadlineMs: number;
  /** Backoff before retry n is random in [0, min(cap, base × 2^(n-1))). Default 100 ms. */
  readonly backoffBaseMs: number;
  /** Default 3 000 ms. */
  readonly backoffCapMs: number;
  /** How long an idle keep-alive socket is kept. Default 4 000 ms. */
  readonly keepAliveTimeoutMs: number;
}

export type TwilioConfigInput = Pick<TwilioConfig, 'credentials'> &
  Partial<Omit<TwilioConfig, 'credentials'>>;

export const DEFAULT_MAX_SHARE = 0.75;
export const MAX_SHARE_ENV = 'TWILIO_CLIENT_MAX_SHARE';

export const DEFAULT_TUNABLES = {
  maxInFlightPerAccount: 100,
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  maxAttempts: 4,
  deadlineMs: 60_000,
  backoffBaseMs: 100,
  backoffCapMs: 3_000,
  keepAliveTimeoutMs: 4_000,
} as const satisfies Partial<TwilioConfig>;

type TunableKey = keyof typeof DEFAULT_TUNABLES;

/** Environment variable of each tunable (the contract for deployments). */
export const TUNABLE_ENV: Readonly<Record<TunableKey, string>> = {
  maxInFlightPerAccount: 'TWILIO_CLIENT_MAX_IN_FLIGHT',
  connectTimeoutMs: 'TWILIO_CLIENT_CONNECT_TIMEOUT_MS',
  headersTimeoutMs: 'TWILIO_CLIENT_HEADERS_TIMEOUT_MS',
  bodyTimeoutMs: 'TWILIO_CLIENT_BODY_TIMEOUT_MS',
  maxAttempts: 'TWILIO_CLIENT_MAX_ATTEMPTS',
  deadlineMs: 'TWILIO_CLIENT_DEADLINE_MS',
  backoffBaseMs: 'TWILIO_CLIENT_BACKOFF_BASE_MS',
  backoffCapMs: 'TWILIO_CLIENT_BACKOFF_CAP_MS',
  keepAliveTimeoutMs: 'TWILIO_CLIENT_KEEP_ALIVE_TIMEOUT_MS',
};

export const BASE_URL_ENV: Readonly<Record<HostProduct, string>> = {
  chat: 'TWILIO_CHAT_BASE_URL',
  'ip-messaging': 'TWILIO_IP_MESSAGING_BASE_URL',
  conversations: 'TWILIO_CONVERSATIONS_BASE_URL',
};

const CREDENTIAL_ENV = {
  accountSid: 'TWILIO_ACCOUNT_SID',
  authToken: 'TWILIO_AUTH_TOKEN',
  apiKey: 'TWILIO_API_KEY',
  apiSecret: 'TWILIO_API_SECRET',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/** How each field is called in messages: env variable names, or field paths for code. */
interface FieldNames {
  readonly credential: Readonly<Record<keyof typeof CREDENTIAL_ENV, string>>;
  readonly edge: string;
  readonly region: string;
  readonly baseUrl: Readonly<Record<HostProduct, string>>;
  readonly tunable: Readonly<Record<TunableKey, string>>;
  readonly maxShare: string;
}

const ENV_NAMES: FieldNames = {
  credential: CREDENTIAL_ENV,
  edge: 'TWILIO_EDGE',
  region: 'TWILIO_REGION',
  baseUrl: BASE_URL_ENV,
  tunable: TUNABLE_ENV,
  maxShare: MAX_SHARE_ENV,
};

const CODE_NAMES: FieldNames = {
  credential: {
    accountSid: 'credentials.accountSid',
    authToken: 'credentials.authToken',
    apiKey: 'credentials.apiKey',
    apiSecret: 'credentials.apiSecret',
  },
  edge: 'edge',
  region: 'region',
  baseUrl: {
    chat: 'baseUrls.chat',
    'ip-messaging': 'baseUrls.ip-messaging',
    conversations: 'baseUrls.conversations',
  },
  tunable: {
    maxInFlightPerAccount: 'maxInFlightPerAccount',
    connectTimeoutMs: 'connectTimeoutMs',
    headersTimeoutMs: 'headersTimeoutMs',
    bodyTimeoutMs: 'bodyTimeoutMs',
    maxAttempts: 'maxAttempts',
    deadlineMs: 'deadlineMs',
    backoffBaseMs: 'backoffBaseMs',
    backoffCapMs: 'backoffCapMs',
    keepAliveTimeoutMs: 'keepAliveTimeoutMs',
  },
  maxShare: 'maxSharePerOperation',
};

const accountSidSchema = z.string().regex(/^AC[0-9a-fA-F]{32}$/);
const apiKeySchema = z.string().regex(/^SK[0-9a-fA-F]{32}$/);
const secretSchema = z.string().min(1);
const locationSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

const TUNABLE_LIMITS: Readonly<Record<TunableKey, { min: number; max: number }>> = {
  maxInFlightPerAccount: { min: 1, max: 1000 },
  connectTimeoutMs: { min: 1, max: 600_000 },
  headersTimeoutMs: { min: 1, max: 600_000 },
  bodyTimeoutMs: { min: 1, max: 600_000 },
  maxAttempts: { min: 1, max: 20 },
  deadlineMs: { min: 1, max: 3_600_000 },
  backoffBaseMs: { min: 0, max: 60_000 },
  backoffCapMs: { min: 0, max: 600_000 },
  keepAliveTimeoutMs: { min: 1, max: 600_000 },
};

/** Whether any Twilio credential variable is set; when none is, the server runs the emulator. */
export function hasTwilioCredentials(env: Env): boolean {
  return Object.values(CREDENTIAL_ENV).some((name) => present(env[name]) !== undefined);
}

/**
 * Reads and validates the client configuration from `env`. `overrides` win over the
 * environment (the server passes the embedded emulator's credentials and base URLs this way).
 * Throws a `TwilioError` of kind `config` listing every problem.
 */
export function loadTwilioConfig(
  env: Env,
  overrides: Partial<TwilioConfigInput> = {},
): TwilioConfig {
  const tunables: Partial<Record<TunableKey, number>> = {};
  for (const key of Object.keys(TUNABLE_ENV) as TunableKey[]) {
    const raw = present(env[TUNABLE_ENV[key]]);
    if (raw === undefined) continue;
    // Number('') and Number(' ') are 0; only plain decimal integers are accepted.
    tunables[key] = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  }
  const baseUrls: Partial<Record<HostProduct, string>> = {};
  for (const host of Object.keys(BASE_URL_ENV) as HostProduct[]) {
    const raw = present(env[BASE_URL_ENV[host]]);
    if (raw !== undefined) baseUrls[host] = raw;
  }
  const credentials = overrides.credentials ?? {
    accountSid: present(env[CREDENTIAL_ENV.accountSid]) ?? '',
    ...optional('authToken', present(env[CREDENTIAL_ENV.authToken])),
    ...optional('apiKey', present(env[CREDENTIAL_ENV.apiKey])),
    ...optional('apiSecret', present(env[CREDENTIAL_ENV.apiSecret])),
  };
  const rawShare = present(env[MAX_SHARE_ENV])?.trim();
  const input: TwilioConfigInput = {
    edge: present(env.TWILIO_EDGE) ?? null,
    region: present(env.TWILIO_REGION) ?? null,
    ...tunables,
    // Only plain decimals: Number() would also take '', '0x1' or '1e-1'.
    ...(rawShare === undefined
      ? {}
      : { maxSharePerOperation: /^\d*\.?\d+$/.test(rawShare) ? Number(rawShare) : Number.NaN }),
    ...overrides,
    baseUrls: { ...baseUrls, ...overrides.baseUrls },
    credentials,
  };
  return buildConfig(
    input,
    overrides.credentials ? { ...ENV_NAMES, credential: CODE_NAMES.credential } : ENV_NAMES,
  );
}

/** Builds a configuration in code, filling defaults; same validation as `loadTwilioConfig`. */
export function createTwilioConfig(input: TwilioConfigInput): TwilioConfig {
  return buildConfig(input, CODE_NAMES);
}

function buildConfig(input: TwilioConfigInput, names: FieldNames): TwilioConfig {
  const problems: string[] = [];
  const credentials = checkCredentials(input.credentials, names, problems);
  const edge = checkLocation(input.edge, names.edge, problems);
  const region = checkLocation(input.region, names.region, problems);
  const baseUrls: Partial<Record<HostProduct, string>> = {};
  for (const host of Object.keys(BASE_URL_ENV) as HostProduct[]) {
    const raw = input.baseUrls?.[host];
    if (raw === undefined) continue;
    const normalized = normalizeBaseUrl(raw);
    if (normalized === null) {
      problems.push(
        `${names.baseUrl[host]} must be an absolute http(s) URL without credentials, query or fragment (e.g. http://127.0.0.1:4010/chat)`,
      );
    } else baseUrls[host] = normalized;
  }
  const tunables = { ...DEFAULT_TUNABLES } as Record<TunableKey, number>;
  for (const key of Object.keys(DEFAULT_TUNABLES) as TunableKey[]) {
    const value = input[key];
    if (value === undefined) continue;
    const { min, max } = TUNABLE_LIMITS[key];
    if (!z.number().int().min(min).max(max).safeParse(value).success) {
      problems.push(`${names.tunable[key]} must be an integer from ${min} to ${max}`);
    } else tunables[key] = value;
  }
  const maxSharePerOperation = input.maxSharePerOperation ?? DEFAULT_MAX_SHARE;
  if (!z.number().gt(0).max(1).safeParse(maxSharePerOperation).success) {
    problems.push(
      `${names.maxShare} must be a number greater than 0 and at most 1 (the fraction of an account's Twilio concurrency one operation may hold, e.g. 0.5)`,
    );
  }
  if (problems.length > 0) {
    throw new TwilioError({
      kind: 'config',
      message: `Invalid Twilio client configuration: ${problems.join('; ')}`,
    });
  }
  return { credentials, edge, region, baseUrls, ...tunables, maxSharePerOperation };
}

function checkCredentials(
  given: TwilioCredentials | undefined,
  names: FieldNames,
  problems: string[],
): TwilioCredentials {
  const n = names.credential;
  const accountSid = given?.accountSid ?? '';
  const { authToken, apiKey, apiSecret } = given ?? {};
  if (accountSid === '') problems.push(`${n.accountSid} is required`);
  else if (!accountSidSchema.safeParse(accountSid).success)
    problems.push(`${n.accountSid} must be "AC" followed by 32 hex digits`);
  if (apiKey !== undefined || apiSecret !== undefined) {
    if (apiKey === undefined) problems.push(`${n.apiKey} is required when ${n.apiSecret} is set`);
    else if (!apiKeySchema.safeParse(apiKey).success)
      problems.push(`${n.apiKey} must be "SK" followed by 32 hex digits`);
    if (apiSecret === undefined)
      problems.push(`${n.apiSecret} is required when ${n.apiKey} is set`);
    else if (!secretSchema.safeParse(apiSecret).success)
      problems.push(`${n.apiSecret} must not be empty`);
  } else if (authToken === undefined) {
    problems.push(`${n.authToken} (or ${n.apiKey} with ${n.apiSecret}) is required`);
  } else if (!secretSchema.safeParse(authToken).success) {
    problems.push(`${n.authToken} must not be empty`);
  }
  return {
    accountSid,
    ...optional('authToken', authToken),
    ...optional('apiKey', apiKey),
    ...optional('apiSecret', apiSecret),
  };
}

function checkLocation(
  value: string | null | undefined,
  name: string,
  problems: string[],
): string | null {
  if (value === undefined || value === null) return null;
  if (!locationSchema.safeParse(value).success) {
    problems.push(`${name} must be a lowercase location name such as "sydney" or "ie1"`);
    return null;
  }
  return value;
}

/** `http(s)://host[:port][/prefix]` without a trailing slash, or null when unusable. */
export function normalizeBaseUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    return null;
  if (raw.includes('?') || raw.includes('#')) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Partial<Record<K, string>>);
}

/** Validates credentials given per call (e.g. per tenant); throws kind `config`. */
export function validateCredentials(credentials: TwilioCredentials): TwilioCredentials {
  const problems: string[] = [];
  const checked = checkCredentials(credentials, CODE_NAMES, problems);
  if (problems.length > 0) {
    throw new TwilioError({
      kind: 'config',
      message: `Invalid Twilio credentials: ${problems.join('; ')}`,
    });
  }
  return checked;
}

/**
 * Operator settings of the emulator's wire layer: credentials, latency, faults, concurrency,
 * paging policy and webhook delivery, with their fixed defaults and the `EMULATOR_*` environment
 * names that set them.
 */
import { z } from 'zod';
import type { HttpMethod } from '../../registry/types.js';
import type { SeedOptions } from '../contract.js';

/**
 * Fixed, documented test credentials. They are obviously fake on purpose: the emulator accepts
 * them by default so that tests and demos need no configuration.
 */
export const DEFAULT_ACCOUNT_SID = 'AC00000000000000000000000000000000';
export const DEFAULT_AUTH_TOKEN = '0123456789abcdef0123456789abcdef';
export const DEFAULT_API_KEY = 'SK00000000000000000000000000000000';
export const DEFAULT_API_SECRET = 'emulator-api-key-secret';

export interface EmulatorCredentials {
  readonly accountSid: string;
  /** Signs webhooks (X-Twilio-Signature) and authenticates with the Account SID. */
  readonly authToken: string;
  /** An API key SID (`SK…`) accepted as the Basic user together with `apiSecret`. */
  readonly apiKey?: string;
  readonly apiSecret?: string;
}

export const DEFAULT_CREDENTIALS: EmulatorCredentials = {
  accountSid: DEFAULT_ACCOUNT_SID,
  authToken: DEFAULT_AUTH_TOKEN,
  apiKey: DEFAULT_API_KEY,
  apiSecret: DEFAULT_API_SECRET,
};

export interface LatencySettings {
  /** Added before every Twilio request is handled. Default 0. */
  readonly fixedMs: number;
  /** A uniformly random extra delay in [0, jitterMs). Default 0. */
  readonly jitterMs: number;
}

export const faultKinds = [
  /** 429 with code 20429, as Twilio answers when the account's concurrency is exceeded. */
  'rate-limit',
  /** 500 with code 20500. */
  'server-error',
  /** 503 with code 20503. */
  'unavailable',
  /** Never answers; the client must time out. Closing the emulator ends these requests. */
  'hang',
  /** Destroys the connection without an answer. */
  'reset',
  /** 200 with a truncated JSON body. */
  'malformed',
] as const;
export type FaultKind = (typeof faultKinds)[number];

export interface FaultRule {
  readonly kind: FaultKind;
  /** Probability (0..1) that a matching request fails. Used when `count` is absent. */
  readonly rate?: number;
  /** Fail exactly the next `count` matching requests, then stop matching. */
  readonly count?: number;
  /** Only requests for this registry operation id (e.g. `conversations.v1.ListConversation`). */
  readonly operationId?: string;
  /** Only requests with this HTTP method. */
  readonly method?: HttpMethod;
}

/** What to do with a PageSize above the operation's documented maximum. */
export type PageSizeOverMax = 'clamp' | 'reject';

export interface EmulatorOptions {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0 (an ephemeral port). The CLI defaults to 4010. */
  readonly port?: number;
  /**
   * Omitted: {@link DEFAULT_CREDENTIALS}, fixed API key included. Given: a missing Account SID or
   * Auth Token falls back to the fixed one; an API key is accepted only when given.
   */
  readonly credentials?: Partial<EmulatorCredentials>;
  /** Passed to the domain; `false` starts with an empty store. */
  readonly seed?: SeedOptions | false;
  readonly latency?: Partial<LatencySettings>;
  readonly faults?: readonly FaultRule[];
  /** Requests in flight beyond this answer 429/20429. Default: unlimited. */
  readonly concurrencyLimit?: number | null;
  /** Default `clamp` (twilio-node sends `PageSize=limit` unclamped). */
  readonly pageSizeOverMax?: PageSizeOverMax;
  /** Deliver the domain's webhooks. Default true. */
  readonly webhooks?: boolean;
  /** Per-delivery timeout. Default 5000 ms (Twilio's webhook timeout). */
  readonly webhookTimeoutMs?: number;
  /** Request log entries kept. Default 5000. */
  readonly requestLogSize?: number;
  /** Randomness for fault rates and latency jitter (tests inject a fixed sequence). */
  readonly random?: () => number;
  /** How latency waits (tests inject a controllable clock). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Unexpected handler failures (the client only sees a 500). Default: one line on stderr. */
  readonly onError?: (error: unknown, operationId: string | null) => void;
}

const nonNegativeInt = z.coerce.number().int().min(0);

export const latencySchema = z
  .object({ fixedMs: nonNegativeInt.optional(), jitterMs: nonNegativeInt.optional() })
  .strict();

export const faultRuleSchema = z
  .object({
    kind: z.enum(faultKinds),
    rate: z.number().min(0).max(1).optional(),
    count: z.number().int().min(0).optional(),
    operationId: z.string().min(1).optional(),
    method: z.enum(['GET', 'POST', 'DELETE']).optional(),
  })
  .strict()
  .refine((rule) => rule.rate !== undefined || rule.count !== undefined, {
    message: 'a fault rule needs `rate` (0..1) or `count` (next N requests)',
  });

export const faultRulesSchema = z.array(faultRuleSchema);

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'on' || v === 'yes');

/**
 * Every environment variable the emulator reads. The Twilio names are the contract the gateway
 * and twilio-node also use; the `EMULATOR_*` names are the emulator's own.
 */
export const emulatorEnvSchema = z.object({
  EMULATOR_HOST: z.string().min(1).optional(),
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  EMULATOR_LATENCY_MS: nonNegativeInt.optional(),
  EMULATOR_LATENCY_JITTER_MS: nonNegativeInt.optional(),
  /** One fault kind applied at EMULATOR_FAULT_RATE to every request. */
  EMULATOR_FAULT_KIND: z.enum(faultKinds).optional(),
  EMULATOR_FAULT_RATE: z.coerce.number().min(0).max(1).optional(),
  EMULATOR_CONCURRENCY_LIMIT: z.coerce.number().int().min(1).optional(),
  EMULATOR_PAGE_SIZE_OVER_MAX: z.enum(['clamp', 'reject']).optional(),
  EMULATOR_WEBHOOKS: booleanFlag.optional(),
  /** `false` (or `none`) starts empty; any other value is the seed string. */
  EMULATOR_SEED: z.string().min(1).optional(),
  EMULATOR_SERVICES: nonNegativeInt.optional(),
  EMULATOR_USERS_PER_SERVICE: nonNegativeInt.optional(),
  EMULATOR_CONVERSATIONS_PER_SERVICE: nonNegativeInt.optional(),
  EMULATOR_PARTICIPANTS_PER_CONVERSATION: nonNegativeInt.optional(),
  EMULATOR_MESSAGES_PER_CONVERSATION: nonNegativeInt.optional(),
  EMULATOR_PUBLIC_CHANNELS_PER_SERVICE: nonNegativeInt.optional(),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/)
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_API_KEY: z
    .string()
    .regex(/^SK[0-9a-fA-F]{32}$/)
    .optional(),
  TWILIO_API_SECRET: z.string().min(1).optional(),
});

/** Names of the environment variables above, for the CLI's help text. */
export const emulatorEnvNames = Object.keys(emulatorEnvSchema.shape);

/**
 * Reads emulator options from an environment map. Empty strings count as unset. Throws an
 * Error naming the offending variable (never echoing secret values).
 */
export function emulatorOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): EmulatorOptions {
  const relevant: Record<string, string> = {};
  for (const name of emulatorEnvNames) {
    const value = env[name];
    if (value !== undefined && value !== '') relevant[name] = value;
  }
  const parsed = emulatorEnvSchema.safeParse(relevant);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
    throw new Error(
      `Invalid emulator environment: ${names.join(', ')} (npm run emulator -- --help lists them)`,
    );
  }
  const e = parsed.data;
  if ((e.TWILIO_API_KEY === undefined) !== (e.TWILIO_API_SECRET === undefined)) {
    throw new Error('Set both TWILIO_API_KEY and TWILIO_API_SECRET, or neither');
  }
  if (e.TWILIO_AUTH_TOKEN !== undefined && e.TWILIO_ACCOUNT_SID === undefined) {
    throw new Error('TWILIO_AUTH_TOKEN needs TWILIO_ACCOUNT_SID');
  }
  const options: {
    -readonly [K in keyof EmulatorOptions]: EmulatorOptions[K];
  } = {};
  if (e.EMULATOR_HOST !== undefined) options.host = e.EMULATOR_HOST;
  if (e.EMULATOR_PORT !== undefined) options.port = e.EMULATOR_PORT;
  if (e.EMULATOR_LATENCY_MS !== undefined || e.EMULATOR_LATENCY_JITTER_MS !== undefined) {
    options.latency = {
      fixedMs: e.EMULATOR_LATENCY_MS ?? 0,
      jitterMs: e.EMULATOR_LATENCY_JITTER_MS ?? 0,
    };
  }
  if (e.EMULATOR_FAULT_RATE !== undefined && e.EMULATOR_FAULT_RATE > 0) {
    options.faults = [
      { kind: e.EMULATOR_FAULT_KIND ?? 'server-error', rate: e.EMULATOR_FAULT_RATE },
    ];
  }
  if (e.EMULATOR_CONCURRENCY_LIMIT !== undefined) {
    options.concurrencyLimit = e.EMULATOR_CONCURRENCY_LIMIT;
  }
  if (e.EMULATOR_PAGE_SIZE_OVER_MAX !== undefined) {
    options.pageSizeOverMax = e.EMULATOR_PAGE_SIZE_OVER_MAX;
  }
  if (e.EMULATOR_WEBHOOKS !== undefined) options.webhooks = e.EMULATOR_WEBHOOKS;
  const seed = seedFromEnv(e);
  if (seed !== undefined) options.seed = seed;
  if (e.TWILIO_ACCOUNT_SID !== undefined || e.TWILIO_API_KEY !== undefined) {
    options.credentials = {
      ...(e.TWILIO_ACCOUNT_SID !== undefined ? { accountSid: e.TWILIO_ACCOUNT_SID } : {}),
      ...(e.TWILIO_AUTH_TOKEN !== undefined ? { authToken: e.TWILIO_AUTH_TOKEN } : {}),
      ...(e.TWILIO_API_KEY !== undefined
        ? { apiKey: e.TWILIO_API_KEY, apiSecret: e.TWILIO_API_SECRET }
        : {}),
    };
  }
  return options;
}

function seedFromEnv(e: z.infer<typeof emulatorEnvSchema>): SeedOptions | false | undefined {
  if (e.EMULATOR_SEED === 'false' || e.EMULATOR_SEED === 'none') return false;
  const seed: { -readonly [K in keyof SeedOptions]: SeedOptions[K] } = {};
  if (e.EMULATOR_SEED !== undefined) seed.seed = e.EMULATOR_SEED;
  if (e.EMULATOR_SERVICES !== undefined) seed.services = e.EMULATOR_SERVICES;
  if (e.EMULATOR_USERS_PER_SERVICE !== undefined)
    seed.usersPerService = e.EMULATOR_USERS_PER_SERVICE;
  if (e.EMULATOR_CONVERSATIONS_PER_SERVICE !== undefined) {
    seed.conversationsPerService = e.EMULATOR_CONVERSATIONS_PER_SERVICE;
  }
  if (e.EMULATOR_PARTICIPANTS_PER_CONVERSATION !== undefined) {
    seed.participantsPerConversation = e.EMULATOR_PARTICIPANTS_PER_CONVERSATION;
  }
  if (e.EMULATOR_MESSAGES_PER_CONVERSATION !== undefined) {
    seed.messagesPerConversation = e.EMULATOR_MESSAGES_PER_CONVERSATION;
  }
  if (e.EMULATOR_PUBLIC_CHANNELS_PER_SERVICE !== undefined) {
    seed.publicChannelsPerService = e.EMULATOR_PUBLIC_CHANNELS_PER_SERVICE;
  }
  return Object.keys(seed).length > 0 ? seed : undefined;
}

/** Fills credential defaults: the fixed account and token; the fixed API key only by default. */
export function resolveCredentials(given?: Partial<EmulatorCredentials>): EmulatorCredentials {
  if (!given) return DEFAULT_CREDENTIALS;
  const credentials: EmulatorCredentials = {
    accountSid: given.accountSid ?? DEFAULT_ACCOUNT_SID,
    authToken: given.authToken ?? DEFAULT_AUTH_TOKEN,
    ...(given.apiKey !== undefined && given.apiSecret !== undefined
      ? { apiKey: given.apiKey, apiSecret: given.apiSecret }
      : {}),
  };
  if (!/^AC[0-9a-fA-F]{32}$/.test(credentials.accountSid)) {
    throw new Error('credentials.accountSid must be AC followed by 32 hex digits');
  }
  return credentials;
}

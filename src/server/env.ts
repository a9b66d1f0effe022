/**
 * The server's environment, read and validated once at boot. This is the only module under
 * src/server that touches `process.env`; everything else receives the parsed `ServerEnv`.
 * Messages name the variable and never echo its value (a misplaced secret must not reach a log).
 */
import { z } from 'zod';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ServerEnv {
  /** Interface to listen on (`HOST`, default `127.0.0.1`). */
  readonly host: string;
  /** TCP port (`PORT`, default 4000; 0 picks a free port). */
  readonly port: number;
  /** pino level (`LOG_LEVEL`, default `info`). */
  readonly logLevel: LogLevel;
  /**
   * The raw variables, handed to the Twilio client's own loader (`loadTwilioConfig`), which
   * validates the `TWILIO_*` names with the same naming rule.
   */
  readonly variables: Readonly<Record<string, string | undefined>>;
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

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
});

/** Thrown when a variable is malformed; `message` lists every problem by variable name. */
export class ServerEnvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment: ${problems.join('; ')}`);
    this.name = 'ServerEnvError';
  }
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
  });
  if (!parsed.success) {
    throw new ServerEnvError(
      parsed.error.issues.map((issue) => `${issue.path.map(String).join('.')} ${issue.message}`),
    );
  }
  return {
    host: parsed.data.HOST,
    port: parsed.data.PORT,
    logLevel: parsed.data.LOG_LEVEL,
    variables,
  };
}

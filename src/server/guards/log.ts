/**
 * Failures in the log without the machine's file layout: warn and error lines carry the error's
 * type, code and message; its stack (absolute paths of the server's files) only at debug.
 */
import type { Logger } from 'pino';

export interface LoggedError {
  readonly type: string;
  readonly message: string;
  readonly code?: string;
}

/** The parts of an error that are safe at warn and error level. */
export function loggedError(error: unknown): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const code: unknown = Reflect.get(error, 'code');
  return {
    type: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
  };
}

export function logFailure(
  logger: Logger,
  level: 'warn' | 'error',
  error: unknown,
  message: string,
  fields: Readonly<Record<string, unknown>> = {},
): void {
  logger[level]({ ...fields, error: loggedError(error) }, message);
  logger.debug({ ...fields, err: error }, `${message} (stack)`);
}

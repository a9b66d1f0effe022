/**
 * The id that ties an HTTP request to its log line and trace. A proxy's `x-request-id` is kept
 * when it is short and plainly safe to log; anything else is replaced, never echoed, so a header
 * cannot smuggle a line break or a payload into the logs.
 */
import { randomUUID } from 'node:crypto';

export const requestIdHeader = 'x-request-id';

const safeRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(header: string | readonly string[] | undefined): string {
  const value = typeof header === 'string' ? header.trim() : undefined;
  return value !== undefined && safeRequestId.test(value) ? value : randomUUID();
}

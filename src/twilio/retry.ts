/**
 * When a failed attempt may be repeated and how long to wait first.
 *
 * 429 means Twilio refused the request before doing anything, and a connection that was refused
 * or never made sent nothing: both are safe for every method. A 5xx, a timeout or a broken
 * connection after sending may come after the server acted: only GET and DELETE (idempotent in
 * these APIs) are repeated then. A POST is never repeated after those, since a second create
 * would make a second message or participant.
 */
import type { HttpMethod } from '../registry/types.js';
import type { TwilioCallOutcome, TwilioErrorKind } from './errors.js';

const RETRYABLE_5XX = new Set([500, 502, 503, 504]);

export function isIdempotent(method: HttpMethod): boolean {
  return method === 'GET' || method === 'DELETE';
}

export function isRetryable(
  method: HttpMethod,
  kind: TwilioErrorKind,
  status: number | null,
  outcome: TwilioCallOutcome = 'unknown',
): boolean {
  if (status === 429) return true;
  const transport = kind === 'connection' || kind === 'timeout';
  if (transport && outcome === 'not-sent') return true;
  if (!isIdempotent(method)) return false;
  if (transport) return true;
  return status !== null && RETRYABLE_5XX.has(status);
}

/** Full jitter: uniform in [0, min(cap, base × 2^(retry-1))) for retry 1, 2, ... */
export function backoffDelayMs(
  retry: number,
  baseMs: number,
  capMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** `Retry-After` as delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/** A sleep that ends early (rejecting with the signal's reason) when `signal` aborts. */
export type SleepFunction = (ms: number, signal: AbortSignal) => Promise<void>;

export const defaultSleep: SleepFunction = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Which Twilio product a request addresses, and the URL base it addressed. Chat v1 and
 * Conversations v1 share paths such as `/v1/Services`, so the path alone cannot tell; the
 * product comes from a path prefix (`/chat/v1/…`, for clients that can only change a base URL)
 * or from the host name's first label (`chat.*`, `ip-messaging.*`, `conversations.*`, incl.
 * edge/region forms), preferring `X-Forwarded-Host` over `Host`.
 *
 * Records and page URLs must lead back where the caller came from. Without forwarded headers
 * that is the origin and product prefix the request arrived on. Behind a proxy or a
 * host-rewriting client (`X-Forwarded-Host` or `X-Forwarded-Prefix` sent), the product prefix is
 * where the emulator happens to be mounted, not what the caller addressed: the base is the
 * forwarded proto and host plus `X-Forwarded-Prefix` (the caller's path in front of Twilio's
 * `/v1/…`), if any. A proxy that exposes the emulator's own prefix passes it in
 * `X-Forwarded-Prefix` (e.g. `/twilio/conversations`).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { HostProduct } from '../../registry/types.js';

export const hostProducts: readonly HostProduct[] = ['chat', 'ip-messaging', 'conversations'];

export interface AddressedProduct {
  /** null when neither a prefix nor the host names a product. */
  readonly host: HostProduct | null;
  /** What records and page URLs start with (origin and prefix the caller addressed, no version). */
  readonly baseUrl: string;
  /** The path after the prefix, still percent-encoded (e.g. `/v1/Services`). */
  readonly path: string;
}

const prefixOf = new Map<string, HostProduct>(hostProducts.map((p) => [p, p]));

// A host header is client input that ends up in absolute URLs; anything unusual is replaced.
const safeHostPattern = /^[A-Za-z0-9.\-_]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;
// Path segments of RFC 3986 characters only: no query, fragment, quotes or spaces in URLs.
const safePrefixPattern = /^(\/([A-Za-z0-9\-._~!$&()*+,;=:@]|%[0-9A-Fa-f]{2})+)*\/?$/;

function firstHeader(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const first = raw.split(',')[0]?.trim();
  return first === '' ? undefined : first;
}

function productOfHost(hostname: string): HostProduct | null {
  const label = hostname.split('.', 1)[0]?.toLowerCase() ?? '';
  return prefixOf.get(label) ?? null;
}

/** `X-Forwarded-Prefix` as a clean path prefix (`/a/b`, `''` for `/`), or null when absent or odd. */
function forwardedPrefixOf(headers: IncomingHttpHeaders): string | null {
  const raw = firstHeader(headers['x-forwarded-prefix']);
  if (raw === undefined || !safePrefixPattern.test(raw)) return null;
  return raw.replace(/\/+$/, '');
}

function safeHost(value: string | undefined): string | undefined {
  return value !== undefined && safeHostPattern.test(value) ? value : undefined;
}

export function addressedProduct(
  headers: IncomingHttpHeaders,
  rawPath: string,
  fallbackHost: string,
): AddressedProduct {
  const forwardedHost = safeHost(firstHeader(headers['x-forwarded-host']));
  const forwardedPrefix = forwardedPrefixOf(headers);
  const host = forwardedHost ?? safeHost(firstHeader(headers.host)) ?? fallbackHost;
  const forwardedProto = firstHeader(headers['x-forwarded-proto'])?.toLowerCase();
  const scheme = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : 'http';
  const origin = `${scheme}://${host}`;
  const rewritten = forwardedHost !== undefined || forwardedPrefix !== null;
  const callerBase = `${origin}${forwardedPrefix ?? ''}`;

  const secondSlash = rawPath.indexOf('/', 1);
  const firstSegment = secondSlash === -1 ? rawPath.slice(1) : rawPath.slice(1, secondSlash);
  const byPrefix = prefixOf.get(firstSegment);
  if (byPrefix !== undefined) {
    return {
      host: byPrefix,
      baseUrl: rewritten ? callerBase : `${origin}/${firstSegment}`,
      path: secondSlash === -1 ? '/' : rawPath.slice(secondSlash),
    };
  }
  return { host: productOfHost(host), baseUrl: callerBase, path: rawPath };
}

/**
 * Which Twilio product a request addresses. Chat v1 and Conversations v1 share paths such as
 * `/v1/Services`, so the path alone cannot tell; the product comes from a path prefix
 * (`/chat/v1/…`, for clients that can only change a base URL) or from the host name's first label
 * (`chat.*`, `ip-messaging.*`, `conversations.*`, incl. edge/region forms), preferring
 * `X-Forwarded-Host` over `Host` so a proxy in front keeps the client's view.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { HostProduct } from '../../registry/types.js';

export const hostProducts: readonly HostProduct[] = ['chat', 'ip-messaging', 'conversations'];

export interface AddressedProduct {
  /** null when neither a prefix nor the host names a product. */
  readonly host: HostProduct | null;
  /** The origin plus product prefix, without the version: what records and page URLs start with. */
  readonly baseUrl: string;
  /** The path after the prefix, still percent-encoded (e.g. `/v1/Services`). */
  readonly path: string;
}

const prefixOf = new Map<string, HostProduct>(hostProducts.map((p) => [p, p]));

// A host header is client input that ends up in absolute URLs; anything unusual is replaced.
const safeHostPattern = /^[A-Za-z0-9.\-_]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

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

export function addressedProduct(
  headers: IncomingHttpHeaders,
  rawPath: string,
  fallbackHost: string,
): AddressedProduct {
  const forwardedHost = firstHeader(headers['x-forwarded-host']);
  const hostHeader = forwardedHost ?? firstHeader(headers.host);
  const host =
    hostHeader !== undefined && safeHostPattern.test(hostHeader) ? hostHeader : fallbackHost;
  const forwardedProto = firstHeader(headers['x-forwarded-proto'])?.toLowerCase();
  const scheme = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : 'http';
  const origin = `${scheme}://${host}`;

  const secondSlash = rawPath.indexOf('/', 1);
  const firstSegment = secondSlash === -1 ? rawPath.slice(1) : rawPath.slice(1, secondSlash);
  const byPrefix = prefixOf.get(firstSegment);
  if (byPrefix !== undefined) {
    return {
      host: byPrefix,
      baseUrl: `${origin}/${firstSegment}`,
      path: secondSlash === -1 ? '/' : rawPath.slice(secondSlash),
    };
  }
  return { host: productOfHost(host), baseUrl: origin, path: rawPath };
}

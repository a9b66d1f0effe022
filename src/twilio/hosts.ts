/**
 * Where each host product lives: `https://<product>[.<edge>].<region>.twilio.com` composed like
 * twilio-node's `getHostname`, or a configured base URL override (used as given: an override
 * names the exact server, so edge and region do not apply to it).
 */
import type { HostProduct, OperationSpec } from '../registry/types.js';
import type { TwilioConfig } from './config.js';

const TWILIO_DOMAIN = 'twilio.com';
const DEFAULT_REGION = 'us1';

/**
 * twilio-node 6.2.0 `getHostname`: split `product[.edge][.region].twilio.com`, a single middle
 * label being the region; the region falls back to the one in the host, then to `us1` when an
 * edge is given; without any region the host is returned unchanged.
 */
export function composeHostname(
  hostname: string,
  edge: string | null | undefined,
  region: string | null | undefined,
): string {
  const labels = hostname.split('.');
  const domain = labels.slice(-2).join('.');
  const prefix = labels.slice(0, -2);
  const product = prefix[0];
  let hostEdge = prefix[1];
  let hostRegion = prefix[2];
  if (hostEdge !== undefined && hostRegion === undefined) {
    hostRegion = hostEdge;
    hostEdge = undefined;
  }
  const targetRegion = region || hostRegion || (edge ? DEFAULT_REGION : undefined);
  if (!targetRegion) return hostname;
  const targetEdge = edge || hostEdge;
  return [product, targetEdge, targetRegion, domain].filter((part) => part).join('.');
}

/** Base URL (origin plus optional path prefix, no trailing slash) the client uses for `host`. */
export function baseUrlFor(config: TwilioConfig, host: HostProduct): string {
  const override = config.baseUrls[host];
  if (override !== undefined) return override;
  return `https://${composeHostname(`${host}.${TWILIO_DOMAIN}`, config.edge, config.region)}`;
}

/** The host an operation is sent to unless the caller picks another one that serves it. */
export function defaultHostOf(op: OperationSpec): HostProduct {
  return op.product;
}

/**
 * Maps a URL Twilio returned (e.g. `next_page_url`) onto a configured base URL of one of
 * `hosts`, or null when it is not ours. A twilio.com URL of the right product is re-hosted with
 * the configured edge/region as twilio-node does; anything else must match a base URL's origin
 * and path prefix exactly. Only URLs accepted here ever receive credentials.
 */
export function resolveTrustedUrl(
  config: TwilioConfig,
  hosts: readonly HostProduct[],
  rawUrl: string,
): { readonly host: HostProduct; readonly url: URL } | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '' || url.hash !== '') return null;
  for (const host of hosts) {
    const base = new URL(baseUrlFor(config, host));
    const candidate = new URL(url.href);
    if (config.baseUrls[host] === undefined && isTwilioHostOf(candidate.hostname, host)) {
      candidate.hostname = composeHostname(candidate.hostname, config.edge, config.region);
    }
    if (candidate.origin !== base.origin) continue;
    const prefix = base.pathname.replace(/\/+$/, '');
    if (prefix !== '' && !candidate.pathname.startsWith(`${prefix}/`)) continue;
    return { host, url: candidate };
  }
  return null;
}

function isTwilioHostOf(hostname: string, host: HostProduct): boolean {
  const labels = hostname.split('.');
  return (
    labels.length >= 3 &&
    labels.length <= 5 &&
    labels[0] === host &&
    labels.slice(-2).join('.') === TWILIO_DOMAIN
  );
}

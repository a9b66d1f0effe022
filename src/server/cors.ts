/**
 * CORS for `/graphql` (`GATEWAY_CORS_ORIGINS`): exact origins, or `*` when every caller must
 * bring a header credential (`GATEWAY_AUTH=access-token`): no cookies are involved, so a page on
 * another origin gains nothing it could not do with its own token. Credentials mode is never
 * granted. An origin that is not listed gets no CORS header at all, so the browser keeps the
 * answer from the page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthMode } from './auth/env.js';

export interface CorsPolicy {
  /** Exact origins (`https://app.example.com`), or `*`; empty: CORS off. */
  readonly origins: readonly string[] | '*';
}

export const corsOff: CorsPolicy = { origins: [] };

export const corsAllowedMethods = 'GET, POST';
export const corsAllowedHeaders = 'authorization, content-type, apollo-require-preflight';
/** Seconds a browser may reuse a preflight answer (Chromium caps this at 7200). */
export const corsMaxAgeSeconds = 600;

/** `scheme://host[:port]` exactly as a browser sends it in `Origin`, or null. */
function asOrigin(entry: string): string | null {
  try {
    const url = new URL(entry);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin === entry ? entry : null;
  } catch {
    return null;
  }
}

/** Reads `GATEWAY_CORS_ORIGINS`; problems name the variable and entry, never the value. */
export function readCorsEnv(
  variables: Readonly<Record<string, string | undefined>>,
  mode: AuthMode,
): { readonly cors: CorsPolicy; readonly problems: readonly string[] } {
  const raw = variables.GATEWAY_CORS_ORIGINS;
  if (raw === undefined) return { cors: corsOff, problems: [] };
  const entries = raw.split(',').map((entry) => entry.trim());
  if (entries.includes('*')) {
    if (entries.length > 1) {
      return {
        cors: corsOff,
        problems: ['GATEWAY_CORS_ORIGINS must be either * or a list of origins'],
      };
    }
    if (mode !== 'access-token') {
      return {
        cors: corsOff,
        problems: ['GATEWAY_CORS_ORIGINS=* is allowed only with GATEWAY_AUTH=access-token'],
      };
    }
    return { cors: { origins: '*' }, problems: [] };
  }
  const problems: string[] = [];
  const origins: string[] = [];
  entries.forEach((entry, index) => {
    const origin = asOrigin(entry);
    if (origin === null) {
      problems.push(
        `GATEWAY_CORS_ORIGINS entry ${index + 1} must be an origin such as https://app.example.com ` +
          '(scheme, lowercase host and optional port; no path, no trailing slash)',
      );
    } else origins.push(origin);
  });
  return { cors: { origins }, problems };
}

function allowedOrigin(policy: CorsPolicy, origin: string | undefined): string | null {
  if (origin === undefined) return null;
  if (policy.origins === '*') return '*';
  return policy.origins.includes(origin) ? origin : null;
}

/**
 * Adds the CORS headers `req` earns to `res`, and answers a preflight (204) itself. Returns true
 * when the request was answered. Runs before authentication: a preflight carries no credential,
 * and a 401 must be readable by the page that caused it.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, policy: CorsPolicy): boolean {
  const allowed = allowedOrigin(policy, req.headers.origin);
  // The answer differs by Origin, so caches must keep them apart (not needed for `*`).
  if (Array.isArray(policy.origins) && policy.origins.length > 0) res.setHeader('vary', 'Origin');
  if (allowed !== null) res.setHeader('access-control-allow-origin', allowed);
  const preflight =
    req.method === 'OPTIONS' &&
    req.headers.origin !== undefined &&
    req.headers['access-control-request-method'] !== undefined;
  if (!preflight) return false;
  if (allowed !== null) {
    res.setHeader('access-control-allow-methods', corsAllowedMethods);
    res.setHeader('access-control-allow-headers', corsAllowedHeaders);
    res.setHeader('access-control-max-age', String(corsMaxAgeSeconds));
  }
  res.writeHead(204, { 'content-length': 0 });
  res.end();
  return true;
}

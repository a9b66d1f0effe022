/**
 * Guards at the HTTP layer, before GraphQL: how long a client may take to send its request
 * (node:http's own timers answer 408 and close the socket), which Host names are served (DNS
 * rebinding).
 */
import type { ServerOptions } from 'node:http';
import { isIP } from 'node:net';
import type { GuardSettings } from './settings.js';

/**
 * node:http checks its header and request timers every `connectionsCheckingInterval` (30 s by
 * default), which would let a slow client hold a socket far past a short limit.
 */
export function httpServerOptions(
  settings: Pick<GuardSettings, 'headersTimeoutMs' | 'bodyTimeoutMs'>,
): ServerOptions {
  const shortest = Math.min(settings.headersTimeoutMs, settings.bodyTimeoutMs);
  return {
    headersTimeout: settings.headersTimeoutMs,
    requestTimeout: settings.bodyTimeoutMs,
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(shortest / 4))),
  };
}

function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === '::1') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

/** The name of a Host header without its port, lower case; IPv6 without brackets. */
export function hostName(header: string | undefined): string | null {
  if (header === undefined) return null;
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end > 0 ? value.slice(1, end) : null;
  }
  const colon = value.indexOf(':');
  const name = colon === -1 ? value : value.slice(0, colon);
  return name === '' ? null : name;
}

export type HostCheck = (header: string | undefined) => boolean;

/**
 * `bind`: a gateway listening on loopback serves only loopback names (a page on another origin
 * that rebinds its DNS name to 127.0.0.1 still sends its own name); listening elsewhere, any.
 * A listed name matches exactly; `.example.com` matches it and its subdomains.
 */
export function hostCheck(allowed: GuardSettings['allowedHosts'], bindHost: string): HostCheck {
  if (allowed === 'any') return () => true;
  if (allowed === 'bind') {
    const bind = hostName(bindHost.includes(':') ? `[${bindHost}]` : bindHost) ?? '';
    if (!isLoopbackName(bind)) return () => true;
    return (header) => {
      const name = hostName(header);
      return name !== null && isLoopbackName(name);
    };
  }
  return (header) => {
    const name = hostName(header);
    if (name === null) return false;
    return allowed.some((entry) =>
      entry.startsWith('.') ? name === entry.slice(1) || name.endsWith(entry) : name === entry,
    );
  };
}

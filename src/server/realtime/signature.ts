/**
 * `X-Twilio-Signature` checking, by hand on node:crypto: base64 HMAC-SHA1, keyed by the
 * account's Auth Token, over the URL Twilio called followed by each form parameter as
 * `name + value` in sorted name order (a repeated name: each distinct value, sorted). The
 * `twilio` package has the same check (`validateRequest`), but it is a development dependency of
 * this project and pulls in an HTTP client, JWT and more at run time for fifteen lines of HMAC;
 * the tests hold this implementation to twilio-node's answers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookParams } from '../../events/index.js';

/** The text Twilio signs for a form POST to `url`. */
export function signedText(url: string, params: WebhookParams): string {
  const parts = [url];
  for (const name of Object.keys(params).sort()) {
    const value = params[name] ?? [];
    const values = typeof value === 'string' ? [value] : [...new Set(value)].sort();
    for (const one of values) parts.push(name, one);
  }
  return parts.join('');
}

export function expectedSignature(authToken: string, url: string, params: WebhookParams): string {
  return createHmac('sha1', authToken).update(signedText(url, params), 'utf8').digest('base64');
}

/**
 * Twilio may sign the URL with or without the scheme's default port (a proxy may add or drop
 * it); both forms are accepted, as twilio-node does.
 */
export function urlVariants(url: string): string[] {
  const parsed = new URL(url);
  const defaultPort = { 'https:': '443', 'http:': '80' }[parsed.protocol];
  // URL drops a default port it was given, so an empty port means "absent or default".
  if (defaultPort === undefined || parsed.port !== '') return [url];
  const rest = `${parsed.pathname}${parsed.search}`;
  const bare = `${parsed.protocol}//${parsed.hostname}${rest}`;
  const withPort = `${parsed.protocol}//${parsed.hostname}:${defaultPort}${rest}`;
  return [...new Set([url, bare, withPort])];
}

/** Constant-time comparison of `signature` against every accepted form of `url`. */
export function isValidSignature(
  authToken: string,
  url: string,
  params: WebhookParams,
  signature: string,
): boolean {
  const given = Buffer.from(signature, 'utf8');
  let valid = false;
  for (const candidate of urlVariants(url)) {
    const expected = Buffer.from(expectedSignature(authToken, candidate, params), 'utf8');
    // timingSafeEqual needs equal lengths; a length mismatch is a mismatch.
    if (expected.length === given.length && timingSafeEqual(expected, given)) valid = true;
  }
  return valid;
}

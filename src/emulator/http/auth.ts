/**
 * HTTP Basic authentication against the configured Account SID + Auth Token or API key +
 * secret. The exact header twilio-node sends is matched first (one string comparison per
 * request); anything else is decoded and compared in constant time.
 */
import { timingSafeEqual } from 'node:crypto';
import type { EmulatorCredentials } from './options.js';

const basicHeader = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class BasicAuthenticator {
  private readonly pairs: ReadonlyArray<readonly [string, string]>;
  private readonly exactHeaders: ReadonlySet<string>;

  constructor(credentials: EmulatorCredentials) {
    const pairs: Array<readonly [string, string]> = [
      [credentials.accountSid, credentials.authToken],
    ];
    if (credentials.apiKey !== undefined && credentials.apiSecret !== undefined) {
      pairs.push([credentials.apiKey, credentials.apiSecret]);
    }
    this.pairs = pairs;
    this.exactHeaders = new Set(pairs.map(([user, password]) => basicHeader(user, password)));
  }

  accepts(authorization: string | undefined): boolean {
    if (authorization === undefined) return false;
    if (this.exactHeaders.has(authorization)) return true;
    const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
    if (!match?.[1]) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) return false;
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    return this.pairs.some(
      ([expectedUser, expectedPassword]) =>
        user === expectedUser && sameSecret(password, expectedPassword),
    );
  }
}

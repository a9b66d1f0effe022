/**
 * The access variables (`GATEWAY_AUTH`, `GATEWAY_ADMIN_SECRET`, `GATEWAY_ACCESS_TOKEN_KEYS`, with
 * `TWILIO_API_KEY`/`TWILIO_API_SECRET` as the fallback key), read from the variables env.ts
 * hands over. Problems name the variable and never its value: most of these are secrets.
 */
import { isIP } from 'node:net';
// The constants' own module, not the emulator's entry: the gateway loads the emulator only
// when it embeds one (upstream.ts).
import {
  DEFAULT_ACCOUNT_SID,
  DEFAULT_API_KEY,
  DEFAULT_API_SECRET,
} from '../../emulator/http/options.js';
import { hasTwilioCredentials } from '../../twilio/index.js';

export const authModes = ['none', 'access-token'] as const;
export type AuthMode = (typeof authModes)[number];

/** An API key (SK…) and its secret: signs and verifies Access Tokens. */
export interface ApiKey {
  readonly sid: string;
  readonly secret: string;
}

export interface AccessEnv {
  /** `GATEWAY_AUTH`: `none` by default on a loopback `HOST`, required otherwise. */
  readonly mode: AuthMode;
  /** `GATEWAY_ADMIN_SECRET`: a bearer credential with full access; null when unset. */
  readonly adminSecret: string | null;
  /**
   * The keys that verify Access Tokens, looked up by the token's `iss`:
   * `GATEWAY_ACCESS_TOKEN_KEYS`, else `TWILIO_API_KEY`/`TWILIO_API_SECRET`, else (no Twilio
   * credentials, so an emulator upstream) the emulator's fixed API key. The first one signs
   * tokens minted by `npm run token`.
   */
  readonly keys: readonly ApiKey[];
  /**
   * The upstream's account (`TWILIO_ACCOUNT_SID`, or the emulator's), which tokens name in `sub`:
   * what `npm run token` mints for. The gateway itself checks `sub` against the account its
   * Twilio client uses.
   */
  readonly accountSid: string;
  /** Said once at start (an explicit `GATEWAY_AUTH=none` on a non-loopback `HOST`). */
  readonly warnings: readonly string[];
}

export const adminSecretMinLength = 32;
const keySecretMinLength = 16;
const apiKeySidPattern = /^SK[0-9a-fA-F]{32}$/;

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const name = bare.toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) {
    if (name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(name);
    return mapped?.[1] !== undefined && mapped[1].startsWith('127.');
  }
  return false;
}

function readMode(
  variables: Readonly<Record<string, string | undefined>>,
  host: string,
  problems: string[],
  warnings: string[],
): AuthMode | null {
  const raw = variables.GATEWAY_AUTH?.trim();
  if (raw === undefined) {
    if (isLoopbackHost(host)) return 'none';
    problems.push(
      'GATEWAY_AUTH is required when HOST is not a loopback address: set GATEWAY_AUTH=access-token ' +
        '(browsers send Twilio Access Tokens), or GATEWAY_AUTH=none to serve without authentication',
    );
    return null;
  }
  if (!(authModes as readonly string[]).includes(raw)) {
    problems.push(`GATEWAY_AUTH must be one of ${authModes.join(', ')}`);
    return null;
  }
  const mode = raw as AuthMode;
  if (mode === 'none' && !isLoopbackHost(host)) {
    warnings.push(
      'GATEWAY_AUTH=none on a non-loopback HOST: anyone who can reach this port has full access to the account',
    );
  }
  return mode;
}

function readAdminSecret(
  variables: Readonly<Record<string, string | undefined>>,
  problems: string[],
): string | null {
  const raw = variables.GATEWAY_ADMIN_SECRET;
  if (raw === undefined) return null;
  // Visible ASCII only: it travels in a header, where spaces around it would be trimmed.
  if (!/^[\x21-\x7e]+$/.test(raw)) {
    problems.push('GATEWAY_ADMIN_SECRET must be printable ASCII without spaces');
    return null;
  }
  if (raw.length < adminSecretMinLength) {
    problems.push(`GATEWAY_ADMIN_SECRET must be at least ${adminSecretMinLength} characters`);
    return null;
  }
  return raw;
}

function readConfiguredKeys(raw: string, problems: string[]): ApiKey[] {
  const keys: ApiKey[] = [];
  const entries = raw.split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    const at = `GATEWAY_ACCESS_TOKEN_KEYS entry ${index + 1}`;
    const colon = entry.indexOf(':');
    const sid = colon === -1 ? entry : entry.slice(0, colon);
    const secret = colon === -1 ? '' : entry.slice(colon + 1);
    if (!apiKeySidPattern.test(sid)) {
      problems.push(
        `${at} must start with an API key SID ("SK" and 32 hex digits), then ":secret"`,
      );
    } else if (secret.length < keySecretMinLength || /\s/.test(secret)) {
      problems.push(`${at} must have a secret of at least ${keySecretMinLength} characters`);
    } else if (keys.some((key) => key.sid === sid)) {
      problems.push(`${at} repeats an API key SID`);
    } else {
      keys.push({ sid, secret });
    }
  });
  return keys;
}

function readKeys(
  variables: Readonly<Record<string, string | undefined>>,
  problems: string[],
): ApiKey[] {
  const configured = variables.GATEWAY_ACCESS_TOKEN_KEYS;
  if (configured !== undefined) return readConfiguredKeys(configured, problems);
  const sid = variables.TWILIO_API_KEY?.trim();
  const secret = variables.TWILIO_API_SECRET;
  // The Twilio client's loader reports malformed TWILIO_* values; a bad key just isn't used.
  if (sid !== undefined && secret !== undefined) {
    return apiKeySidPattern.test(sid) ? [{ sid, secret }] : [];
  }
  if (!hasTwilioCredentials(variables)) {
    // The emulator the server embeds (or a standalone one with its defaults) accepts this key.
    return [{ sid: DEFAULT_API_KEY, secret: DEFAULT_API_SECRET }];
  }
  return [];
}

/**
 * Reads the access variables for a server listening on `host`. Returns the problems instead of
 * throwing, so env.ts reports them together with its own.
 */
export function readAccessEnv(
  variables: Readonly<Record<string, string | undefined>>,
  host: string,
): { readonly access: AccessEnv; readonly problems: readonly string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const mode = readMode(variables, host, problems, warnings);
  const adminSecret = readAdminSecret(variables, problems);
  const keys = readKeys(variables, problems);
  if (
    mode === 'access-token' &&
    keys.length === 0 &&
    variables.GATEWAY_ACCESS_TOKEN_KEYS === undefined
  ) {
    problems.push(
      'GATEWAY_AUTH=access-token needs a key to verify tokens: set GATEWAY_ACCESS_TOKEN_KEYS ' +
        '(SK…:secret pairs) or TWILIO_API_KEY with TWILIO_API_SECRET',
    );
  }
  const accountSid = hasTwilioCredentials(variables)
    ? (variables.TWILIO_ACCOUNT_SID?.trim() ?? '')
    : DEFAULT_ACCOUNT_SID;
  return {
    // A refused mode never serves: the caller throws on `problems`. Fail closed all the same.
    access: { mode: mode ?? 'access-token', adminSecret, keys, accountSid, warnings },
    problems,
  };
}

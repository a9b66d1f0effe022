/**
 * Access Tokens for tests: real ones minted by twilio-node (the format Twilio's backends use),
 * and hand-shaped ones (jose) for every way a token can be wrong.
 */
import twilio from 'twilio';
import { SignJWT, type JWTPayload } from 'jose';
import { DEFAULT_API_KEY, DEFAULT_API_SECRET } from '../../../src/emulator/index.js';
import type { ApiKey } from '../../../src/server/auth/env.js';

/** The emulator's fixed API key: what the embedded gateway verifies with. */
export const emulatorKey: ApiKey = { sid: DEFAULT_API_KEY, secret: DEFAULT_API_SECRET };
/** A second, rotated-in key. */
export const rotatedKey: ApiKey = {
  sid: 'SK11111111111111111111111111111111',
  secret: 'rotated-key-secret-0123456789abcdef',
};
/** 40 characters, above the 32 the configuration requires. */
export const adminSecret = 'admin-secret-for-tests-0123456789abcdefghij';

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export interface TwilioNodeTokenOptions {
  readonly accountSid: string;
  readonly identity: string;
  readonly serviceSid?: string;
  readonly key?: ApiKey;
  readonly ttl?: number;
}

/** A token exactly as twilio-node's `AccessToken` with a `ChatGrant` mints it. */
export function twilioNodeToken(options: TwilioNodeTokenOptions): string {
  const key = options.key ?? emulatorKey;
  const token = new twilio.jwt.AccessToken(options.accountSid, key.sid, key.secret, {
    identity: options.identity,
    ttl: options.ttl ?? 3600,
  });
  token.addGrant(
    new twilio.jwt.AccessToken.ChatGrant(
      options.serviceSid === undefined ? {} : { serviceSid: options.serviceSid },
    ),
  );
  return token.toJwt();
}

export interface ShapedToken {
  readonly payload?: JWTPayload;
  readonly header?: Record<string, unknown>;
  readonly secret?: string;
}

/** The claims of a good token for `accountSid` (alice, one hour), before any change. */
export function goodClaims(accountSid: string, identity = 'alice'): JWTPayload {
  const now = nowSeconds();
  return {
    jti: `${emulatorKey.sid}-${now}`,
    iss: emulatorKey.sid,
    sub: accountSid,
    iat: now,
    exp: now + 3600,
    grants: { identity, chat: {} },
  };
}

/** HS256 (unless `header.alg` says otherwise) over `payload`, with the Twilio header. */
export async function shapedToken(options: ShapedToken): Promise<string> {
  return new SignJWT(options.payload ?? {})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1', ...options.header })
    .sign(new TextEncoder().encode(options.secret ?? emulatorKey.secret));
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned token (`alg: none`), which jose will not produce on request. */
export function unsignedToken(payload: JWTPayload): string {
  return `${base64url({ alg: 'none', typ: 'JWT', cty: 'twilio-fpa;v=1' })}.${base64url(payload)}.`;
}

/** `token` with its payload replaced and its original signature kept. */
export function withPayload(token: string, payload: JWTPayload): string {
  const [header = '', , signature = ''] = token.split('.');
  return `${header}.${base64url(payload)}.${signature}`;
}

export const bearer = (credential: string): Record<string, string> => ({
  authorization: `Bearer ${credential}`,
});

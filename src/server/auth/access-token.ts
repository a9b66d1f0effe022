/**
 * Twilio Access Tokens, verified with jose: a JWT with header `cty: "twilio-fpa;v=1"`, signed
 * HS256 with an API key secret, `iss` the key SID, `sub` the account SID and the chat identity in
 * `grants`. Every refusal is an `AuthenticationError` whose reason is one of the fixed sentences
 * below: nothing from the token is ever repeated back.
 */
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import { z } from 'zod';
import type { TokenCaller } from '../../access/index.js';
import type { ApiKey } from './env.js';

/** Twilio's own maximum lifetime of an Access Token. */
export const maxTokenLifetimeSeconds = 24 * 60 * 60;
/** How far apart the minting backend's clock and ours may be. */
export const clockToleranceSeconds = 60;
export const accessTokenContentType = 'twilio-fpa;v=1';

export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

export interface TokenVerifierOptions {
  readonly keys: readonly ApiKey[];
  /** The account every token must name in `sub`. */
  readonly accountSid: string;
  /** Default: the system clock (tests pass a fixed one). */
  readonly now?: () => Date;
}

const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

const serviceSid = z.string().regex(/^IS[0-9a-fA-F]{32}$/);
const chatGrant = z.looseObject({ service_sid: z.unknown().optional() });
const grants = z.looseObject({
  identity: z.unknown().optional(),
  chat: z.unknown().optional(),
  ip_messaging: z.unknown().optional(),
});

const refusal = {
  malformed: 'The bearer credential is neither the admin secret nor a well-formed access token.',
  algorithm: 'The access token must be signed with HS256.',
  contentType: `The access token is not a Twilio Access Token (its header must say cty "${accessTokenContentType}").`,
  unknownKey: 'The access token is signed by an API key this gateway does not know.',
  signature: 'The access token signature does not verify.',
  expired: 'The access token has expired.',
  notYetValid: 'The access token is not valid yet.',
  noExpiry: 'The access token must have an expiry (exp).',
  tooLong: 'The access token lives longer than 24 hours.',
  account: 'The access token is for another account.',
  noIdentity: 'The access token has no identity (grants.identity).',
  noChatGrant: 'The access token has no chat grant (grants.chat).',
  badService: 'The access token names an invalid chat service (grants.chat.service_sid).',
  invalid: 'The access token is invalid.',
} as const;

function reasonOf(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return refusal.expired;
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return refusal.notYetValid;
    if (error.claim === 'exp') return refusal.noExpiry;
    if (error.claim === 'sub') return refusal.account;
    return refusal.invalid;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return refusal.signature;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return refusal.algorithm;
  return refusal.invalid;
}

/** The unverified header and claims, only to pick the key; jose verifies everything after. */
function peek(token: string): { alg: unknown; cty: unknown; iss: unknown } {
  if (!compactJws.test(token)) throw new AuthenticationError(refusal.malformed);
  try {
    const header = decodeProtectedHeader(token);
    const claims = decodeJwt(token);
    return { alg: header.alg, cty: header.cty, iss: claims.iss };
  } catch {
    throw new AuthenticationError(refusal.malformed);
  }
}

function checkLifetime(payload: JWTPayload, nowSeconds: number): number {
  const exp = payload.exp;
  if (exp === undefined) throw new AuthenticationError(refusal.noExpiry);
  // From when it starts being valid, and from now: a token that claims a short life but
  // expires days ahead is refused too.
  const start = payload.nbf ?? payload.iat ?? nowSeconds;
  if (exp - start > maxTokenLifetimeSeconds) throw new AuthenticationError(refusal.tooLong);
  if (exp - nowSeconds > maxTokenLifetimeSeconds + clockToleranceSeconds) {
    throw new AuthenticationError(refusal.tooLong);
  }
  return exp;
}

function callerFrom(
  payload: JWTPayload,
  keySid: string,
  accountSid: string,
  expiresAt: number,
): TokenCaller {
  const parsed = grants.safeParse(payload.grants);
  if (!parsed.success) throw new AuthenticationError(refusal.noIdentity);
  const { identity } = parsed.data;
  if (typeof identity !== 'string' || identity === '') {
    throw new AuthenticationError(refusal.noIdentity);
  }
  // Twilio's SDKs refuse a token without a chat grant; so do we (a Video-only token of the same
  // identity was not minted for chat).
  const chat = chatGrant.safeParse(parsed.data.chat ?? parsed.data.ip_messaging);
  if (!chat.success) throw new AuthenticationError(refusal.noChatGrant);
  const service = chat.data.service_sid;
  if (service !== undefined && !serviceSid.safeParse(service).success) {
    throw new AuthenticationError(refusal.badService);
  }
  return {
    kind: 'token',
    identity,
    ...(typeof service === 'string' ? { serviceSid: service } : {}),
    accountSid,
    keySid,
    grants: parsed.data,
    expiresAt,
  };
}

export interface TokenVerifier {
  /** The caller a token speaks for; throws `AuthenticationError` when it is not acceptable. */
  verify(token: string): Promise<TokenCaller>;
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const encoder = new TextEncoder();
  const secrets = new Map(options.keys.map((key) => [key.sid, encoder.encode(key.secret)]));
  const now = options.now ?? (() => new Date());
  return {
    async verify(token) {
      const { alg, cty, iss } = peek(token);
      if (alg !== 'HS256') throw new AuthenticationError(refusal.algorithm);
      if (cty !== accessTokenContentType) throw new AuthenticationError(refusal.contentType);
      const secret = typeof iss === 'string' ? secrets.get(iss) : undefined;
      if (secret === undefined || typeof iss !== 'string') {
        throw new AuthenticationError(refusal.unknownKey);
      }
      const currentDate = now();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, secret, {
          algorithms: ['HS256'],
          issuer: iss,
          subject: options.accountSid,
          requiredClaims: ['exp'],
          clockTolerance: clockToleranceSeconds,
          currentDate,
        }));
      } catch (error) {
        throw new AuthenticationError(reasonOf(error));
      }
      const expiresAt = checkLifetime(payload, Math.floor(currentDate.getTime() / 1000));
      return callerFrom(payload, iss, options.accountSid, expiresAt);
    },
  };
}

/**
 * Decides the caller of a request from its credential, the same way for every transport: the
 * `Authorization` header of an HTTP request, or the connection parameters of a real-time one
 * (graphql-ws `connectionParams`, SSE). Never calls Twilio.
 *
 * - `Bearer <GATEWAY_ADMIN_SECRET>` (compared in constant time): admin, full access.
 * - `Bearer <Twilio Access Token>`: the token's identity.
 * - No credential: in `none` mode full access as before; in `access-token` mode refused.
 * - Anything else is refused, in both modes: a credential that was sent but not accepted must
 *   never silently fall back to another caller.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { adminCaller, anonymousCaller, type Caller } from '../../access/index.js';
import { AuthenticationError, createTokenVerifier } from './access-token.js';
import type { AccessEnv } from './env.js';

/** Who may call: the mode, the admin secret and the token keys (`AccessEnv` has them). */
export interface AccessPolicy extends Pick<AccessEnv, 'mode' | 'adminSecret' | 'keys'> {
  /** Default: the system clock. */
  readonly now?: () => Date;
}

export interface AuthenticatorOptions extends AccessPolicy {
  /** The account every token must name in `sub`: the upstream's. */
  readonly accountSid: string;
}

/** Why a request was refused, with the challenge an HTTP answer carries. */
export class UnauthenticatedError extends Error {
  constructor(
    message: string,
    /**
     * The `WWW-Authenticate` value: `Bearer error="invalid_token"` once a credential was sent; a
     * bare challenge when none was (RFC 6750 §3.1).
     */
    readonly challenge: string,
  ) {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

export interface Authenticator {
  /** The caller behind an `Authorization` header value (undefined when the header is absent). */
  fromAuthorization(authorization: string | undefined): Promise<Caller>;
  /**
   * The caller behind real-time connection parameters: `{ authorization: "Bearer …" }` (or
   * `Authorization`), or `{ token: "…" }` with the bare token, as graphql-ws and SSE clients
   * send them. Same verifier, same refusals (`UnauthenticatedError`) as HTTP.
   */
  fromConnectionParams(params: unknown): Promise<Caller>;
}

const missingCredential = 'Bearer realm="twilio-chat-graphql"';
const invalidToken = 'Bearer error="invalid_token"';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The credential of graphql-ws / SSE connection parameters, as an `Authorization` value:
 * `Authorization` / `authorization` as given, or a bare `token` as its Bearer form. A `token`
 * that is not a string is a credential that cannot be read, not a missing one.
 */
export function authorizationFromConnectionParams(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const value: unknown =
    Reflect.get(params, 'Authorization') ?? Reflect.get(params, 'authorization');
  if (typeof value === 'string') return value;
  const token: unknown = Reflect.get(params, 'token');
  if (token === undefined || token === null) return undefined;
  // "Bearer" alone fails the header's form check, with the same reason as HTTP gives.
  return typeof token === 'string' && token.trim() !== '' ? `Bearer ${token.trim()}` : 'Bearer';
}

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const verifier = createTokenVerifier(options);
  // Equal-length digests, so the comparison takes the same time whatever was sent.
  const adminDigest = options.adminSecret === null ? null : digest(options.adminSecret);

  async function fromAuthorization(authorization: string | undefined): Promise<Caller> {
    if (authorization === undefined || authorization.trim() === '') {
      if (options.mode === 'none') return anonymousCaller;
      throw new UnauthenticatedError(
        'This gateway needs a credential: send "Authorization: Bearer <Twilio Access Token>".',
        missingCredential,
      );
    }
    const match = /^Bearer +(\S+) *$/i.exec(authorization);
    const credential = match?.[1];
    if (credential === undefined) {
      throw new UnauthenticatedError(
        'The Authorization header must be "Bearer <token>".',
        invalidToken,
      );
    }
    if (adminDigest !== null && timingSafeEqual(digest(credential), adminDigest)) {
      return adminCaller;
    }
    try {
      return await verifier.verify(credential);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        throw new UnauthenticatedError(error.message, invalidToken);
      }
      throw error;
    }
  }

  return {
    fromAuthorization,
    fromConnectionParams: (params) => fromAuthorization(authorizationFromConnectionParams(params)),
  };
}

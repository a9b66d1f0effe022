/**
 * Who is asking: decided once per request (or per real-time connection) by the server, from the
 * `Authorization` header or the connection parameters, and carried in the request context so the
 * layers below can scope what the caller reads and writes. It is request context, not GraphQL:
 * nothing here knows about the graph or about HTTP.
 */

/** The token's `grants` claim as it was verified (JSON values, e.g. `identity`, `chat`). */
export type TokenGrants = Readonly<Record<string, unknown>>;

/** A browser or app user, holding a Twilio Access Token minted by its backend. */
export interface TokenCaller {
  readonly kind: 'token';
  /** `grants.identity`: the chat user the token speaks for. */
  readonly identity: string;
  /**
   * `grants.chat.service_sid` (or the older `grants.ip_messaging.service_sid`). When absent, the
   * caller acts in the account's default chat service.
   */
  readonly serviceSid?: string;
  /** `sub`: always the gateway's configured account. */
  readonly accountSid: string;
  /** `iss`: the API key (SK…) that signed the token. */
  readonly keySid: string;
  readonly grants: TokenGrants;
  /** `exp`, in seconds since the epoch: a long-lived connection must end its session then. */
  readonly expiresAt: number;
}

export type Caller =
  /** No credential, in `GATEWAY_AUTH=none` mode: full access, as before access control existed. */
  | { readonly kind: 'none' }
  /** The admin secret (backends and operators): full access. */
  | { readonly kind: 'admin' }
  | TokenCaller;

export const anonymousCaller: Caller = Object.freeze({ kind: 'none' });
export const adminCaller: Caller = Object.freeze({ kind: 'admin' });

/** True for callers whose reads and writes are limited to their own identity. */
export function isScoped(caller: Caller): caller is TokenCaller {
  return caller.kind === 'token';
}

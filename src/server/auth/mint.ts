/**
 * Mints a Twilio Access Token with a chat grant, as twilio-node's `AccessToken` + `ChatGrant`
 * does (same header, claims and grant layout), for `npm run token`: a backend of your own does
 * this in production. jose rather than twilio-node, which is a dev dependency only.
 */
import { SignJWT } from 'jose';
import { accessTokenContentType, maxTokenLifetimeSeconds } from './access-token.js';
import type { ApiKey } from './env.js';

export interface MintInput {
  readonly key: ApiKey;
  readonly accountSid: string;
  readonly identity: string;
  /** 1 to 86 400 seconds (Twilio's maximum). */
  readonly ttlSeconds: number;
  /** The chat grant's service; omitted: the account's default chat service. */
  readonly serviceSid?: string;
  readonly now?: Date;
}

export async function mintAccessToken(input: MintInput): Promise<string> {
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds < 1) {
    throw new RangeError('The lifetime must be a whole number of seconds, at least 1.');
  }
  if (input.ttlSeconds > maxTokenLifetimeSeconds) {
    throw new RangeError(`The lifetime may not exceed ${maxTokenLifetimeSeconds} seconds (24 h).`);
  }
  const issuedAt = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return new SignJWT({
    jti: `${input.key.sid}-${issuedAt}`,
    grants: {
      identity: input.identity,
      chat: input.serviceSid === undefined ? {} : { service_sid: input.serviceSid },
    },
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', cty: accessTokenContentType })
    .setIssuer(input.key.sid)
    .setSubject(input.accountSid)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + input.ttlSeconds)
    .sign(new TextEncoder().encode(input.key.secret));
}

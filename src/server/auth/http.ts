/** The HTTP face of authentication: a refusal is a 401 with a Bearer challenge. */
import type { IncomingMessage } from 'node:http';
import type { Caller } from '../../access/index.js';
import { HttpError } from '../http-graphql.js';
import { UnauthenticatedError, type Authenticator } from './authenticate.js';

export function authenticateRequest(
  authenticator: Authenticator,
  req: IncomingMessage,
): Promise<Caller> {
  return authenticateAuthorization(authenticator, req.headers.authorization);
}

/** The caller behind an `Authorization` value, from a header or real-time connection params. */
export async function authenticateAuthorization(
  authenticator: Authenticator,
  authorization: string | undefined,
): Promise<Caller> {
  try {
    return await authenticator.fromAuthorization(authorization);
  } catch (error) {
    if (error instanceof UnauthenticatedError) {
      throw new HttpError(
        401,
        error.message,
        { 'www-authenticate': error.challenge, 'cache-control': 'no-store' },
        'UNAUTHENTICATED',
      );
    }
    throw error;
  }
}

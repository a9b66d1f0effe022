/**
 * Twilio's error vocabulary as the wire layer raises it. Every failure leaves the emulator as
 * `{ code, message, more_info, status }` (reference §7.1), which twilio-node reads into
 * `RestException`.
 */
import { EmulatorError } from '../contract.js';

export interface TwilioErrorBody {
  readonly code: number;
  readonly message: string;
  readonly more_info: string;
  readonly status: number;
}

export function errorBody(error: EmulatorError): TwilioErrorBody {
  return {
    code: error.code,
    message: error.message,
    more_info: `https://www.twilio.com/docs/errors/${error.code}`,
    status: error.status,
  };
}

export const authenticateError = (): EmulatorError => new EmulatorError(401, 20003, 'Authenticate');

/** Twilio's 20404 message names the path without the version prefix (reference §7.1). */
export function notFoundError(pathAfterVersion: string): EmulatorError {
  return new EmulatorError(404, 20404, `The requested resource ${pathAfterVersion} was not found`);
}

export const methodNotAllowedError = (method: string): EmulatorError =>
  new EmulatorError(405, 20004, `Method ${method} not allowed on this resource`);

export const tooManyRequestsError = (): EmulatorError =>
  new EmulatorError(429, 20429, 'Too Many Requests');

export const internalError = (): EmulatorError =>
  new EmulatorError(500, 20500, 'An internal server error has occurred');

export const unavailableError = (): EmulatorError =>
  new EmulatorError(503, 20503, 'Service Unavailable');

export const missingParameterError = (name: string, where: 'query' | 'post body' | 'header') =>
  new EmulatorError(400, 21602, `Missing required parameter ${name} in the ${where}`);

export const invalidParameterError = (name: string, reason: string): EmulatorError =>
  new EmulatorError(400, 20001, `Invalid parameter ${name}: ${reason}`);

export const invalidPageTokenError = (): EmulatorError =>
  new EmulatorError(400, 21481, 'Invalid PageToken');

/** Short, printable excerpt of a client-supplied value for an error message. */
export function quoteValue(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 40 ? `'${printable.slice(0, 40)}…'` : `'${printable}'`;
}

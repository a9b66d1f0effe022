/**
 * Twilio's error vocabulary as the wire layer raises it. Every failure leaves the emulator as
 * `{ code, message, more_info, status }` (reference §7.1), which twilio-node reads into
 * `RestException`. Codes, statuses and their sources are in `../codes.ts`.
 */
import { ErrorCode, twilioError } from '../codes.js';
import type { EmulatorError } from '../contract.js';

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

export const authenticateError = (): EmulatorError =>
  twilioError(ErrorCode.authenticate, 'Authenticate');

export const methodNotAllowedError = (method: string): EmulatorError =>
  twilioError(ErrorCode.methodNotAllowed, `Method ${method} not allowed on this resource`);

export const tooManyRequestsError = (): EmulatorError =>
  twilioError(ErrorCode.tooManyRequests, 'Too Many Requests');

export const internalError = (): EmulatorError =>
  twilioError(ErrorCode.internal, 'An internal server error has occurred');

export const unavailableError = (): EmulatorError =>
  twilioError(ErrorCode.unavailable, 'Service Unavailable');

/** Twilio's wording for the post body; see `ErrorCode.missingParameter` for the query form. */
export const missingParameterError = (name: string, where: 'query' | 'post body') =>
  twilioError(ErrorCode.missingParameter, `Missing required parameter ${name} in the ${where}`);

export const invalidParameterError = (name: string, reason: string): EmulatorError =>
  twilioError(ErrorCode.invalidParameter, `Invalid parameter ${name}: ${reason}`);

export const invalidPageTokenError = (): EmulatorError =>
  twilioError(ErrorCode.invalidPageToken, 'Invalid PageToken');

/** Short, printable excerpt of a client-supplied value for an error message. */
export function quoteValue(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 40 ? `'${printable.slice(0, 40)}…'` : `'${printable}'`;
}

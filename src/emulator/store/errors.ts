import { EmulatorError } from '../contract.js';

/**
 * Twilio error codes the domain raises (twilio-wire.md §7.2). HTTP statuses for 50xxx codes are
 * not documented: conflicts answer 409, validation failures 400.
 */
export const ErrorCode = {
  notFound: 20404,
  invalidParameter: 20001,
  channelUniqueNameExists: 50307,
  channelUniqueNameLooksLikeSid: 50306,
  conversationUniqueNameExists: 50353,
  conversationUniqueNameLooksLikeSid: 50390,
  userExists: 50201,
  identityLooksLikeSid: 50206,
  memberExists: 50404,
  inviteExists: 50212,
  participantExists: 50433,
  participantAddressExists: 50437,
  participantsLimit: 50417,
  tooManyParticipantsInRequest: 50426,
  participantAddressEmpty: 50411,
  identityWithAddress: 50211,
  conversationClosed: 50377,
  timerNotIsoDuration: 50380,
  timersWithoutState: 50382,
  invalidAttributes: 50304,
  invalidContentVariables: 50527,
  messageBodyRequired: 50503,
  messageBodyTooLong: 50504,
  // No documented codes for these two; the emulator picks unused 504xx numbers.
  addressConfigurationExists: 50435,
  webhooksLimit: 50430,
} as const;

export function invalid(code: number, message: string): EmulatorError {
  return new EmulatorError(400, code, message);
}

export function conflict(code: number, message: string): EmulatorError {
  return new EmulatorError(409, code, message);
}

/** Twilio's 404 names the requested path without its version prefix. */
export function notFoundAt(path: string): EmulatorError {
  return new EmulatorError(404, ErrorCode.notFound, `The requested resource ${path} was not found`);
}

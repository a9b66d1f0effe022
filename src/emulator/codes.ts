/**
 * Every Twilio error code the emulator answers with, its HTTP status, and where both come from.
 * A code Twilio documents for the situation always wins over one we would pick; where Twilio
 * documents nothing the entry says "invented" and why. Sources:
 * - `wire §n`: the project's wire reference (twilio-wire.md), section n, itself sourced;
 * - `dictionary`: Twilio's error dictionary page `https://www.twilio.com/docs/errors/<code>`;
 * - `owner/repo#n`: a public issue quoting a real Twilio answer.
 * Twilio's dictionary gives no HTTP status for 50xxx codes (wire §7.2): the emulator answers
 * 409 for "already exists" and 400 for every other rejected write, and says so below.
 */
import { EmulatorError } from './contract.js';

export interface TwilioCode {
  readonly code: number;
  readonly status: number;
  /** Where the code (and status) come from. */
  readonly source: string;
}

const INFERRED_400 = 'HTTP 400 inferred (wire §7.2: no status documented)';
const INFERRED_409 = 'HTTP 409 inferred (wire §7.2: no status documented)';

export const ErrorCode = {
  // ---- any request (wire layer) ---------------------------------------------------------------
  authenticate: {
    code: 20003,
    status: 401,
    source:
      'wire §2, §7.2: body quoted from twilio-node#559, twilio-video-app-react#841, twilio-php#380',
  },
  missingParameter: {
    code: 20001,
    status: 400,
    source:
      'wire §6, §7.2: "Missing required parameter Identity in the post body" quoted from ' +
      'twilio/twilio-chat-demo-android#147 and nash-md/twilio-contact-center#18. The query form ' +
      '("in the query") is our wording: no Chat/Conversations operation has a required query ' +
      'parameter, so Twilio was never seen answering one',
  },
  invalidParameter: {
    code: 20001,
    status: 400,
    source:
      'inferred: wire §6/§7.2 give 20001 for missing and unknown parameters; Twilio documents ' +
      'no other code for a malformed value on these APIs',
  },
  notFound: {
    code: 20404,
    status: 404,
    source: 'wire §7.1 (message names the path without its version, twilio-node#409), §7.2',
  },
  methodNotAllowed: { code: 20004, status: 405, source: 'dictionary 20004 "Method not allowed"' },
  bodyTooLarge: {
    code: 20413,
    status: 413,
    source: 'dictionary 20413 "Request Entity Too Large"; the byte limit is ours',
  },
  tooManyRequests: { code: 20429, status: 429, source: 'wire §7.2, §7.3' },
  internal: { code: 20500, status: 500, source: 'dictionary 20500 "Internal Server Error"' },
  unavailable: { code: 20503, status: 503, source: 'dictionary 20503 "Service unavailable"' },
  notImplemented: {
    code: 20501,
    status: 501,
    source:
      'invented: Twilio implements every operation it lists; the emulator answers this only ' +
      'for an operation without a handler (none: test/emulator/domain/coverage.test.ts)',
  },
  invalidPageToken: {
    code: 21481,
    status: 400,
    source: 'wire §5.3 (dictionary 21481 "Invalid PageToken"); HTTP 400 unverified (wire §7.2)',
  },
  // ---- the emulator's own admin API ---------------------------------------------------------------
  adminForbidden: {
    code: 20403,
    status: 403,
    source: 'dictionary 20403 "403 Forbidden", the nearest Twilio code: the admin API is ours',
  },

  // ---- channels / conversations ----------------------------------------------------------------
  channelUniqueNameLooksLikeSid: {
    code: 50306,
    status: 400,
    source: `wire §3.9, §7.2; ${INFERRED_400}`,
  },
  channelUniqueNameExists: { code: 50307, status: 409, source: `wire §7.2; ${INFERRED_409}` },
  conversationUniqueNameExists: { code: 50353, status: 409, source: `wire §7.2; ${INFERRED_409}` },
  conversationUniqueNameLooksLikeSid: {
    code: 50390,
    status: 400,
    source: `wire §3.9, §7.2; ${INFERRED_400}`,
  },
  conversationClosed: { code: 50377, status: 400, source: `wire §7.2, §9.3; ${INFERRED_400}` },
  inactiveTimerNotDuration: {
    code: 50379,
    status: 400,
    source:
      `dictionary 50379 "TimeToInactive format is invalid"; also used for the account's ` +
      `DefaultInactiveTimer (inferred); ${INFERRED_400}`,
  },
  closedTimerNotDuration: {
    code: 50380,
    status: 400,
    source:
      `wire §7.2 (dictionary 50380, TimeToClosed not an ISO 8601 duration); also used for the ` +
      `account's DefaultClosedTimer (inferred); ${INFERRED_400}`,
  },
  inactiveTimerTooShort: {
    code: 50375,
    status: 400,
    source: `dictionary 50375 "TimeToInactive should be greater or equal to 1 minute"; ${INFERRED_400}`,
  },
  closedTimerTooShort: {
    code: 50376,
    status: 400,
    source: `dictionary 50376 "TimeToClosed should be greater or equal to 10 minutes"; ${INFERRED_400}`,
  },
  timersWithoutState: { code: 50382, status: 400, source: `wire §7.2, §9.3; ${INFERRED_400}` },
  invalidAttributes: {
    code: 50304,
    status: 400,
    source:
      `dictionary 50304 "Attributes not valid JSON", documented for a channel's Attributes; ` +
      `used for every Attributes parameter (inferred); ${INFERRED_400}`,
  },
  channelWebhooksLimit: {
    code: 50321,
    status: 400,
    source: `dictionary 50321 "Too many channel webhooks" (Chat v2); ${INFERRED_400}`,
  },
  conversationWebhooksLimit: {
    code: 50361,
    status: 400,
    source: `dictionary 50361 "Too many conversation webhooks" (limit five); ${INFERRED_400}`,
  },

  // ---- users, members, participants, invites ---------------------------------------------------
  userExists: { code: 50201, status: 409, source: `wire §7.2; ${INFERRED_409}` },
  identityLooksLikeSid: { code: 50206, status: 400, source: `wire §3.9, §7.2; ${INFERRED_400}` },
  memberExists: { code: 50404, status: 409, source: `wire §7.2; ${INFERRED_409}` },
  inviteExists: {
    code: 50212,
    status: 409,
    source: `dictionary 50212 "User already invited"; ${INFERRED_409}`,
  },
  identityWithAddress: {
    code: 50211,
    status: 400,
    source: `dictionary 50211 "Identity parameter not acceptable for this Participant"; ${INFERRED_400}`,
  },
  participantAddressEmpty: {
    code: 50411,
    status: 400,
    source:
      `dictionary 50411 "Participant address is empty"; also used when neither Identity nor ` +
      `an address is given (inferred); ${INFERRED_400}`,
  },
  participantsLimit: { code: 50417, status: 400, source: `wire §7.2; ${INFERRED_400}` },
  tooManyParticipantsInRequest: { code: 50426, status: 400, source: `wire §7.2; ${INFERRED_400}` },
  participantExists: { code: 50433, status: 409, source: `wire §3.5, §7.2; ${INFERRED_409}` },
  participantAddressExists: { code: 50437, status: 409, source: `wire §7.2; ${INFERRED_409}` },

  // ---- messages ------------------------------------------------------------------------------------
  messageBodyRequired: { code: 50503, status: 400, source: `wire §7.2; ${INFERRED_400}` },
  messageBodyTooLong: { code: 50504, status: 400, source: `wire §7.2; ${INFERRED_400}` },
  invalidContentVariables: {
    code: 50527,
    status: 400,
    source: `dictionary 50527 "Invalid content variables format"; ${INFERRED_400}`,
  },

  // ---- configuration -------------------------------------------------------------------------------
  addressConfigurationExists: {
    code: 50435,
    status: 409,
    source:
      'invented: no dictionary entry for configuring an address twice was found, nor one for ' +
      '50435; 409 like every "already exists"',
  },
} as const satisfies Record<string, TwilioCode>;

/** A Twilio failure with the code's documented (or inferred) HTTP status. */
export function twilioError(code: TwilioCode, message: string): EmulatorError {
  return new EmulatorError(code.status, code.code, message);
}

/** Twilio's 404 names the requested path without its version prefix (wire §7.1). */
export function notFoundError(pathAfterVersion: string): EmulatorError {
  return twilioError(
    ErrorCode.notFound,
    `The requested resource ${pathAfterVersion} was not found`,
  );
}

/**
 * One write to Twilio for a mutation, sent by the loaders: they pick the route, check the
 * parameters against the registry (nothing is sent when that fails) and repeat only after a
 * 429. Registry violations and user-fixable Twilio answers become `UserErrors` naming the input
 * field; throttling, outages and auth failures are thrown as the graph's top-level errors
 * (`toGraphQLError`, with `retryable`).
 */
import {
  isAccessDenied,
  isWriteRejected,
  WEBHOOK_HEADER,
  type WriteAnswer,
  type WriteApi,
  type WriteFamily,
  type WriteRejected,
} from '../../loaders/index.js';
import { isTwilioError, type TwilioError, type TwilioParams } from '../../twilio/index.js';
import type { GraphContext } from '../context.js';
import { toGraphQLError } from '../errors.js';
import {
  fieldLabel,
  userError,
  UserErrors,
  type FieldPath,
  type UserErrorCode,
  type UserErrorRecord,
} from './user-errors.js';

export { WEBHOOK_HEADER };

export interface WriteRequest {
  readonly family: WriteFamily;
  /** An explicit API instead of the one the router picks (tests drive every route so). */
  readonly api?: WriteApi;
  /** Parameters by Conversations service-scoped wire name; null/undefined values are left out. */
  readonly params: TwilioParams;
  /** Conversations wire name → the input field it came from, for error paths. */
  readonly fields: Readonly<Record<string, FieldPath>>;
  /** `input.webhookEnabled`; sent as X-Twilio-Webhook-Enabled when given. */
  readonly webhookEnabled?: boolean | null;
  /** Input field to blame for a Twilio answer of this category (e.g. NOT_FOUND → `["id"]`). */
  readonly blame?: Partial<Record<UserErrorCode, FieldPath>>;
  /** Input field to blame for a specific Twilio error code (e.g. 50380 → `["timers"]`). */
  readonly blameTwilioCode?: Readonly<Record<number, FieldPath>>;
}

export type WriteResult = WriteAnswer;

export async function sendWrite(ctx: GraphContext, request: WriteRequest): Promise<WriteResult> {
  const fields: Record<string, FieldPath> = {
    ...request.fields,
    [WEBHOOK_HEADER]: ['webhookEnabled'],
  };
  try {
    return await ctx.loaders.write({
      family: request.family,
      ...(request.api ? { api: request.api } : {}),
      params: {
        ...request.params,
        ...(request.webhookEnabled == null ? {} : { [WEBHOOK_HEADER]: request.webhookEnabled }),
      },
    });
  } catch (error) {
    if (isWriteRejected(error)) throw new UserErrors([registryViolation(error, fields)]);
    if (isAccessDenied(error)) {
      const field = error.parameter === null ? null : (fields[error.parameter] ?? null);
      throw new UserErrors([userError(field, 'FORBIDDEN', error.message)]);
    }
    const problem = isTwilioError(error) ? twilioUserError(error, request) : null;
    if (problem) throw new UserErrors([problem]);
    throw toGraphQLError(error);
  }
}

/** The registry check of the write failed: the same rule, said about the input field. */
function registryViolation(
  error: WriteRejected,
  fields: Readonly<Record<string, FieldPath>>,
): UserErrorRecord {
  const name = error.parameter;
  const field = name === null ? null : (fields[name] ?? null);
  const label = fieldLabel(field);
  const { spec, value } = error;
  if (name !== null && spec === undefined) {
    return userError(
      field,
      'INVALID',
      `${label} is not accepted by ${error.operationId} (the API this write uses).`,
    );
  }
  if (spec?.required && (value === undefined || value === null)) {
    return userError(field, 'REQUIRED', `${label} is required.`);
  }
  if (
    spec?.maxLength !== undefined &&
    typeof value === 'string' &&
    [...value].length > spec.maxLength
  ) {
    return userError(
      field,
      'TOO_LONG',
      `${label} must be at most ${spec.maxLength} characters long.`,
    );
  }
  return userError(field, 'INVALID', `${label} ${error.rule}.`);
}

/** Twilio error codes a caller can act on (twilio-wire.md §7.2), by category. */
const TWILIO_CODES: Readonly<Record<number, UserErrorCode>> = {
  20404: 'NOT_FOUND',
  50050: 'NOT_FOUND',
  50200: 'NOT_FOUND',
  50300: 'NOT_FOUND',
  50350: 'NOT_FOUND',
  50400: 'NOT_FOUND',
  50402: 'NOT_FOUND',
  50500: 'NOT_FOUND',
  50069: 'ALREADY_EXISTS',
  50201: 'ALREADY_EXISTS',
  50212: 'ALREADY_EXISTS',
  50307: 'ALREADY_EXISTS',
  50353: 'ALREADY_EXISTS',
  50404: 'ALREADY_EXISTS',
  50433: 'ALREADY_EXISTS',
  50435: 'ALREADY_EXISTS',
  50437: 'ALREADY_EXISTS',
  50438: 'ALREADY_EXISTS',
  50417: 'LIMIT_REACHED',
  50422: 'LIMIT_REACHED',
  50426: 'LIMIT_REACHED',
  50321: 'LIMIT_REACHED',
  50361: 'LIMIT_REACHED',
  50377: 'CLOSED',
  50504: 'TOO_LONG',
  50202: 'REQUIRED',
  50301: 'REQUIRED',
  50305: 'REQUIRED',
  50401: 'REQUIRED',
  50501: 'REQUIRED',
  50502: 'REQUIRED',
  50503: 'REQUIRED',
};

const MESSAGES: Readonly<Record<UserErrorCode, (label: string) => string>> = {
  NOT_FOUND: (label) => `${label} names an object that does not exist.`,
  ALREADY_EXISTS: (label) => `${label}: an object with this value already exists.`,
  LIMIT_REACHED: () => 'A Twilio limit would be exceeded by this change.',
  CLOSED: () => 'The conversation is closed and accepts no further changes.',
  FORBIDDEN: () => 'The credentials in use may not make this change.',
  TOO_LONG: (label) => `${label} is too long for Twilio.`,
  REQUIRED: (label) => `${label} is required.`,
  INVALID: (label) => `Twilio rejected ${label === 'The input' ? 'the input' : label}.`,
  // The gateway's own (mutation/idempotency.ts); no Twilio code maps to it.
  IDEMPOTENCY_KEY_REUSED: (label) => `${label} was used before with a different input.`,
};

/**
 * A 4xx answer the caller can fix → a user error; null for everything else (429, 401, 5xx,
 * timeouts, connection failures), which stays a top-level error. Twilio's own message text is
 * not passed on: it can quote request paths.
 */
function twilioUserError(error: TwilioError, request: WriteRequest): UserErrorRecord | null {
  if (error.kind !== 'twilio' && error.kind !== 'http') return null;
  const status = error.status;
  if (status === null || status < 400 || status >= 500 || status === 429 || status === 401) {
    return null;
  }
  if (error.code === 20429) return null;
  const code: UserErrorCode =
    (error.code === null ? undefined : TWILIO_CODES[error.code]) ??
    (status === 404
      ? 'NOT_FOUND'
      : status === 409
        ? 'ALREADY_EXISTS'
        : status === 403
          ? 'FORBIDDEN'
          : 'INVALID');
  const field =
    (error.code === null ? undefined : request.blameTwilioCode?.[error.code]) ??
    request.blame?.[code] ??
    null;
  const suffix = error.code === null ? '' : ` (Twilio error ${error.code})`;
  return userError(
    field,
    code,
    `${MESSAGES[code](fieldLabel(field)).slice(0, -1)}${suffix}.`,
    error.code,
  );
}

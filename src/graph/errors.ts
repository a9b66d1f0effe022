/**
 * Errors as the graph reports them (SCHEMA-MODEL "errors"): a stable `extensions.code`,
 * `retryable`, and a sanitised `twilio { code status moreInfo }`. Twilio's own message text is
 * never passed on (it can quote request paths); neither are URLs, bodies or credentials.
 * Anything unrecognised becomes INTERNAL_SERVER_ERROR for the server to mask.
 */
import { GraphQLError } from 'graphql';
import { isAccessDenied } from '../loaders/index.js';
import { isTwilioError, type TwilioError } from '../twilio/index.js';

export type GraphErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAUTHORIZED'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_OUTCOME_UNKNOWN'
  | 'REQUEST_TIMEOUT'
  | 'UPSTREAM_BUDGET_EXHAUSTED'
  | 'REQUEST_CANCELLED'
  | 'INTERNAL_SERVER_ERROR';

/** A caller mistake in an argument; `argument` names it (e.g. `first`, `after`, `id`). */
export function badUserInput(
  message: string,
  argument: string,
  extra: Readonly<Record<string, unknown>> = {},
): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', argument, retryable: false, ...extra },
  });
}

const MORE_INFO = /^https:\/\/www\.twilio\.com\/docs\/errors\/\d+$/;

function twilioDetails(error: TwilioError): Record<string, unknown> {
  return {
    code: error.code,
    status: error.status,
    moreInfo: error.moreInfo !== null && MORE_INFO.test(error.moreInfo) ? error.moreInfo : null,
  };
}

function upstream(
  message: string,
  code: GraphErrorCode,
  retryable: boolean,
  error: TwilioError,
  withTwilio: boolean,
): GraphQLError {
  return new GraphQLError(message, {
    originalError: error,
    extensions: {
      code,
      retryable,
      ...(withTwilio ? { twilio: twilioDetails(error) } : {}),
    },
  });
}

/** What may have happened to a write, by how it failed. */
const UNKNOWN_BECAUSE: Partial<Record<TwilioError['kind'], string>> = {
  timeout: 'Twilio did not answer in time',
  connection: 'the connection was lost after the request was sent',
  aborted: 'the request was cancelled while Twilio had it',
  deadline: "the operation's deadline passed while Twilio had the request",
};

/** How a caller finds out whether a create or update it could not confirm was carried out. */
function howToCheck(operationId: string | null): string {
  const name = operationId?.split('.').at(-1) ?? '';
  if (/^Create\w*Message$/.test(name)) {
    return "list the conversation's most recent messages and look for it";
  }
  if (/^Create\w*(Participant|Member)$/.test(name)) {
    return "list the conversation's participants and look for it";
  }
  if (name.startsWith('Create')) return 'list where it would have been created and look for it';
  if (name.startsWith('Delete')) {
    return 'fetch it: NOT_FOUND means it was deleted (a repeated delete would then answer NOT_FOUND)';
  }
  return 'fetch it and compare it with what was sent';
}

/**
 * A write (POST, or DELETE) that reached Twilio and then failed without a refusal (timeout, lost
 * connection, 5xx, unreadable answer): Twilio may have acted, so repeating a create could act
 * twice. A DELETE counts too: repeating it cannot delete twice, but after a delete Twilio did
 * carry out it answers NOT_FOUND, so "retry" would not tell the caller what happened; checking
 * does.
 */
function outcomeUnknown(error: TwilioError): GraphQLError {
  const because =
    UNKNOWN_BECAUSE[error.kind] ??
    (error.status !== null && error.status >= 500
      ? `Twilio answered HTTP ${error.status}`
      : "Twilio's answer could not be read");
  return upstream(
    `Twilio may have carried out this change (${because}); it was not repeated. Before trying again, ${howToCheck(error.operationId)}.`,
    'UPSTREAM_OUTCOME_UNKNOWN',
    false,
    error,
    error.kind === 'twilio',
  );
}

function fromTwilioError(error: TwilioError): GraphQLError {
  const status = error.status;
  const write = error.method === 'POST' || error.method === 'DELETE';
  if (write && error.outcome === 'unknown') return outcomeUnknown(error);
  switch (error.kind) {
    case 'twilio':
    case 'http': {
      const withTwilio = error.kind === 'twilio';
      if (status === 404 || error.code === 20404) {
        return upstream(
          'The requested Twilio resource does not exist.',
          'NOT_FOUND',
          false,
          error,
          withTwilio,
        );
      }
      if (status === 429 || error.code === 20429) {
        return upstream(
          'Twilio is throttling requests; retry later.',
          'UPSTREAM_RATE_LIMITED',
          true,
          error,
          withTwilio,
        );
      }
      if (status === 401 || status === 403) {
        return upstream(
          'Twilio refused the configured credentials for this request.',
          'UPSTREAM_UNAUTHORIZED',
          false,
          error,
          withTwilio,
        );
      }
      if (status !== null && status >= 500) {
        return upstream(
          'Twilio is unavailable; retry later.',
          'UPSTREAM_UNAVAILABLE',
          true,
          error,
          withTwilio,
        );
      }
      if (withTwilio && status !== null && status >= 400) {
        return upstream(
          `Twilio rejected the request (error ${error.code ?? status}).`,
          'BAD_USER_INPUT',
          false,
          error,
          true,
        );
      }
      return upstream(
        'Twilio answered with a response the graph could not read.',
        'UPSTREAM_BAD_RESPONSE',
        false,
        error,
        withTwilio,
      );
    }
    case 'timeout':
      return upstream('Twilio did not answer in time.', 'UPSTREAM_TIMEOUT', true, error, false);
    case 'deadline':
      // The operation's deadline (GATEWAY_REQUEST_TIMEOUT_MS at the server), not Twilio's
      // slowness: one code for the whole operation, whichever call it stopped.
      return upstream(
        'The operation ran past its time limit; Twilio calls still running were aborted and no further ones were made.',
        'REQUEST_TIMEOUT',
        error.retryable,
        error,
        false,
      );
    case 'budget':
      // The same operation would spend the same budget again: not worth repeating as it is.
      return upstream(
        'The operation spent its budget of Twilio requests before this field could be read; ask for fewer items or fields.',
        'UPSTREAM_BUDGET_EXHAUSTED',
        false,
        error,
        false,
      );
    case 'connection':
      return upstream('Twilio could not be reached.', 'UPSTREAM_UNAVAILABLE', true, error, false);
    case 'aborted':
      return upstream('The request was cancelled.', 'REQUEST_CANCELLED', false, error, false);
    case 'validation':
      // The client checks parameters against the registry; its messages name the parameter and
      // never carry URLs or credentials.
      return new GraphQLError(error.message, {
        originalError: error,
        extensions: {
          code: 'BAD_USER_INPUT',
          retryable: false,
          ...(error.parameter ? { parameter: error.parameter } : {}),
        },
      });
    default:
      return new GraphQLError('Unexpected error.', {
        originalError: error,
        extensions: { code: 'INTERNAL_SERVER_ERROR', retryable: false },
      });
  }
}

/** Maps anything a resolver or loader can throw to the GraphQLError the graph reports. */
export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) {
    const original = error.originalError;
    if (
      !original ||
      original instanceof GraphQLError ||
      typeof error.extensions.code === 'string'
    ) {
      return error;
    }
    // A located error around a raw failure: map the failure, keep where it happened.
    const mapped = toGraphQLError(original);
    return new GraphQLError(mapped.message, {
      ...(error.nodes ? { nodes: error.nodes } : {}),
      ...(error.source ? { source: error.source } : {}),
      ...(error.positions ? { positions: error.positions } : {}),
      ...(error.path ? { path: error.path } : {}),
      originalError: original,
      extensions: mapped.extensions,
    });
  }
  if (isTwilioError(error)) return fromTwilioError(error);
  if (isAccessDenied(error)) {
    return new GraphQLError(error.message, {
      originalError: error,
      extensions: { code: 'FORBIDDEN', retryable: false },
    });
  }
  return new GraphQLError('Unexpected error.', {
    ...(error instanceof Error ? { originalError: error } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR', retryable: false },
  });
}

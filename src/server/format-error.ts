/**
 * The last word on what an error may tell a client. Our own vocabulary (GraphQLErrors with a
 * code: Apollo's parse/validation/bad-request codes and the graph's NOT_FOUND, UPSTREAM_* ...)
 * passes through; Twilio failures that escaped a resolver are mapped by the graph; anything else
 * becomes "Unexpected error." and is logged here instead. Stack traces never leave.
 */
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isTwilioError } from '../twilio/errors.js';

export const unexpectedErrorMessage = 'Unexpected error.';

export interface FormatErrorOptions {
  /** Maps a Twilio client failure to the graph's public error (the graph's `toGraphQLError`). */
  readonly mapUpstreamError: (error: unknown) => GraphQLError;
  /** A more specific public form of a GraphQLError (e.g. a limit's own code), or null. */
  readonly refine?: (
    formatted: GraphQLFormattedError,
    original: GraphQLError,
  ) => GraphQLFormattedError | null;
  /** Receives every masked error (for the log); must not throw. */
  readonly onMasked?: (error: unknown) => void;
}

const internalExtensionKeys = new Set(['stacktrace', 'exception']);

function publicExtensions(
  extensions: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extensions ?? {})) {
    if (!internalExtensionKeys.has(key)) result[key] = value;
  }
  return result;
}

function withPosition(
  formatted: GraphQLFormattedError,
  error: Pick<GraphQLFormattedError, 'message' | 'extensions'>,
): GraphQLFormattedError {
  return {
    message: error.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: publicExtensions(error.extensions),
  };
}

/**
 * By tag rather than `instanceof`: graphql's CommonJS and ESM builds can both be loaded (Apollo
 * and graphql-tools may pick different ones), each with its own GraphQLError class.
 */
function isGraphQLError(value: unknown): value is GraphQLError {
  return (
    value instanceof GraphQLError ||
    Object.prototype.toString.call(value) === '[object GraphQLError]'
  );
}

export function createFormatError(
  options: FormatErrorOptions,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const original = unwrapResolverError(error);
    if (isTwilioError(original)) {
      const mapped = options.mapUpstreamError(original);
      return withPosition(formatted, { message: mapped.message, extensions: mapped.extensions });
    }
    // A GraphQLError is public vocabulary: graphql-js and Apollo raise them for parse,
    // validation and input errors, and the graph raises them on purpose. Resolver failures
    // arrive unwrapped as whatever was thrown, so a TypeError or a driver error is masked.
    if (isGraphQLError(original)) {
      return withPosition(formatted, options.refine?.(formatted, original) ?? formatted);
    }
    options.onMasked?.(original);
    return withPosition(formatted, {
      message: unexpectedErrorMessage,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}

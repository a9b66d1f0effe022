/**
 * Shape limits, checked before anything executes: depth, aliases and directives by
 * graphql-armor's validation rules, root fields by a rule of our own, tokens by graphql-js's
 * parser (`maxTokens`, which stops lexing at the first token over). Each refusal carries its own
 * code and names the limit and its variable.
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, Kind } from 'graphql';
import type {
  GraphQLFormattedError,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { limitVariables, type GuardSettings } from './settings.js';

export type LimitCode =
  | 'MAX_DEPTH_EXCEEDED'
  | 'MAX_ALIASES_EXCEEDED'
  | 'MAX_ROOT_FIELDS_EXCEEDED'
  | 'MAX_TOKENS_EXCEEDED'
  | 'MAX_DIRECTIVES_EXCEEDED'
  | 'INTROSPECTION_DISABLED';

function limitError(code: LimitCode, message: string, limit: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, limit, retryable: false } });
}

type ArmorOptions = NonNullable<Parameters<typeof maxDepthRule>[0]>;

/**
 * graphql-armor throws out of `validate` by default, which Apollo answers with a 500; reporting
 * through the validation context makes it an ordinary validation error with our code instead.
 */
function armorOptions(
  n: number,
  code: LimitCode,
  variable: string,
): Pick<ArmorOptions, 'n' | 'propagateOnRejection' | 'onReject' | 'exposeLimits'> {
  return {
    n,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context, error) => {
        // armor words every refusal as a "Syntax Error", which it is not.
        const reason = error.message.replace(/^Syntax Error: /, '');
        context?.reportError(limitError(code, `${reason} (${variable})`, n));
      },
    ],
  };
}

/** Fields the root selection set asks for, fragments expanded (each alias is one field). */
function countRootFields(
  context: ValidationContext,
  selectionSet: SelectionSetNode,
  seen: Set<string>,
): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countRootFields(context, selection.selectionSet, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) count += countRootFields(context, fragment.selectionSet, seen);
    }
  }
  return count;
}

/**
 * Root fields run in parallel and each starts its own Twilio calls; armor has no rule for them
 * (its alias rule counts aliases at every level, not root fields), so this one is ours.
 */
function maxRootFieldsRule(max: number): ValidationRule {
  const variable = limitVariables.maxRootFields;
  return (context) => ({
    OperationDefinition(operation) {
      const found = countRootFields(context, operation.selectionSet, new Set());
      if (found > max) {
        context.reportError(
          limitError(
            'MAX_ROOT_FIELDS_EXCEEDED',
            `Root fields limit of ${max} exceeded, found ${found} (${variable}).`,
            max,
          ),
        );
      }
    },
  });
}

export function shapeValidationRules(settings: GuardSettings): ValidationRule[] {
  return [
    // Introspection is left to graphql-js's own MaxIntrospectionDepthRule (a specified rule).
    maxDepthRule({
      ...armorOptions(settings.maxDepth, 'MAX_DEPTH_EXCEEDED', limitVariables.maxDepth),
      flattenFragments: true,
      ignoreIntrospection: true,
    }),
    maxAliasesRule(
      armorOptions(settings.maxAliases, 'MAX_ALIASES_EXCEEDED', limitVariables.maxAliases),
    ),
    maxDirectivesRule(
      armorOptions(settings.maxDirectives, 'MAX_DIRECTIVES_EXCEEDED', limitVariables.maxDirectives),
    ),
    maxRootFieldsRule(settings.maxRootFields),
  ];
}

/** graphql-js's wording when `maxTokens` stops the parser (there is no error code to go by). */
const tooManyTokens = /^Syntax Error: Document contains more that? (\d+) tokens\./;

/**
 * Gives the parser's token refusal and Apollo's introspection refusal a code of their own, and
 * lets a limit code reported by a validation rule survive Apollo's GRAPHQL_VALIDATION_FAILED.
 * Returns null for every other error.
 */
export function refineLimitError(
  formatted: GraphQLFormattedError,
  original: GraphQLError,
): GraphQLFormattedError | null {
  const extensions = formatted.extensions ?? {};
  const cause = original.originalError;
  const causeCode =
    cause instanceof GraphQLError && typeof cause.extensions.code === 'string'
      ? cause.extensions.code
      : null;
  if (extensions.code === 'GRAPHQL_VALIDATION_FAILED' && causeCode?.startsWith('MAX_')) {
    return { ...formatted, extensions: { ...extensions, code: causeCode } };
  }
  if (extensions.validationErrorCode === 'INTROSPECTION_DISABLED') {
    const { validationErrorCode: _, ...rest } = extensions;
    return {
      ...formatted,
      message:
        'Introspection is off (NODE_ENV=production); set GATEWAY_INTROSPECTION=true to allow it.',
      extensions: { ...rest, code: 'INTROSPECTION_DISABLED' satisfies LimitCode },
    };
  }
  const tokens =
    extensions.code === 'GRAPHQL_PARSE_FAILED' && tooManyTokens.exec(formatted.message);
  if (tokens) {
    const limit = Number(tokens[1]);
    return {
      message: `Token limit of ${limit} exceeded; parsing stopped (${limitVariables.maxTokens}).`,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: {
        ...extensions,
        code: 'MAX_TOKENS_EXCEEDED' satisfies LimitCode,
        limit,
        retryable: false,
      },
    };
  }
  return null;
}

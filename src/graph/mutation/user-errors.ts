/**
 * User errors: problems a caller can fix, returned inside a mutation payload (SCHEMA-MODEL
 * "mutations"). `field` is a path from the mutation's arguments (`["input", "timers",
 * "inactive"]`), so a form can put the message next to the right control.
 */
import type { UserErrorCode } from '../../generated/graphql.js';

export type { UserErrorCode };

/** A path inside the mutation's `input` argument, without the leading `input`. */
export type FieldPath = readonly string[];

export interface UserErrorRecord {
  readonly field: string[] | null;
  readonly message: string;
  readonly code: UserErrorCode;
  readonly twilioCode: number | null;
}

/** The root every input path hangs from: the mutation's single argument. */
export const INPUT_ROOT = 'input';

export function inputPath(field: FieldPath | null): string[] | null {
  return field === null ? null : [INPUT_ROOT, ...field];
}

/** How a field is named in messages: its dotted path inside `input`. */
export function fieldLabel(field: FieldPath | null): string {
  return field === null || field.length === 0 ? 'The input' : `\`${field.join('.')}\``;
}

export function userError(
  field: FieldPath | null,
  code: UserErrorCode,
  message: string,
  twilioCode: number | null = null,
): UserErrorRecord {
  return { field: inputPath(field), message, code, twilioCode };
}

/**
 * Thrown inside a mutation helper to stop with user errors; `runMutation` turns it into the
 * payload. Keeps the helpers linear (check, check, send) without threading results around.
 */
export class UserErrors extends Error {
  override readonly name = 'UserErrors';
  constructor(readonly errors: readonly UserErrorRecord[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

export function isUserErrors(value: unknown): value is UserErrors {
  return value instanceof UserErrors;
}

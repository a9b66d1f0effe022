/**
 * Naming an account-level object (credential, address configuration, service) in a mutation
 * input: by global `id`, by SID, or by a natural key where Twilio's path accepts one (an
 * address configuration's address). Service-owned objects use `resolveTarget` instead.
 */
import { GraphQLError } from 'graphql';
import type { InputCheck } from '../mutations/checks.js';
import { decodeIdOf, type NodeType } from '../ids.js';
import { fieldLabel, type FieldPath } from '../mutations/user-errors.js';

export interface AccountRef {
  readonly id: string | null | undefined;
  readonly sid: string | null | undefined;
  readonly prefix: string;
  /** A natural key Twilio accepts in the SID's place, with its input field. */
  readonly natural?: { readonly field: FieldPath; readonly value: string | null | undefined };
}

/** The SID (or natural key) of the target, or undefined with the problem recorded. */
export function accountTarget(
  check: InputCheck,
  type: NodeType,
  ref: AccountRef,
): string | undefined {
  const choices: [FieldPath, unknown][] = [
    [['id'], ref.id],
    [['sid'], ref.sid],
    ...(ref.natural ? [[ref.natural.field, ref.natural.value] as [FieldPath, unknown]] : []),
  ];
  if (!check.atMostOne(choices)) return undefined;
  if (ref.id != null) {
    try {
      return decodeIdOf(type, ref.id, 'id')[0];
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return check.add(['id'], 'INVALID', `\`id\`: ${error.message}`);
    }
  }
  if (ref.sid != null) return check.sid(ref.sid, ref.prefix, ['sid']);
  if (ref.natural?.value != null) return check.text(ref.natural.value, ref.natural.field, 256);
  const names = choices.map(([field]) => fieldLabel(field)).join(' or ');
  return check.add(['sid'], 'REQUIRED', `Give ${names}.`);
}

/** The input field a "does not exist" answer is about. */
export function targetField(input: {
  readonly id?: string | null;
  readonly address?: string | null;
}): FieldPath {
  if (input.id != null) return ['id'];
  if (input.address != null) return ['address'];
  return ['sid'];
}

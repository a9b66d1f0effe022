/**
 * Argument checks shared by root and nested fields. Bad input fails before any Twilio call,
 * with a message naming the argument.
 */
import { badUserInput } from '../errors.js';
import type { GraphContext } from '../context.js';

const SID_BODY = /^[0-9a-fA-F]{32}$/;

export function checkSid(value: string, prefix: string, argument: string): string {
  if (value.length !== 34 || !value.startsWith(prefix) || !SID_BODY.test(value.slice(2))) {
    throw badUserInput(
      `\`${argument}\` must be a Twilio SID starting with ${prefix} followed by 32 hex digits.`,
      argument,
    );
  }
  return value;
}

export function checkName(value: string, argument: string, max = 256): string {
  if (value.length === 0 || value.length > max) {
    throw badUserInput(`\`${argument}\` must be 1 to ${max} characters long.`, argument);
  }
  return value;
}

/** The given service SID, or the account's default chat service. */
export async function resolveServiceSid(
  ctx: GraphContext,
  serviceSid: string | null | undefined,
  argument = 'serviceSid',
): Promise<string> {
  if (serviceSid != null) return checkSid(serviceSid, 'IS', argument);
  const fallback = await ctx.loaders.defaultServiceSid();
  if (fallback === null) {
    throw badUserInput(
      `\`${argument}\` is required: the account has no default chat service.`,
      argument,
    );
  }
  return fallback;
}

/** Exactly one of several alternative arguments; returns the name and value given. */
export function exactlyOne<K extends string>(
  args: Readonly<Record<K, string | null | undefined>>,
): { readonly name: K; readonly value: string } {
  const given = (Object.keys(args) as K[]).filter((name) => args[name] != null);
  const names = (Object.keys(args) as K[]).map((name) => `\`${name}\``).join(' or ');
  const only = given[0];
  if (given.length !== 1 || only === undefined) {
    throw badUserInput(`Pass exactly one of ${names}.`, given[1] ?? Object.keys(args)[0] ?? '');
  }
  return { name: only, value: args[only] as string };
}

export const MAX_NODES_PER_REQUEST = 50;

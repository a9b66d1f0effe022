/**
 * Form/query decoding and validation against the registry's parameter specs. Twilio sends arrays
 * as repeated keys and ignores parameters it does not know, so unknown names are dropped here and
 * handlers only ever see documented parameters: array ones as arrays, the rest as strings.
 */
import type { ParamSpec } from '../../registry/types.js';
import type { WireValue } from '../contract.js';
import { invalidParameterError, missingParameterError, quoteValue } from './errors.js';

export type RawParams = ReadonlyMap<string, readonly string[]>;

/** Decodes `a=1&a=2&b=x` (`+` is a space, as in any form body). */
export function parseUrlEncoded(text: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  if (text === '') return params;
  for (const [name, value] of new URLSearchParams(text)) {
    const values = params.get(name);
    if (values) values.push(value);
    else params.set(name, [value]);
  }
  return params;
}

const patternCache = new Map<string, RegExp>();

function compiledPattern(pattern: string): RegExp {
  let regex = patternCache.get(pattern);
  if (!regex) {
    regex = new RegExp(pattern);
    patternCache.set(pattern, regex);
  }
  return regex;
}

const integerPattern = /^[+-]?\d+$/;

/** Returns the value as handlers should see it, or throws a 400 naming the parameter. */
export function checkValue(spec: ParamSpec, value: string): string {
  const name = spec.name;
  switch (spec.type) {
    case 'integer': {
      if (!integerPattern.test(value)) {
        throw invalidParameterError(name, `${quoteValue(value)} is not an integer`);
      }
      checkRange(spec, Number(value));
      return value;
    }
    case 'number': {
      const n = value.trim() === '' ? Number.NaN : Number(value);
      if (!Number.isFinite(n)) {
        throw invalidParameterError(name, `${quoteValue(value)} is not a number`);
      }
      checkRange(spec, n);
      return value;
    }
    case 'boolean': {
      const lower = value.toLowerCase();
      if (lower !== 'true' && lower !== 'false') {
        throw invalidParameterError(name, `${quoteValue(value)} is not true or false`);
      }
      return lower;
    }
    case 'string':
      checkString(spec, value);
      return value;
  }
}

function checkRange(spec: ParamSpec, n: number): void {
  if (spec.minimum !== undefined && n < spec.minimum) {
    throw invalidParameterError(spec.name, `must be at least ${spec.minimum}`);
  }
  if (spec.maximum !== undefined && n > spec.maximum) {
    throw invalidParameterError(spec.name, `must be at most ${spec.maximum}`);
  }
}

function checkString(spec: ParamSpec, value: string): void {
  const name = spec.name;
  if (spec.enum) {
    const lower = value.toLowerCase();
    // Twilio changed the casing of some enums (get/post vs GET/POST) and accepts both.
    if (!spec.enum.some((allowed) => allowed.toLowerCase() === lower)) {
      throw invalidParameterError(
        name,
        `${quoteValue(value)} is not one of ${spec.enum.join(', ')}`,
      );
    }
  }
  if (spec.minLength !== undefined && value.length < spec.minLength) {
    throw invalidParameterError(name, `must be at least ${spec.minLength} characters long`);
  }
  if (spec.maxLength !== undefined && value.length > spec.maxLength) {
    throw invalidParameterError(name, `must be at most ${spec.maxLength} characters long`);
  }
  if (spec.pattern !== undefined && !compiledPattern(spec.pattern).test(value)) {
    throw invalidParameterError(name, `${quoteValue(value)} does not match ${spec.pattern}`);
  }
  if (spec.format === 'date-time' && Number.isNaN(Date.parse(value))) {
    throw invalidParameterError(name, `${quoteValue(value)} is not an ISO 8601 date-time`);
  }
}

/** Whether a path parameter value fits its spec (a misfit addresses nothing: 404). */
export function pathValueFits(spec: ParamSpec, value: string): boolean {
  try {
    checkValue(spec, value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates `raw` against `specs`; `skip` names parameters handled elsewhere (paging). Required
 * parameters given as an empty string count as missing.
 */
export function validateParams(
  specs: readonly ParamSpec[],
  raw: RawParams,
  where: 'query' | 'post body',
  skip?: ReadonlySet<string>,
): Record<string, WireValue> {
  const result: Record<string, WireValue> = {};
  for (const spec of specs) {
    if (skip?.has(spec.name)) continue;
    const values = raw.get(spec.name);
    const first = values?.[0];
    if (values === undefined || first === undefined || (spec.required && first === '')) {
      if (spec.required) throw missingParameterError(spec.name, where);
      continue;
    }
    result[spec.name] = spec.array
      ? values.map((value) => checkValue(spec, value))
      : checkValue(spec, first);
  }
  return result;
}

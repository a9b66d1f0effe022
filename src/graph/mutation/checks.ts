/**
 * Input checks that run before anything is sent. An `InputCheck` collects every problem of one
 * input (a form shows them all at once) and each helper returns the value ready for the wire, or
 * undefined when the field is absent or wrong. `done()` throws the collected `UserErrors`.
 */
import { formatTwilioDate } from '../../twilio/index.js';
import { nestsDeeperThan } from '../shared/json-depth.js';
import {
  fieldLabel,
  userError,
  UserErrors,
  type FieldPath,
  type UserErrorCode,
  type UserErrorRecord,
} from './user-errors.js';

const SID_BODY = /^[0-9a-fA-F]{32}$/;

/** ISO 8601 duration as Twilio's timers take it: PnYnMnWnDTnHnMnS, at least one part. */
const DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Seconds in an ISO 8601 duration (years as 365 days, months as 30), or null when malformed. */
export function durationSeconds(text: string): number | null {
  const m = DURATION.exec(text);
  if (m === null || text === 'P' || text.endsWith('T')) return null;
  const n = (i: number) => Number(m[i] ?? 0);
  return (
    n(1) * 365 * 86_400 +
    n(2) * 30 * 86_400 +
    n(3) * 7 * 86_400 +
    n(4) * 86_400 +
    n(5) * 3600 +
    n(6) * 60 +
    n(7)
  );
}

export function isSid(value: string, prefix: string): boolean {
  return value.length === 34 && value.startsWith(prefix) && SID_BODY.test(value.slice(2));
}

/** Far deeper than application attributes need, far shallower than the stack allows. */
const MAX_JSON_DEPTH = 64;

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function characters(text: string): number {
  return [...text].length;
}

export class InputCheck {
  readonly #errors: UserErrorRecord[] = [];

  get errors(): readonly UserErrorRecord[] {
    return this.#errors;
  }

  get ok(): boolean {
    return this.#errors.length === 0;
  }

  add(field: FieldPath | null, code: UserErrorCode, message: string): undefined {
    this.#errors.push(userError(field, code, message));
    return undefined;
  }

  /** Throws the collected problems, if any. */
  done(): void {
    if (this.#errors.length > 0) throw new UserErrors(this.#errors);
  }

  /** A Twilio SID with the given two-letter prefix. */
  sid(value: string | null | undefined, prefix: string, field: FieldPath): string | undefined {
    if (value == null) return undefined;
    if (isSid(value, prefix)) return value;
    return this.add(
      field,
      'INVALID',
      `${fieldLabel(field)} must be a Twilio SID: ${prefix} followed by 32 hexadecimal digits.`,
    );
  }

  /** A non-empty text of at most `max` characters (code points, as Twilio counts). */
  text(value: string | null | undefined, field: FieldPath, max: number): string | undefined {
    if (value == null) return undefined;
    if (value.length === 0) {
      return this.add(field, 'INVALID', `${fieldLabel(field)} must not be empty.`);
    }
    if (characters(value) > max) {
      return this.add(
        field,
        'TOO_LONG',
        `${fieldLabel(field)} must be at most ${max} characters long.`,
      );
    }
    return value;
  }

  /** Text whose UTF-8 size is at most `maxBytes` (message bodies). Empty text is allowed. */
  sizedText(value: string | null | undefined, field: FieldPath, maxBytes: number) {
    if (value == null) return undefined;
    if (utf8Bytes(value) > maxBytes) {
      return this.add(
        field,
        'TOO_LONG',
        `${fieldLabel(field)} must be at most ${maxBytes} bytes (UTF-8).`,
      );
    }
    return value;
  }

  /**
   * Application attributes: a JSON object, or the JSON text of one (Twilio's own form). Returns
   * the JSON text for the wire; its UTF-8 size must be at most `maxBytes`.
   */
  attributes(value: unknown, field: FieldPath, maxBytes: number): string | undefined {
    return this.jsonObject(value, field, maxBytes, 'attributes');
  }

  /** A JSON object (or its text) for a JSON-valued Twilio field such as ContentVariables. */
  jsonObject(
    value: unknown,
    field: FieldPath,
    maxBytes: number,
    what = 'value',
  ): string | undefined {
    if (value === undefined || value === null) return undefined;
    let object: unknown = value;
    if (typeof value === 'string') {
      try {
        object = JSON.parse(value);
      } catch {
        return this.add(field, 'INVALID', `${fieldLabel(field)} is not valid JSON text.`);
      }
    }
    if (typeof object !== 'object' || object === null || Array.isArray(object)) {
      return this.add(field, 'INVALID', `${fieldLabel(field)} must be a JSON object (${what}).`);
    }
    // JSON.stringify recurses: JSON text nested deeply enough would overflow the stack.
    if (nestsDeeperThan(object, MAX_JSON_DEPTH)) {
      return this.add(
        field,
        'INVALID',
        `${fieldLabel(field)} must nest at most ${MAX_JSON_DEPTH} levels deep.`,
      );
    }
    const text = JSON.stringify(object);
    if (utf8Bytes(text) > maxBytes) {
      return this.add(
        field,
        'TOO_LONG',
        `${fieldLabel(field)} must be at most ${maxBytes / 1024} KB as JSON text; it is ${utf8Bytes(text)} bytes.`,
      );
    }
    return text;
  }

  /** An ISO 8601 duration of at least `minSeconds`. */
  duration(
    value: string | null | undefined,
    field: FieldPath,
    minSeconds: number,
  ): string | undefined {
    if (value == null) return undefined;
    const seconds = durationSeconds(value);
    if (seconds === null) {
      return this.add(
        field,
        'INVALID',
        `${fieldLabel(field)} must be an ISO 8601 duration such as PT10M or P1D.`,
      );
    }
    if (seconds < minSeconds) {
      return this.add(
        field,
        'INVALID',
        `${fieldLabel(field)} must be at least ${minSeconds / 60} minutes (Twilio's minimum).`,
      );
    }
    return value;
  }

  /**
   * A DateTime input (the scalar hands over a Date) as Twilio's ISO 8601 text: some write
   * parameters (a participant's LastReadTimestamp) are typed as plain strings in the registry.
   */
  date(value: unknown, field: FieldPath): string | undefined {
    if (value === undefined || value === null) return undefined;
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) {
      return this.add(field, 'INVALID', `${fieldLabel(field)} must be an RFC 3339 date-time.`);
    }
    return formatTwilioDate(date);
  }

  /** An integer within bounds. */
  integer(
    value: number | null | undefined,
    field: FieldPath,
    min: number,
    max = Number.MAX_SAFE_INTEGER,
  ): number | undefined {
    if (value == null) return undefined;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      return this.add(field, 'INVALID', `${fieldLabel(field)} must be an integer from ${min}.`);
    }
    return value;
  }

  /** An absolute http(s) URL. */
  url(value: string | null | undefined, field: FieldPath): string | undefined {
    if (value == null) return undefined;
    try {
      const url = new URL(value);
      if (url.protocol === 'https:' || url.protocol === 'http:') return value;
    } catch {
      // Reported below.
    }
    return this.add(field, 'INVALID', `${fieldLabel(field)} must be an absolute http(s) URL.`);
  }

  /** Reports when more than one of the given alternative fields is set; true when fine. */
  atMostOne(fields: readonly (readonly [FieldPath, unknown])[]): boolean {
    const given = fields.filter(([, value]) => value !== undefined && value !== null);
    if (given.length <= 1) return true;
    const names = given.map(([field]) => fieldLabel(field)).join(', ');
    for (const [field] of given.slice(1)) {
      this.add(field, 'INVALID', `Give only one of ${names}.`);
    }
    return false;
  }
}

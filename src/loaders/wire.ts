/**
 * Readers for Twilio's JSON records. Bodies arrive as `unknown`; each reader returns a typed
 * value or null, never throws on a missing or oddly typed field (Twilio adds fields and the
 * emulator may omit optional ones).
 */

export type WireRecord = Readonly<Record<string, unknown>>;

export function isWireRecord(value: unknown): value is WireRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asWireRecord(value: unknown, what: string): WireRecord {
  if (!isWireRecord(value)) throw new TypeError(`Twilio returned a ${what} that is not an object`);
  return value;
}

export function str(record: WireRecord, key: string): string | null {
  const value = record[key];
  return typeof value === 'string' ? value : null;
}

export function int(record: WireRecord, key: string): number | null {
  const value = record[key];
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return null;
}

export function bool(record: WireRecord, key: string): boolean | null {
  const value = record[key];
  if (typeof value === 'boolean') return value;
  // Credential `sandbox` is documented as a string ("True"/"False").
  if (typeof value === 'string') {
    if (/^true$/i.test(value)) return true;
    if (/^false$/i.test(value)) return false;
  }
  return null;
}

export function strings(record: WireRecord, key: string): string[] | null {
  const value = record[key];
  if (!Array.isArray(value)) return null;
  return value.filter((item): item is string => typeof item === 'string');
}

export function obj(record: WireRecord, key: string): WireRecord | null {
  const value = record[key];
  return isWireRecord(value) ? value : null;
}

/** Twilio keeps `attributes` as JSON text; an unparsable or non-object value reads as null. */
export function jsonObject(record: WireRecord, key: string): Record<string, unknown> | null {
  const value = record[key];
  if (isWireRecord(value)) return { ...value };
  if (typeof value !== 'string' || value === '') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return isWireRecord(parsed) ? { ...parsed } : null;
  } catch {
    return null;
  }
}

/** First present string among several wire names (Chat and Conversations rename fields). */
export function strOf(record: WireRecord, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = str(record, key);
    if (value !== null) return value;
  }
  return null;
}

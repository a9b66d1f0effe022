/** Time helpers for the emulator store: an injectable clock and Twilio's wire formats. */

/** Milliseconds since the epoch; injectable so tests and seeds are deterministic. */
export type Clock = () => number;

/**
 * Formatted instants by epoch millisecond. Every record renders two or three dates and list
 * pages render dozens of records whose dates rarely change, so formatting (a Date, an ISO
 * string and a regex replace, most of a record's render time) is done once per distinct
 * instant. Bounded: cleared when full, which only costs re-formatting.
 */
const isoCache = new Map<number, string>();
const ISO_CACHE_LIMIT = 100_000;

/** Twilio renders instants as ISO 8601 UTC with seconds precision (`2015-12-16T22:18:37Z`). */
export function isoSeconds(ms: number): string {
  const cached = isoCache.get(ms);
  if (cached !== undefined) return cached;
  const text = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (isoCache.size >= ISO_CACHE_LIMIT) isoCache.clear();
  isoCache.set(ms, text);
  return text;
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : isoSeconds(ms);
}

/** Parses an ISO 8601 date-time (`YYYY-MM-DD` alone counts as midnight UTC); null if invalid. */
export function parseInstant(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    return null;
  }
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isNaN(ms) ? null : ms;
}

const DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Parses an ISO 8601 duration (`PT1M`, `P1DT2H`) into milliseconds; null if not one. Years and
 * months use fixed lengths (365 / 30 days): timers only need a stable absolute instant.
 */
export function parseIsoDuration(text: string): number | null {
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return null;
  const [, y, mo, w, d, h, mi, s] = match.map((part) => (part === undefined ? 0 : Number(part)));
  const days = (y ?? 0) * 365 + (mo ?? 0) * 30 + (w ?? 0) * 7 + (d ?? 0);
  const seconds = ((days * 24 + (h ?? 0)) * 60 + (mi ?? 0)) * 60 + (s ?? 0);
  return Math.round(seconds * 1000);
}

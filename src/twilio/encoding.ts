/**
 * Wire encoding of Twilio product APIs: path segments through encodeURIComponent (unique names
 * may hold spaces, `#`, `/`, `+`), form bodies and query strings as repeated `key=value` pairs
 * percent-encoded RFC 3986 style (space is `%20`, never `+`), dates at seconds precision.
 */

/** One encoded parameter: wire name and its string value; arrays are several pairs. */
export type WirePair = readonly [name: string, value: string];

export function encodePathSegment(value: string): string {
  return encodeURIComponent(value);
}

/** Fills `{Name}` placeholders of a registry path template with encoded segments. */
export function fillPathTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`path parameter ${name} has no value`);
    return encodePathSegment(value);
  });
}

/**
 * `application/x-www-form-urlencoded` as Twilio reads it. URLSearchParams would turn spaces
 * into `+`; encodeURIComponent gives `%20` and leaves `!'()*` alone, which twilio-node's qs also
 * leaves alone, so both encode the same way.
 */
export function encodeForm(pairs: readonly WirePair[]): string {
  return pairs
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
}

/** `YYYY-MM-DDTHH:mm:ssZ` in UTC, the form twilio-node sends `Date` values in. */
export function formatTwilioDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

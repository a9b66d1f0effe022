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

/** A path template split once into its literal text and the names between them. */
interface CompiledTemplate {
  /** One more than `names`: the text before each name and after the last. */
  readonly literals: readonly string[];
  readonly names: readonly string[];
}

/** Registry paths are a fixed few hundred; each is split on its first use, not on every call. */
const compiledTemplates = new Map<string, CompiledTemplate>();

function compileTemplate(template: string): CompiledTemplate {
  let compiled = compiledTemplates.get(template);
  if (compiled === undefined) {
    const parts = template.split(/\{([^}]+)\}/);
    compiled = {
      literals: parts.filter((_, i) => i % 2 === 0),
      names: parts.filter((_, i) => i % 2 === 1),
    };
    compiledTemplates.set(template, compiled);
  }
  return compiled;
}

/** Fills `{Name}` placeholders of a registry path template with encoded segments. */
export function fillPathTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
): string {
  const { literals, names } = compileTemplate(template);
  let path = literals[0] as string;
  for (let i = 0; i < names.length; i += 1) {
    const name = names[i] as string;
    const value = values[name];
    if (value === undefined) throw new Error(`path parameter ${name} has no value`);
    path += encodePathSegment(value) + (literals[i + 1] as string);
  }
  return path;
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

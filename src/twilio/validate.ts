/**
 * Checks a call's parameter bag against the operation registry and turns it into wire parts.
 * Nothing is sent unless every parameter is known, present when required, of the right type and
 * inside its enum/pattern/length/range; the error names the parameter.
 */
import { headerParamsOn } from '../registry/index.js';
import type { HostProduct, HttpMethod, OperationSpec, ParamSpec } from '../registry/types.js';
import { encodeForm, fillPathTemplate, formatTwilioDate, type WirePair } from './encoding.js';
import { validationError } from './errors.js';

/** One call's parameters keyed by Twilio wire name (`FriendlyName`, `Timers.Inactive`, ...). */
export type TwilioParams = Readonly<Record<string, unknown>>;

export interface PreparedRequest {
  readonly method: HttpMethod;
  /** Path (with any base-URL prefix left to the caller) plus `?query`. */
  readonly pathAndQuery: string;
  /** Form body for POST, else null. */
  readonly body: string | null;
  /** Headers the operation declares (`X-Twilio-Webhook-Enabled`). */
  readonly headers: Readonly<Record<string, string>>;
}

/** Fields Twilio takes as JSON text; an object passed for them is serialised for the caller. */
const JSON_VALUED = new Set(['Attributes', 'ContentVariables', 'Participant']);

type Location = 'path' | 'query' | 'body' | 'header';

export function prepareRequest(
  op: OperationSpec,
  host: HostProduct,
  params: TwilioParams,
): PreparedRequest {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw validationError(null, `${op.id}: parameters must be an object keyed by wire name`);
  }
  const { specs, known } = specsOf(op, host);
  for (const name of Object.keys(params)) {
    if (!known.has(name)) throw unknownParameter(op, host, name, known);
  }

  const path: Record<string, string> = {};
  const query: WirePair[] = [];
  const body: WirePair[] = [];
  const headers: Record<string, string> = {};
  for (const [spec, location] of specs) {
    const values = serialize(op, spec, params[spec.name]);
    if (values.length === 0) {
      if (spec.required)
        throw validationError(spec.name, `${op.id}: parameter ${spec.name} is required`);
      continue;
    }
    const first = values[0] as string;
    if (location === 'path') {
      if (first === '' || first === '.' || first === '..') {
        throw validationError(
          spec.name,
          `${op.id}: parameter ${spec.name} must be a non-empty name other than "." or ".."`,
        );
      }
      path[spec.name] = first;
    } else if (location === 'header') headers[spec.name] = first;
    else (location === 'query' ? query : body).push(...values.map((v): WirePair => [spec.name, v]));
  }
  const search = query.length > 0 ? `?${encodeForm(query)}` : '';
  return {
    method: op.method,
    pathAndQuery: `${fillPathTemplate(op.path, path)}${search}`,
    body: op.method === 'POST' ? encodeForm(body) : null,
    headers,
  };
}

interface OperationParams {
  readonly specs: readonly (readonly [ParamSpec, Location])[];
  readonly known: ReadonlySet<string>;
}

/** The parameters of an operation on a host never change: listed once, not on every call. */
const paramsCache = new WeakMap<OperationSpec, Map<HostProduct, OperationParams>>();

function specsOf(op: OperationSpec, host: HostProduct): OperationParams {
  let byHost = paramsCache.get(op);
  if (byHost === undefined) paramsCache.set(op, (byHost = new Map()));
  let entry = byHost.get(host);
  if (entry === undefined) {
    const specs: (readonly [ParamSpec, Location])[] = [
      ...op.pathParams.map((p) => [p, 'path'] as const),
      ...op.queryParams.map((p) => [p, 'query'] as const),
      ...op.bodyParams.map((p) => [p, 'body'] as const),
      ...headerParamsOn(host, op).map((p) => [p, 'header'] as const),
    ];
    entry = { specs, known: new Set(specs.map(([spec]) => spec.name)) };
    byHost.set(host, entry);
  }
  return entry;
}

function unknownParameter(
  op: OperationSpec,
  host: HostProduct,
  name: string,
  known: ReadonlySet<string>,
) {
  const lower = name.toLowerCase();
  const near = [...known].find((k) => k.toLowerCase() === lower);
  const hint = near
    ? ` (did you mean ${near}?)`
    : known.size === 0
      ? ' (it takes no parameters)'
      : ` (known: ${[...known].join(', ')})`;
  const where = host === op.product ? '' : ` on host ${host}`;
  return validationError(name, `${op.id}${where}: unknown parameter ${name}${hint}`);
}

/** The wire strings of one parameter: none when absent, several for an array parameter. */
function serialize(op: OperationSpec, spec: ParamSpec, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    // A JSON-valued field may itself hold a JSON array.
    if (!spec.array && JSON_VALUED.has(spec.name)) return [serializeScalar(op, spec, value)];
    if (!spec.array) {
      throw validationError(
        spec.name,
        `${op.id}: parameter ${spec.name} takes a single value, not a list`,
      );
    }
    return value.map((item: unknown) => serializeScalar(op, spec, item));
  }
  return [serializeScalar(op, spec, value)];
}

function serializeScalar(op: OperationSpec, spec: ParamSpec, value: unknown): string {
  const fail = (rule: string) =>
    validationError(spec.name, `${op.id}: parameter ${spec.name} ${rule}`);
  switch (spec.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw fail('must be a boolean');
      return String(value);
    case 'integer':
    case 'number': {
      const ok =
        typeof value === 'number' &&
        (spec.type === 'integer' ? Number.isSafeInteger(value) : Number.isFinite(value));
      if (!ok)
        throw fail(spec.type === 'integer' ? 'must be an integer' : 'must be a finite number');
      if (spec.minimum !== undefined && value < spec.minimum)
        throw fail(`must be at least ${spec.minimum}`);
      if (spec.maximum !== undefined && value > spec.maximum)
        throw fail(`must be at most ${spec.maximum}`);
      return String(value);
    }
    case 'string': {
      const text = stringValue(spec, value);
      if (text === undefined) throw fail(`must be ${describeStringType(spec)}`);
      checkString(spec, text, fail);
      return text;
    }
  }
}

function stringValue(spec: ParamSpec, value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Date) {
    if (spec.format !== 'date-time') return undefined;
    if (Number.isNaN(value.getTime())) return undefined;
    return formatTwilioDate(value);
  }
  if (typeof value === 'boolean' && isBooleanEnum(spec)) return String(value);
  if (JSON_VALUED.has(spec.name) && typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function describeStringType(spec: ParamSpec): string {
  if (spec.format === 'date-time') return 'a string or a valid Date';
  if (isBooleanEnum(spec)) return 'a boolean or "true"/"false"';
  if (JSON_VALUED.has(spec.name)) return 'a JSON string or a JSON-serialisable object';
  return 'a string';
}

function isBooleanEnum(spec: ParamSpec): boolean {
  return (
    spec.enum !== undefined &&
    spec.enum.length === 2 &&
    spec.enum.includes('true') &&
    spec.enum.includes('false')
  );
}

const patternCache = new Map<string, RegExp>();

function checkString(spec: ParamSpec, text: string, fail: (rule: string) => Error): void {
  if (spec.enum !== undefined && !spec.enum.includes(text))
    throw fail(`must be one of: ${spec.enum.join(', ')}`);
  if (spec.minLength !== undefined || spec.maxLength !== undefined) {
    // JSON Schema lengths count code points, not UTF-16 units.
    const length = [...text].length;
    if (spec.minLength !== undefined && length < spec.minLength)
      throw fail(`must be at least ${spec.minLength} characters long`);
    if (spec.maxLength !== undefined && length > spec.maxLength)
      throw fail(`must be at most ${spec.maxLength} characters long`);
  }
  if (spec.pattern !== undefined) {
    let pattern = patternCache.get(spec.pattern);
    if (pattern === undefined) {
      pattern = new RegExp(spec.pattern, 'u');
      patternCache.set(spec.pattern, pattern);
    }
    if (!pattern.test(text)) throw fail(`must match ${spec.pattern}`);
  }
}

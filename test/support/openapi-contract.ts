/**
 * The emulator's response contract, checked against Twilio's own OpenAPI documents (read from
 * the installed `@twilio-alpha/mcp` package, the same files the registry was generated from).
 *
 * - 2xx: the operation's documented response schema for that status (list envelopes included),
 *   compiled with ajv from the document; OpenAPI 3.0 `nullable` becomes a JSON-Schema type union,
 *   `$ref`s point into the document's `components.schemas`, `date-time` and `uri` are checked,
 *   and a `uri-map` (`links`) must map names to URIs.
 * - Exact field sets: Twilio's schemas mark nothing required, so a renderer that forgets a field
 *   or invents one would pass plain validation. Every schema node that lists `properties` is
 *   compiled with all of them required and nothing else allowed, recursively (records, list
 *   envelopes and their `meta`).
 * - 4xx/5xx: exactly `{ code, message, more_info, status }` with `status` equal to the HTTP one.
 * - IP Messaging answers validate against `twilio_ip_messaging_v2.json`, not Chat v2's document.
 *
 * Documents are read and schemas compiled lazily, once per worker, on first use.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { EmulatorResponseEvent } from '../../src/emulator/index.js';
import { findOperation } from '../../src/registry/index.js';
import type { HostProduct, OperationSpec } from '../../src/registry/index.js';

const require = createRequire(import.meta.url);

/** `twilio_<api>.json` files live here; resolved through the package, never a machine path. */
const specDir = (() => {
  const pkg = require.resolve('@twilio-alpha/mcp/package.json');
  return `${pkg.slice(0, -'package.json'.length)}twilio-oai/spec/json/`;
})();

type JsonObject = Record<string, unknown>;

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, { responses?: Record<string, OpenApiResponse> }>>;
  readonly components: { readonly schemas: Record<string, unknown> };
}

interface OpenApiResponse {
  readonly content?: Record<string, { schema?: unknown }>;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys that only document: dropped so ajv can run without unknown-keyword noise. */
const DOC_ONLY = new Set(['description', 'x-twilio', 'examples', 'example', 'title', 'default']);

/**
 * One OpenAPI 3.0 schema node as strict JSON Schema (draft-07 as ajv runs it), `$ref`s made
 * absolute to the document id so per-operation schemas can point into it.
 */
function toJsonSchema(node: unknown, documentId: string): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, documentId));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DOC_ONLY.has(key) || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string') {
      const prefix = '#/components/schemas/';
      if (!value.startsWith(prefix)) throw new Error(`unsupported $ref ${value} in ${documentId}`);
      out.$ref = `${documentId}#/definitions/${value.slice(prefix.length)}`;
      continue;
    }
    if (key === 'properties' && isObject(value)) {
      const properties: JsonObject = {};
      for (const [name, schema] of Object.entries(value)) {
        properties[name] = toJsonSchema(schema, documentId);
      }
      out.properties = properties;
      continue;
    }
    out[key] = toJsonSchema(value, documentId);
  }
  if (node.format === 'uri-map') {
    // A map of link names to absolute URLs (`links`); ajv knows no `uri-map` format. A link
    // may be null: Twilio's own Chat v2 channel examples show `"last_message": null`.
    delete out.format;
    out.additionalProperties = { type: ['string', 'null'], format: 'uri' };
  }
  if (isObject(node.properties)) {
    // The exact field set: every documented field present, no undocumented one.
    out.required = Object.keys(node.properties);
    out.additionalProperties = false;
  }
  if (node.nullable === true) {
    // OpenAPI 3.0 `nullable` on a typed schema admits null; on an untyped one it adds nothing
    // (an untyped schema already admits every value).
    if (typeof node.type === 'string') out.type = [node.type, 'null'];
    if (Array.isArray(node.enum) && !node.enum.includes(null)) out.enum = [...node.enum, null];
  }
  return out;
}

/** The document answering `op` on `host` (IP Messaging has its own copy of Chat v2). */
export function documentFileFor(op: OperationSpec, host: HostProduct): string {
  if (host === 'ip-messaging') return 'twilio_ip_messaging_v2.json';
  return `twilio_${op.product}_${op.version}.json`;
}

let ajvInstance: Ajv | null = null;
const documents = new Map<string, OpenApiDocument>();
const validators = new Map<string, ValidateFunction | null>();

function ajv(): Ajv {
  if (ajvInstance) return ajvInstance;
  const instance = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false });
  // ajv-formats is CommonJS; under NodeNext its default import is the plugin function itself.
  const addFormats = addFormatsModule as unknown as (target: Ajv, formats: string[]) => Ajv;
  // The only formats response schemas use besides `uri-map` (rewritten in toJsonSchema); strict
  // mode makes any other format a compile error rather than a silent pass.
  addFormats(instance, ['date-time', 'uri']);
  ajvInstance = instance;
  return instance;
}

function documentOf(file: string): OpenApiDocument {
  let doc = documents.get(file);
  if (!doc) {
    doc = JSON.parse(readFileSync(`${specDir}${file}`, 'utf8')) as OpenApiDocument;
    const definitions: JsonObject = {};
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      definitions[name] = toJsonSchema(schema, file);
    }
    ajv().addSchema({ $id: file, definitions });
    documents.set(file, doc);
  }
  return doc;
}

/** The JSON schema of `op`'s answer with `status` on `host`; null when that answer has no body. */
function validatorFor(
  op: OperationSpec,
  host: HostProduct,
  status: number,
): ValidateFunction | null {
  const file = documentFileFor(op, host);
  const key = `${file} ${op.method} ${op.path} ${status}`;
  if (validators.has(key)) return validators.get(key) ?? null;
  const doc = documentOf(file);
  const operation = doc.paths[op.path]?.[op.method.toLowerCase()];
  if (!operation) throw new Error(`${op.id}: ${op.method} ${op.path} is not in ${file}`);
  const response = operation.responses?.[String(status)];
  if (!response) {
    throw new UndocumentedStatus(
      `${op.id}: status ${status} is not documented (documented: ${Object.keys(operation.responses ?? {}).join(', ')})`,
    );
  }
  const schema = response.content?.['application/json']?.schema;
  const validate =
    schema === undefined ? null : ajv().compile(toJsonSchema(schema, file) as object);
  validators.set(key, validate);
  return validate;
}

class UndocumentedStatus extends Error {}

/** Twilio's error body, exactly (reference §7.1). */
const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    code: { type: 'integer' },
    message: { type: 'string', minLength: 1 },
    more_info: { type: 'string', format: 'uri' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
  },
  required: ['code', 'message', 'more_info', 'status'],
  additionalProperties: false,
} as const;
let errorValidator: ValidateFunction | null = null;

/** A short, single-line rendering of an offending value. */
function excerpt(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function describe(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const at = error.instancePath === '' ? '/' : error.instancePath;
    switch (error.keyword) {
      case 'required':
        return `${at}: missing field ${String(error.params.missingProperty)}`;
      case 'additionalProperties':
        return `${at}: undocumented field ${String(error.params.additionalProperty)}`;
      default:
        return `${at}: ${error.message ?? 'invalid'} (got ${excerpt(error.data)})`;
    }
  });
}

/** Problems with an error answer (empty when it is Twilio's shape, exactly). */
export function errorBodyProblems(status: number, body: unknown): string[] {
  errorValidator ??= ajv().compile(ERROR_SCHEMA);
  const problems = errorValidator(body) ? [] : describe(errorValidator.errors);
  if (isObject(body) && body.status !== status) {
    problems.push(`/status: ${excerpt(body.status)} differs from the HTTP status ${status}`);
  }
  return problems;
}

/** Problems with a success answer of `op` on `host` (empty when it conforms exactly). */
export function successBodyProblems(
  op: OperationSpec,
  host: HostProduct,
  status: number,
  body: unknown,
): string[] {
  let validate: ValidateFunction | null;
  try {
    validate = validatorFor(op, host, status);
  } catch (error) {
    if (error instanceof UndocumentedStatus) return [error.message];
    throw error;
  }
  if (validate === null) {
    return body === undefined ? [] : [`status ${status} has no documented body, got one`];
  }
  if (body === undefined) return [`status ${status} must carry a JSON body, got none`];
  const problems = validate(body) ? [] : describe(validate.errors);
  if (op.kind === 'list' && isObject(body) && isObject(body.meta) && body.meta.key !== op.listKey) {
    problems.push(`/meta/key: ${excerpt(body.meta.key)} is not the list key ${op.listKey}`);
  }
  return problems;
}

/** Problems with one observed emulator answer (empty when it honours the contract). */
export function responseProblems(event: EmulatorResponseEvent): string[] {
  // The `malformed` fault sends broken JSON on purpose; there is no body to hold to a schema.
  if (event.fault === 'malformed') return [];
  if (event.status >= 400) return errorBodyProblems(event.status, event.body);
  const op = event.operationId === null ? undefined : findOperation(event.operationId);
  if (!op || event.host === null) {
    return [`status ${event.status} answered a request that matched no operation`];
  }
  return successBodyProblems(op, event.host, event.status, event.body);
}

/** Compiles every schema `op` can answer with on `host` (a check that the documents cover it). */
export function compileOperation(op: OperationSpec, host: HostProduct): void {
  for (const status of op.successStatuses) validatorFor(op, host, status);
}

/** The documented fields of a component schema (`chat.v2.service.channel`, ...). */
export function documentedFields(file: string, schemaName: string): string[] {
  const schema = documentOf(file).components.schemas[schemaName];
  if (!isObject(schema) || !isObject(schema.properties)) {
    throw new Error(`no object schema ${schemaName} in ${file}`);
  }
  return Object.keys(schema.properties);
}

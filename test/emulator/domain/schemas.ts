/**
 * Validates rendered records against the response schemas of Twilio's OpenAPI documents (read
 * from the installed spec package): ajv for types, enums, formats and nullability, plus an exact
 * comparison of the field set (the schemas mark nothing required).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { WireRecord } from '../../../src/emulator/contract.js';

const require = createRequire(import.meta.url);
const specDir = (() => {
  const pkg = require.resolve('@twilio-alpha/mcp/package.json');
  return `${pkg.slice(0, -'package.json'.length)}twilio-oai/spec/json/`;
})();

/** The spec document a schema name lives in (`chat.v2.service` → `twilio_chat_v2.json`). */
function documentFor(schemaName: string): string {
  const [product, version] = schemaName.split('.');
  return `twilio_${product}_${version}.json`;
}

interface SpecDocument {
  readonly components: { readonly schemas: Record<string, { properties?: object }> };
}

const ajv = new Ajv({ strict: false, allErrors: true });
// ajv-formats is CommonJS; its default export is the plugin function itself.
const addFormats = addFormatsModule as unknown as (instance: Ajv) => Ajv;
addFormats(ajv);
ajv.addFormat('uri-map', true);
ajv.addFormat('http-method', true);
ajv.addFormat('int64', true);

const documents = new Map<string, SpecDocument>();
const validators = new Map<string, ValidateFunction>();

/**
 * OpenAPI 3.0 allows `nullable` on an untyped schema (any value, null included); ajv wants a
 * `type` beside it, so those markers are dropped.
 */
function withoutUntypedNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutUntypedNullable);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  const source = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' && source.type === undefined) continue;
    out[key] = withoutUntypedNullable(value);
  }
  return out;
}

function loadDocument(file: string): SpecDocument {
  let doc = documents.get(file);
  if (!doc) {
    doc = withoutUntypedNullable(
      JSON.parse(readFileSync(`${specDir}${file}`, 'utf8')),
    ) as SpecDocument;
    documents.set(file, doc);
    ajv.addSchema(doc, file);
  }
  return doc;
}

/** The documented field names of `schemaName`. */
export function schemaFields(schemaName: string): string[] {
  const doc = loadDocument(documentFor(schemaName));
  const schema = doc.components.schemas[schemaName];
  if (!schema?.properties) throw new Error(`no schema ${schemaName}`);
  return Object.keys(schema.properties);
}

/** Problems with `record` as a `schemaName` (empty when it conforms exactly). */
export function schemaProblems(schemaName: string, record: WireRecord): string[] {
  const file = documentFor(schemaName);
  loadDocument(file);
  let validate = validators.get(schemaName);
  if (!validate) {
    validate = ajv.compile({ $ref: `${file}#/components/schemas/${schemaName}` });
    validators.set(schemaName, validate);
  }
  const problems: string[] = [];
  if (!validate(record)) {
    for (const error of validate.errors ?? []) {
      problems.push(`${error.instancePath || '/'} ${error.message ?? 'invalid'}`);
    }
  }
  const expected = new Set(schemaFields(schemaName));
  const actual = new Set(Object.keys(record));
  for (const field of expected) if (!actual.has(field)) problems.push(`missing field ${field}`);
  for (const field of actual) if (!expected.has(field)) problems.push(`extra field ${field}`);
  return problems;
}

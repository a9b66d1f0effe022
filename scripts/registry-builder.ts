/**
 * Builds the operation registry from Twilio's OpenAPI documents. Keeps facts only: paths,
 * parameters, types, enums, patterns, limits. Description text never leaves this function.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type {
  AliasDifference,
  ApiVersion,
  HttpMethod,
  OperationKind,
  OperationLink,
  OperationSpec,
  ParamSpec,
  ParamType,
  Product,
} from '../src/registry/types.js';

export const SPEC_PACKAGE = '@twilio-alpha/mcp';

interface SpecSource {
  readonly file: string;
  readonly product: Product;
  readonly version: ApiVersion;
}

export const SPEC_SOURCES: readonly SpecSource[] = [
  { file: 'twilio_chat_v1.json', product: 'chat', version: 'v1' },
  { file: 'twilio_chat_v2.json', product: 'chat', version: 'v2' },
  { file: 'twilio_chat_v3.json', product: 'chat', version: 'v3' },
  { file: 'twilio_conversations_v1.json', product: 'conversations', version: 'v1' },
];

export const ALIAS_SOURCE = 'twilio_ip_messaging_v2.json';

// Minimal typing of the parts of an OpenAPI 3.0 document we read.
interface SchemaObject {
  type?: string;
  format?: string;
  enum?: string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  $ref?: string;
  description?: string;
}
interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: SchemaObject;
  description?: string;
}
interface OperationObject {
  operationId: string;
  tags?: string[];
  parameters?: ParameterObject[];
  requestBody?: { content: Record<string, { schema: SchemaObject }> };
  responses: Record<string, { content?: Record<string, { schema: SchemaObject }> }>;
}
interface PathItem {
  'x-twilio'?: {
    pathType?: 'list' | 'instance';
    parent?: string;
    dependentProperties?: Record<string, { mapping: Record<string, string>; resource_url: string }>;
  };
  get?: OperationObject;
  post?: OperationObject;
  delete?: OperationObject;
}
export interface OpenApiDocument {
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, SchemaObject> };
}

export function specDirectory(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve(`${SPEC_PACKAGE}/package.json`);
  return join(dirname(packageJson), 'twilio-oai', 'spec', 'json');
}

export function loadSpec(file: string): OpenApiDocument {
  return JSON.parse(readFileSync(join(specDirectory(), file), 'utf8')) as OpenApiDocument;
}

const METHODS: readonly (keyof PathItem & ('get' | 'post' | 'delete'))[] = [
  'get',
  'post',
  'delete',
];

function resolveRef(doc: OpenApiDocument, schema: SchemaObject): SchemaObject {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = doc.components.schemas[name];
  if (!target) throw new Error(`Unresolved $ref ${schema.$ref}`);
  return resolveRef(doc, target);
}

function refName(schema: SchemaObject | undefined): string | null {
  return schema?.$ref ? schema.$ref.replace('#/components/schemas/', '') : null;
}

function toParam(
  doc: OpenApiDocument,
  name: string,
  rawSchema: SchemaObject,
  required: boolean,
): ParamSpec {
  const outer = resolveRef(doc, rawSchema);
  const array = outer.type === 'array';
  const schema = array && outer.items ? resolveRef(doc, outer.items) : outer;
  const type = (schema.type ?? 'string') as ParamType;
  if (!['string', 'integer', 'number', 'boolean'].includes(type)) {
    throw new Error(`Unsupported parameter type ${String(schema.type)} for ${name}`);
  }
  const param: {
    -readonly [K in keyof ParamSpec]: ParamSpec[K];
  } = { name, type, required, array };
  if (schema.format) param.format = schema.format;
  if (schema.enum) param.enum = [...schema.enum];
  if (schema.pattern) param.pattern = schema.pattern;
  if (schema.minLength !== undefined) param.minLength = schema.minLength;
  if (schema.maxLength !== undefined) param.maxLength = schema.maxLength;
  if (schema.minimum !== undefined) param.minimum = schema.minimum;
  if (schema.maximum !== undefined) param.maximum = schema.maximum;
  return param;
}

const KIND_BY_PREFIX: readonly [string, OperationKind][] = [
  ['List', 'list'],
  ['Fetch', 'fetch'],
  ['Create', 'create'],
  ['Update', 'update'],
  ['Delete', 'delete'],
];

function kindOf(operationId: string): OperationKind {
  const match = KIND_BY_PREFIX.find(([prefix]) => operationId.startsWith(prefix));
  if (!match) throw new Error(`Cannot tell the kind of operation ${operationId}`);
  return match[1];
}

/** Reads the documented default page size (a number, not prose) from a PageSize parameter. */
function defaultPageSizeOf(param: ParameterObject | undefined): number | null {
  if (!param) return null;
  const match = /default is (\d+)/i.exec(param.description ?? '');
  return match ? Number(match[1]) : 50;
}

function operationsOf(doc: OpenApiDocument, source: SpecSource): OperationSpec[] {
  const result: OperationSpec[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const meta = item['x-twilio'] ?? {};
    const links: OperationLink[] = Object.entries(meta.dependentProperties ?? {}).map(
      ([name, dep]) => ({ name, resourceUrl: dep.resource_url, mapping: { ...dep.mapping } }),
    );
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = op.parameters ?? [];
      const byIn = (where: ParameterObject['in']): ParamSpec[] =>
        params
          .filter((p) => p.in === where)
          .map((p) => toParam(doc, p.name, p.schema, p.required === true || where === 'path'));
      const body = op.requestBody?.content['application/x-www-form-urlencoded']?.schema;
      const bodyParams = body
        ? Object.entries(body.properties ?? {}).map(([name, schema]) =>
            toParam(doc, name, schema, (body.required ?? []).includes(name)),
          )
        : [];
      const statuses = Object.keys(op.responses)
        .map(Number)
        .filter((s) => s >= 200 && s < 300)
        .sort((a, b) => a - b);
      const firstStatus = statuses[0];
      if (firstStatus === undefined) throw new Error(`No success status for ${op.operationId}`);
      const successContent = op.responses[String(firstStatus)]?.content?.['application/json'];
      const kind = kindOf(op.operationId);
      let listKey: string | null = null;
      let responseSchema = refName(successContent?.schema);
      if (kind === 'list') {
        const props = successContent?.schema.properties ?? {};
        listKey = Object.keys(props).find((k) => k !== 'meta') ?? null;
        responseSchema = listKey ? refName(props[listKey]?.items) : null;
      }
      const pageSize = params.find((p) => p.in === 'query' && p.name === 'PageSize');
      result.push({
        id: `${source.product}.${source.version}.${op.operationId}`,
        product: source.product,
        version: source.version,
        operationName: op.operationId,
        resource: op.tags?.[0] ?? '',
        method: method.toUpperCase() as HttpMethod,
        path,
        pathType: meta.pathType ?? (path.endsWith('}') ? 'instance' : 'list'),
        kind,
        pathParams: byIn('path'),
        queryParams: byIn('query'),
        bodyParams,
        headerParams: byIn('header'),
        listKey,
        defaultPageSize: kind === 'list' ? defaultPageSizeOf(pageSize) : null,
        maxPageSize: kind === 'list' ? (pageSize?.schema.maximum ?? null) : null,
        successStatus: firstStatus,
        successStatuses: statuses,
        responseSchema,
        parentPath: meta.parent ?? null,
        links,
      });
    }
  }
  return result;
}

export interface BuiltRegistry {
  readonly operations: readonly OperationSpec[];
  readonly ipMessagingDifferences: readonly AliasDifference[];
}

export function buildRegistry(load: (file: string) => OpenApiDocument = loadSpec): BuiltRegistry {
  const operations = SPEC_SOURCES.flatMap((source) => operationsOf(load(source.file), source));
  const chatV2 = operations.filter((op) => op.product === 'chat' && op.version === 'v2');
  const alias = operationsOf(load(ALIAS_SOURCE), {
    file: ALIAS_SOURCE,
    product: 'chat',
    version: 'v2',
  });
  const ipMessagingDifferences: AliasDifference[] = [];
  for (const chatOp of chatV2) {
    const twin = alias.find((op) => op.id === chatOp.id);
    if (!twin || twin.path !== chatOp.path || twin.method !== chatOp.method) {
      throw new Error(`IP Messaging v2 has no twin of ${chatOp.id}; it is no longer an alias`);
    }
    const strip = (op: OperationSpec): unknown => ({
      ...op,
      headerParams: [],
      resource: '',
      responseSchema: op.responseSchema?.replace(/^ip_messaging\./, 'chat.'),
    });
    if (JSON.stringify(strip(twin)) !== JSON.stringify(strip(chatOp))) {
      throw new Error(`IP Messaging v2 ${chatOp.id} differs from Chat v2 beyond headers`);
    }
    const missing = chatOp.headerParams
      .map((p) => p.name)
      .filter((name) => !twin.headerParams.some((p) => p.name === name));
    if (missing.length > 0)
      ipMessagingDifferences.push({ operationId: chatOp.id, missingHeaderParams: missing });
  }
  if (alias.length !== chatV2.length) throw new Error('IP Messaging v2 has extra operations');
  return { operations, ipMessagingDifferences };
}

export function renderRegistrySource(registry: BuiltRegistry): string {
  const version = (
    JSON.parse(readFileSync(join(specDirectory(), '..', '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  return [
    `// Generated by scripts/generate-registry.ts from ${SPEC_PACKAGE}@${version}. Do not edit.`,
    `// Regenerate with: npm run generate:registry`,
    `import type { AliasDifference, OperationSpec } from '../registry/types.js';`,
    ``,
    `export const operations: readonly OperationSpec[] = ${JSON.stringify(registry.operations, null, 2)};`,
    ``,
    `export const ipMessagingDifferences: readonly AliasDifference[] = ${JSON.stringify(registry.ipMessagingDifferences, null, 2)};`,
    ``,
  ].join('\n');
}

export const REGISTRY_OUTPUT = 'src/generated/registry.ts';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  getNamedType,
  type GraphQLField,
  type GraphQLNamedType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { codegenConfig } from '../../codegen.js';
import { createGraphSchema, typeDefs } from '../../src/graph/index.js';
import { findPackageRoot, schemaFiles } from '../../src/graph/type-defs.js';
import { findOperation } from '../../src/registry/index.js';

const root = findPackageRoot();
const schema = createGraphSchema();

/** Types the federation library adds; they are not ours to describe. */
const foreign = new Set([
  '_Service',
  '_Entity',
  '_Any',
  '_FieldSet',
  'link__Import',
  'link__Purpose',
]);

function ownTypes(): GraphQLNamedType[] {
  return Object.values(schema.getTypeMap()).filter(
    (type) =>
      !type.name.startsWith('__') &&
      !type.name.startsWith('federation__') &&
      !foreign.has(type.name) &&
      !isBuiltInScalar(type),
  );
}

function isBuiltInScalar(type: GraphQLNamedType): boolean {
  return isScalarType(type) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name);
}

function fieldsOf(type: GraphQLNamedType): GraphQLField<unknown, unknown>[] {
  if (isObjectType(type) || isInterfaceType(type)) {
    return Object.values(type.getFields()).filter((field) => !field.name.startsWith('_'));
  }
  return [];
}

const OPERATION_ID = /\b(?:chat|conversations)\.v[123]\.[A-Za-z]+\b/g;

/** Connections, root fields and fields that fetch another entity must name their operation. */
function needsOperation(typeName: string, field: GraphQLField<unknown, unknown>): boolean {
  if (typeName.endsWith('Connection') || (typeName.endsWith('Edge') && field.name === 'node')) {
    return false;
  }
  if (typeName === 'Query') return true;
  const target = getNamedType(field.type);
  if (target.name.endsWith('Connection')) return true;
  const fetchable =
    isInterfaceType(target) ||
    (isObjectType(target) && target.getInterfaces().some((i) => i.name === 'Node'));
  return fetchable || target.name === 'ServiceConfiguration';
}

/** The description line that names the Twilio request a field makes itself. */
const OWN_REQUEST = /^\s*Twilio:/m;
/** How a description says the field is answered from what its parent already holds. */
const NO_OWN_REQUEST = /no extra request|answered it/;

/**
 * Why a field can fail on its own (a caller's argument or its own Twilio request), or null.
 * Mutation fields keep non-null payloads: caller-fixable problems go to `userErrors`.
 */
function failsOnItsOwn(typeName: string, field: GraphQLField<unknown, unknown>): string | null {
  if (typeName === 'Mutation') return null;
  if (field.args.length > 0) return 'takes arguments';
  if (OWN_REQUEST.test(field.description ?? '')) return 'makes its own Twilio request';
  return null;
}

describe('SDL and codegen', () => {
  it('the schema/ folder holds one SDL file per domain and typeDefs merges them all', () => {
    const names = schemaFiles(root).map((file) => file.slice(join(root, 'schema').length + 1));
    expect(names).toEqual(
      expect.arrayContaining([
        'shared.graphql',
        'query.graphql',
        'conversation.graphql',
        'participant.graphql',
        'user.graphql',
        'message.graphql',
        'configuration.graphql',
      ]),
    );
    for (const name of names) expect(typeDefs).toContain(`# schema/${name}`);
  });

  it('src/generated/graphql.ts is what codegen produces from the current SDL', async () => {
    const outputs: readonly { filename: string; content: string }[] = await generate(
      { ...codegenConfig, cwd: root, silent: true },
      false,
    );
    const output = outputs.find((file) => file.filename.endsWith('src/generated/graphql.ts'));
    expect(output, 'codegen produced src/generated/graphql.ts').toBeDefined();
    const onDisk = readFileSync(join(root, 'src/generated/graphql.ts'), 'utf8');
    expect(onDisk === output?.content, 'run `npm run generate:graphql`').toBe(true);
  });

  it('every type, field, argument and enum value has a description', () => {
    const missing: string[] = [];
    for (const type of ownTypes()) {
      if (!type.description?.trim()) missing.push(type.name);
      if (isEnumType(type)) {
        for (const value of type.getValues()) {
          if (!value.description?.trim()) missing.push(`${type.name}.${value.name}`);
        }
      }
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
        }
      }
      for (const field of fieldsOf(type)) {
        if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args) {
          if (!arg.description?.trim()) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isUnionType(type) && !type.description) missing.push(type.name);
    }
    expect(missing).toEqual([]);
  });

  it('every list and lookup field names the Twilio operation behind it', () => {
    const unnamed: string[] = [];
    for (const type of ownTypes()) {
      for (const field of fieldsOf(type)) {
        if (!needsOperation(type.name, field)) continue;
        if ((field.description ?? '').match(OPERATION_ID) === null) {
          unnamed.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(unnamed).toEqual([]);
  });

  it('every list and lookup field says whether it makes its own Twilio request', () => {
    const unclear: string[] = [];
    for (const type of ownTypes()) {
      // A mutation's or subscription's cost is its own contract (schema/mutation.graphql,
      // schema/subscription.graphql), not a field read.
      if (type.name === 'Mutation' || type.name === 'Subscription') continue;
      for (const field of fieldsOf(type)) {
        if (!needsOperation(type.name, field)) continue;
        const text = field.description ?? '';
        if (OWN_REQUEST.test(text) === NO_OWN_REQUEST.test(text)) {
          unclear.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(unclear).toEqual([]);
  });

  it('a field that takes arguments or makes its own Twilio request is nullable, so its error stays at that field', () => {
    const nonNull: string[] = [];
    const canFail: string[] = [];
    for (const type of ownTypes()) {
      // A subscription field's error ends its stream, whatever its nullability; the events it
      // yields are non-null by contract (`messageAdded: Message!`).
      if (!isObjectType(type) || type.name === 'Subscription') continue;
      for (const field of fieldsOf(type)) {
        const why = failsOnItsOwn(type.name, field);
        if (why === null) continue;
        canFail.push(`${type.name}.${field.name}`);
        if (isNonNullType(field.type)) nonNull.push(`${type.name}.${field.name} (${why})`);
      }
    }
    expect(nonNull).toEqual([]);
    expect(canFail).toEqual(
      expect.arrayContaining([
        'Query.nodes',
        'Query.configuration',
        'Query.conversations',
        'Configuration.webhooks',
        'Conversation.messages',
        'Conversation.participants',
        'User.conversations',
        'User.membership',
        'Message.deliveryReceipts',
        'UpdateParticipantPayload.membership',
      ]),
    );
  });

  it('every field of an entity type says which API backs it (or that the graph makes it)', () => {
    const silent: string[] = [];
    for (const type of ownTypes()) {
      if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) continue;
      for (const field of fieldsOf(type)) {
        if (!/\bAPIs?\b|Twilio:|not a Twilio field/.test(field.description ?? '')) {
          silent.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(silent).toEqual([]);
  });

  it('every operation id named in a description exists in the registry', () => {
    const named = new Set<string>();
    for (const type of ownTypes()) {
      for (const text of [type.description, ...fieldsOf(type).map((f) => f.description)]) {
        for (const id of (text ?? '').match(OPERATION_ID) ?? []) named.add(id);
      }
    }
    expect(named.size).toBeGreaterThan(20);
    const unknown = [...named].filter((id) => findOperation(id) === undefined);
    expect(unknown).toEqual([]);
  });

  it('the contract entity keys are declared for federation', () => {
    const sdl = typeDefs.replace(/\s+/g, ' ');
    expect(sdl).toContain(
      'type Conversation implements Node @key(fields: "id") @key(fields: "serviceSid sid")',
    );
    expect(sdl).toContain('type Participant implements Node @key(fields: "id")');
    expect(sdl).toContain(
      'type User implements Node @key(fields: "id") @key(fields: "serviceSid identity")',
    );
    expect(sdl).toContain('type Message implements Node @key(fields: "id")');
    expect(sdl).toContain('type Service implements Node @key(fields: "sid")');
    expect(sdl).toContain('type PageInfo @shareable');
    const query = schema.getQueryType()?.getFields() ?? {};
    expect(Object.keys(query)).toEqual(
      expect.arrayContaining(['_service', '_entities', 'node', 'nodes']),
    );
  });
});

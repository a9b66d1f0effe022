/**
 * The subgraph schema a start builds from src/generated/subgraph-schema.ts is the one
 * `buildSubgraphSchema` builds from schema/, and the generated file is current.
 */
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  print,
  printSchema,
  type ASTNode,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { prebuiltSubgraph } from '../../src/generated/subgraph-schema.js';
import { createGraphSchema, typeDefs } from '../../src/graph/index.js';
import { buildPrebuiltSubgraph } from '../../scripts/subgraph-schema-builder.js';
import { typeDefsDigest } from '../../src/graph/type-defs.js';

const printed = (node: ASTNode | null | undefined) => (node ? print(node) : null);

/** Everything graphql-js printSchema leaves out: applied directives (via astNode) and resolvers. */
function shape(schema: GraphQLSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {
    sdl: printSchema(schema),
    schema: printed(schema.astNode),
  };
  for (const type of Object.values(schema.getTypeMap())) {
    const fields =
      isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)
        ? Object.fromEntries(
            Object.values(type.getFields()).map((field) => [
              field.name,
              {
                ast: printed(field.astNode),
                resolve: 'resolve' in field && typeof field.resolve === 'function',
                subscribe: 'subscribe' in field && typeof field.subscribe === 'function',
                type: String(field.type),
              },
            ]),
          )
        : null;
    out[type.name] = {
      ast: printed(type.astNode),
      extensions: type.extensionASTNodes.map(printed),
      fields,
      values: isEnumType(type) ? type.getValues().map((v) => [v.name, v.value]) : null,
      resolveType: 'resolveType' in type && typeof type.resolveType === 'function',
      isTypeOf: 'isTypeOf' in type && typeof type.isTypeOf === 'function',
      resolveReference: typeof Reflect.get(
        Reflect.get(Reflect.get(type.extensions, 'apollo') ?? {}, 'subgraph') ?? {},
        'resolveReference',
      ),
    };
  }
  return out;
}

describe('prebuilt subgraph schema', () => {
  it('src/generated/subgraph-schema.ts is current with schema/ (else: npm run generate:schema)', () => {
    expect(buildPrebuiltSubgraph(typeDefs)).toEqual(prebuiltSubgraph);
  });

  it('builds the same schema as buildSubgraphSchema, resolvers and federation fields included', () => {
    const fromPrebuilt = createGraphSchema({ prebuilt: prebuiltSubgraph });
    const fromFederation = createGraphSchema({ prebuilt: null });
    expect(shape(fromPrebuilt)).toEqual(shape(fromFederation));
    expect(fromPrebuilt.getQueryType()?.getFields()._entities).toBeDefined();
    expect(fromPrebuilt.getQueryType()?.getFields()._service).toBeDefined();
  });

  it('a start uses the prebuilt part, which answers _service with the federation SDL', async () => {
    // The check createGraphSchema makes to choose the prebuilt part over buildSubgraphSchema.
    expect(typeDefsDigest(typeDefs)).toBe(prebuiltSubgraph.typeDefsSha256);
    const { graphql } = await import('graphql');
    const result = await graphql({ schema: createGraphSchema(), source: '{ _service { sdl } }' });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ _service: { sdl: prebuiltSubgraph.serviceSdl } });
    const viaFederation = await graphql({
      schema: createGraphSchema({ prebuilt: null }),
      source: '{ _service { sdl } }',
    });
    expect(viaFederation.data).toEqual(result.data);
  });
});

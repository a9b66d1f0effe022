/**
 * src/graph has one folder per schema file, and each folder resolves what its schema file
 * declares:
 * - every `schema/<name>.graphql` has a folder `src/graph/<name>/` and every folder a schema file;
 * - a type's resolvers live in the folder of the file that declares the type;
 * - a root field (Query, Mutation) lives in the folder of the type it returns. `query/` holds
 *   the root fields returning the Node interface (`node`, `nodes`); `shared/` the scalars and
 *   the shared types of schema/shared.graphql (PageInfo, UserError, Node); `mutation/`, after
 *   schema/mutation.graphql (which declares only the root type), the write machinery every
 *   domain's mutations share.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Kind, parse, type TypeNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { domains } from '../../src/graph/schema.js';
import { findPackageRoot, schemaFiles } from '../../src/graph/type-defs.js';

const root = findPackageRoot();
const graph = join(root, 'src', 'graph');
const files = schemaFiles(root);
const schemaNames = files.map((f) => f.slice(f.lastIndexOf('/') + 1, -'.graphql'.length)).sort();

/** The schema file each named type is declared in, and each root field's return type. */
const owner = new Map<string, string>();
const rootFields: { root: string; field: string; returns: string }[] = [];
const named = (t: TypeNode): string => (t.kind === Kind.NAMED_TYPE ? t.name.value : named(t.type));
for (const file of files) {
  const name = file.slice(file.lastIndexOf('/') + 1, -'.graphql'.length);
  for (const def of parse(readFileSync(file, 'utf8')).definitions) {
    if ('name' in def && def.name !== undefined && def.kind.endsWith('Definition')) {
      owner.set(def.name.value, name);
    }
    if (
      (def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      (def.name.value === 'Query' || def.name.value === 'Mutation')
    ) {
      for (const f of def.fields ?? []) {
        rootFields.push({ root: def.name.value, field: f.name.value, returns: named(f.type) });
      }
    }
  }
}

/** Root fields returning an interface are resolved in query/. */
const folderOfReturn = (type: string) => (type === 'Node' ? 'query' : owner.get(type));

describe('src/graph folders', () => {
  it('match the schema files one to one', () => {
    const folders = readdirSync(graph)
      .filter((name) => statSync(join(graph, name)).isDirectory())
      .sort();
    expect(folders).toEqual(schemaNames);
  });

  it('resolve the types their schema file declares', () => {
    for (const [folder, resolvers] of Object.entries(domains)) {
      for (const type of Object.keys(resolvers)) {
        if (type === 'Query' || type === 'Mutation') continue;
        expect(`${type} in ${owner.get(type)}`).toBe(`${type} in ${folder}`);
      }
    }
  });

  it('resolve each root field in the folder of the type it returns', () => {
    const resolvedIn = new Map<string, string>();
    for (const [folder, resolvers] of Object.entries(domains)) {
      for (const rootType of ['Query', 'Mutation'] as const) {
        for (const field of Object.keys(resolvers[rootType] ?? {})) {
          resolvedIn.set(`${rootType}.${field}`, folder);
        }
      }
    }
    for (const { root: rootType, field, returns } of rootFields) {
      const key = `${rootType}.${field}`;
      expect(`${key} in ${resolvedIn.get(key)}`).toBe(`${key} in ${folderOfReturn(returns)}`);
    }
  });
});

/**
 * The hand-written SDL in `schema/*.graphql`, read at run time. tsc does not copy .graphql files
 * into `dist/`, so the folder is found from the package root (the nearest folder above this
 * module with a package.json) whether we run from `src/` or from `dist/src/`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kind, TypeDefinitionNode } from 'graphql';

export function findPackageRoot(startUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(startUrl));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schema'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the schema/ folder above ' + startUrl);
    dir = parent;
  }
}

/** Absolute paths of the SDL files, sorted by name so the merged SDL is stable. */
export function schemaFiles(root: string = findPackageRoot()): string[] {
  const folder = join(root, 'schema');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => join(folder, name));
}

/** All SDL files concatenated, each preceded by a comment naming it. */
export function loadTypeDefs(root: string = findPackageRoot()): string {
  return schemaFiles(root)
    .map((file) => `# ${file.slice(root.length + 1)}\n${readFileSync(file, 'utf8')}`)
    .join('\n');
}

/** What a prebuilt subgraph schema records of the SDL it was made from (`typeDefsSha256`). */
export function typeDefsDigest(typeDefs: string): string {
  return createHash('sha256').update(typeDefs).digest('hex');
}

/**
 * The part of the subgraph schema that follows from the SDL alone, made at generation time
 * (scripts/subgraph-schema-builder.ts → src/generated/subgraph-schema.ts) and used at start
 * while `typeDefsSha256` still matches the SDL read from schema/.
 */
export interface PrebuiltSubgraph {
  /** sha256 (hex) of the merged SDL (`loadTypeDefs()`) it was made from. */
  readonly typeDefsSha256: string;
  /** What `_service { sdl }` answers. */
  readonly serviceSdl: string;
  /** The document graphql-js builds the executable schema from (federation's types included). */
  readonly document: string;
  /** Definitions only extended in the SDL: built empty, their astNode cleared afterwards. */
  readonly emptyDefinitions: readonly {
    readonly kind: Kind.SCHEMA_DEFINITION | TypeDefinitionNode['kind'];
    readonly name?: string;
  }[];
  readonly queryType: string;
  /** Whether any type is an entity (`@key`), so `_entities` and `_Entity` exist. */
  readonly hasEntities: boolean;
}

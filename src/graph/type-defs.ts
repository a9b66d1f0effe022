/**
 * The hand-written SDL in `schema/*.graphql`, read at run time. tsc does not copy .graphql files
 * into `dist/`, so the folder is found from the package root (the nearest folder above this
 * module with a package.json) whether we run from `src/` or from `dist/src/`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

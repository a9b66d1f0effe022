/**
 * `npm run build`, second step: links the compiled gateway (dist/src/server/main.js, from tsc)
 * and the packages it imports into one module, in place, with a chunk per lazily imported part
 * (the embedded emulator, OpenTelemetry, Redis) under dist/src/server/chunks/. A start then
 * reads a few files instead of about a thousand: resolving, reading and linking that many
 * modules was most of the production start-up. tsc stays the compiler; esbuild only links.
 *
 * Left as package imports: graphql, since @apollo/subgraph (loaded from node_modules when the
 * generated subgraph schema no longer matches schema/) must see the same graphql instance; and
 * OpenTelemetry, which src/telemetry imports with import() only when OTEL_* asks for traces: a
 * chunk made of a CommonJS package would expose only its default export there.
 */
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { nodeModuleLinkOptions, requireBanner } from './link-options.js';

const entry = 'dist/src/server/main.js';

// Linking needs tsc's modules; a bundle in place means this ran already since the last tsc.
if (readFileSync(entry, 'utf8').startsWith(requireBanner)) {
  console.error(`${entry} is bundled already; run \`npm run build\` (tsc first).`);
  process.exit(1);
}
rmSync('dist/src/server/chunks', { recursive: true, force: true });

const result = await build({
  ...nodeModuleLinkOptions,
  entryPoints: [entry],
  outdir: 'dist/src/server',
  allowOverwrite: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: ['graphql', '@opentelemetry/*'],
  sourcemap: true,
  metafile: true,
});

const bytes = Object.values(result.metafile.outputs).reduce((sum, out) => sum + out.bytes, 0);
console.log(
  `${entry}: bundled (${Object.keys(result.metafile.inputs).length} modules, ${(bytes / 1e6).toFixed(1)} MB with chunks and maps)`,
);

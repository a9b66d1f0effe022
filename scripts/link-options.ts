/**
 * How esbuild links a Node entry into one ES module, for the production gateway
 * (scripts/bundle-gateway.ts) and the benchmark's stack floor (bench/gateway.ts), so the floor
 * is linked the way the gateway is. esbuild only links; tsc stays the gateway's compiler.
 */
import type { BuildOptions } from 'esbuild';

/** The CommonJS packages inside call require(); an ES module has none of its own. */
export const requireBanner =
  "import { createRequire as __linkedRequire } from 'node:module'; const require = __linkedRequire(import.meta.url);";

export const nodeModuleLinkOptions = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: { js: requireBanner },
  logLevel: 'warning',
  legalComments: 'none',
  // Less source text to hold in memory; identifiers keep their names for profiles and traces.
  minifyWhitespace: true,
  minifySyntax: true,
} as const satisfies BuildOptions;

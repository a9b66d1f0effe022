import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { scrubShellEnvironment, testProcessEnvironment } from '../support/hermetic-env.js';

// As in vitest.config.ts: the same test processes whatever the shell exports.
scrubShellEnvironment(process.env);

/**
 * The slow, out-of-process suite (`npm run test:browser`, run by `.ci/run` after `npm test`):
 * headless Chromium against the playground (`*.browser.ts`, needs Debian's chromium), and the
 * compiled gateway started with production dependencies only (`*.e2e.ts`, compiles with tsc).
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  // As in vitest.config.ts: one graphql realm (the CJS entry Node and @apollo/subgraph load);
  // the subscription transports call graphql-js with the schema the subgraph library built.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.browser.ts', 'test/**/*.e2e.ts'],
    setupFiles: ['test/support/network-guard-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: testProcessEnvironment(process.env),
  },
});

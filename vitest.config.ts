import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql ships both ESM (.mjs, picked by Vite) and CJS (index.js, what Node and the CJS-only
    // @apollo/subgraph load). One realm is required, so tests load the CJS entry like Node does.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Validates every answer an in-process emulator sends, in every file, against Twilio's
    // OpenAPI documents; a file fails if any broke the contract.
    setupFiles: ['test/support/contract-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Every test server listens on loopback; nothing should ever leave the machine.
    env: { NO_PROXY: '*' },
  },
});

import { defineConfig } from 'vitest/config';
import { scrubShellEnvironment, testProcessEnvironment } from './test/support/hermetic-env.js';

// First, before vitest forks a worker or Vite reads NODE_ENV: the suite passes whatever the
// developer's shell exports (TWILIO_* credentials, HOST, PORT, NODE_ENV=production, ...).
scrubShellEnvironment(process.env);

export default defineConfig({
  resolve: {
    // graphql ships both ESM (.mjs, picked by Vite) and CJS (index.js, what Node and the CJS-only
    // @apollo/subgraph load). One realm is required, so tests load the CJS entry like Node does.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: [
      // Fails a test during which anything tried to reach beyond loopback.
      'test/support/network-guard-setup.ts',
      // Validates every answer an in-process emulator sends, in every file, against Twilio's
      // OpenAPI documents; a file fails if any broke the contract.
      'test/support/contract-setup.ts',
    ],
    // Generous: a timeout only catches a hang, and a machine shared with other CPU-heavy work
    // can take many times longer to start the processes some tests spawn.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Every test server listens on loopback; nothing may leave the machine (the network guard
    // is preloaded into every test process through NODE_OPTIONS).
    env: testProcessEnvironment(process.env),
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Every test server listens on loopback; nothing should ever leave the machine.
    env: { NO_PROXY: '*' },
  },
});

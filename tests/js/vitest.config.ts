// Node tier: every test here runs against the real wasm build (js-shim/wasm/generated).
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root,
  test: {
    include: ['tests/js/**/*.test.ts'],
    environment: 'node',
    // Two cores: forks keep wasm instances isolated per file without oversubscribing.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});

// Browser tier: headless Debian Chromium driven by playwright-core. The pages under
// tests/browser/pages are built once by Vite (globalSetup) and served statically.
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root,
  test: {
    include: ['tests/browser/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/browser/harness/global-setup.ts'],
    // One browser at a time on a 2-core machine: files run sequentially.
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

// vite-node config for the node engine: the repository root, production mode (so libraries
// drop their development-only checks, as in a shipped app), nothing else.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// BENCH_WASM_DIR: run the same shim over another build of the core (see alt-wasm.ts).
const altWasm = process.env.BENCH_WASM_DIR;

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  mode: 'production',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'error',
  resolve: altWasm
    ? { alias: [{ find: /^\.\/generated\/universal_state_core\.mjs$/, replacement: resolve(altWasm, 'universal_state_core.mjs') }] }
    : {},
  server: { watch: null },
  optimizeDeps: { noDiscovery: true },
});

// vite-node config for the node engine: the repository root, production mode (so libraries
// drop their development-only checks, as in a shipped app), nothing else.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  mode: 'production',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'error',
  server: { watch: null },
  optimizeDeps: { noDiscovery: true },
});

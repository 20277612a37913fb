// Builds the test pages once per run (the wasm must already be built by scripts/build.sh).
import { build } from 'vite';
import { fileURLToPath } from 'node:url';

export default async function setup(): Promise<void> {
  const configFile = fileURLToPath(new URL('./pages-vite.config.ts', import.meta.url));
  await build({ configFile, logLevel: 'warn' });
}

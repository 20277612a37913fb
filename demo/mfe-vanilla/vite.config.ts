// The vanilla MFE as its own ES bundle (build/demo/mfes/vanilla/index.js). It imports only
// types from the package, so the bundle holds nothing but its own code.
import { defineConfig, mergeConfig } from 'vite';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoOut, sharedConfig } from '../vite.shared';

export default defineConfig(
  mergeConfig(sharedConfig, {
    root: fileURLToPath(new URL('.', import.meta.url)),
    build: {
      outDir: join(demoOut, 'mfes/vanilla'),
      lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'index.js' },
    },
  }),
);

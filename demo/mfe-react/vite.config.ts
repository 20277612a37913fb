// The React MFE as its own ES bundle (build/demo/mfes/react/index.js), with React inside.
// Library mode leaves process.env.NODE_ENV for the consumer; a browser has no `process`,
// so it is fixed here.
import { defineConfig, mergeConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoOut, sharedConfig } from '../vite.shared';

export default defineConfig(
  mergeConfig(sharedConfig, {
    root: fileURLToPath(new URL('.', import.meta.url)),
    plugins: [react()],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: join(demoOut, 'mfes/react'),
      lib: { entry: 'src/index.tsx', formats: ['es'], fileName: () => 'index.js' },
    },
  }),
);

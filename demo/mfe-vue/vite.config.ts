// The Vue MFE as its own ES bundle (build/demo/mfes/vue/index.js), with Vue inside.
// Library mode leaves process.env.NODE_ENV for the consumer; a browser has no `process`,
// so it is fixed here, with Vue's compile-time feature flags.
import { defineConfig, mergeConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoOut, sharedConfig } from '../vite.shared';

export default defineConfig(
  mergeConfig(sharedConfig, {
    root: fileURLToPath(new URL('.', import.meta.url)),
    plugins: [vue()],
    define: {
      'process.env.NODE_ENV': JSON.stringify('production'),
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    build: {
      outDir: join(demoOut, 'mfes/vue'),
      lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'index.js' },
    },
  }),
);

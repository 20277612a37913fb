// The container app. The flag is read at build time from VITE_USE_VALTIO_STATE (as in a
// real container); each value gets its own output folder so both builds can be served side
// by side: build/demo/valtio/ (flag on) and build/demo/legacy/ (flag off).
import { defineConfig, mergeConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { demoOut, sharedConfig } from '../vite.shared';

const flagOn = process.env.VITE_USE_VALTIO_STATE === 'true';
// `npm run start:remote` builds a third container, with the NATS connector, into remote/.
const remote = process.env.VITE_NATS_WS !== undefined && process.env.VITE_NATS_WS !== '';

export default defineConfig(
  mergeConfig(sharedConfig, {
    root: fileURLToPath(new URL('.', import.meta.url)),
    base: './',
    build: { outDir: join(demoOut, remote ? 'remote' : flagOn ? 'valtio' : 'legacy') },
  }),
);

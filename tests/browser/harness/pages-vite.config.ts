// Builds every tests/browser/pages/**/*.html into build/browser-pages. Pages import the
// package by its public names, resolved to the TypeScript sources, so tests exercise
// exactly what an app would import.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const pagesRoot = join(repo, 'tests/browser/pages');

function htmlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...htmlFiles(full));
    else if (name.endsWith('.html')) out.push(full);
  }
  return out;
}

export default defineConfig({
  root: pagesRoot,
  base: './',
  logLevel: 'warn',
  plugins: [react(), vue()],
  resolve: {
    alias: [
      { find: /^@mfe\/universal-state\/react$/, replacement: join(repo, 'js-shim/react/index.ts') },
      { find: /^@mfe\/universal-state\/vue$/, replacement: join(repo, 'js-shim/vue/index.ts') },
      { find: /^@mfe\/universal-state\/remote-nats$/, replacement: join(repo, 'js-shim/remote/nats.ts') },
      { find: /^@mfe\/universal-state\/core$/, replacement: join(repo, 'js-shim/core.ts') },
      { find: /^@mfe\/universal-state\/valtio\/react$/, replacement: join(repo, 'js-shim/valtio-interop/react.ts') },
      { find: /^@mfe\/universal-state\/valtio$/, replacement: join(repo, 'js-shim/valtio-interop/index.ts') },
      { find: /^@mfe\/universal-state$/, replacement: join(repo, 'js-shim/index.ts') },
    ],
  },
  build: {
    outDir: join(repo, 'build/browser-pages'),
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: Object.fromEntries(htmlFiles(pagesRoot).map((f) => [relative(pagesRoot, f).replace(/\.html$/, ''), f])),
    },
  },
});

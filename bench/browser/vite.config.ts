/**
 * Builds the Chromium bench pages (bench/browser/pages/*.html) into build/bench-pages,
 * minified and in production mode, as an app would ship them.
 *
 * A js-shim module that does not exist yet (a manager still being written) becomes a module
 * that throws when loaded, so only that contestant is reported missing and the rest of the
 * benchmark still builds and runs.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const pagesRoot = join(repo, 'bench/browser/pages');
const shimRoot = join(repo, 'js-shim');
export const BENCH_PAGES_DIR = join(repo, 'build/bench-pages');

function missingShimModules(): Plugin {
  const MISSING = '\0bench-missing:';
  return {
    name: 'bench-missing-shim-modules',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.')) return null;
      const file = resolve(dirname(importer), source);
      if (!file.startsWith(shimRoot)) return null;
      // TypeScript sources import each other as `.js`; any of these spellings is the file.
      const candidates = [file, file.replace(/\.js$/, '.ts'), file.replace(/\.js$/, '.tsx'), `${file}.ts`, join(file, 'index.ts')];
      return candidates.some((f) => existsSync(f)) ? null : MISSING + file;
    },
    load(id) {
      if (!id.startsWith(MISSING)) return null;
      // syntheticNamedExports lets any named import bind; the module throws before use.
      return {
        code: `throw new Error(${JSON.stringify(`not available yet: ${id.slice(MISSING.length)}`)});\nexport const __missing = {};`,
        syntheticNamedExports: '__missing',
      };
    },
  };
}

export default defineConfig({
  root: pagesRoot,
  base: './',
  mode: 'production',
  logLevel: 'warn',
  plugins: [missingShimModules(), react()],
  build: {
    outDir: BENCH_PAGES_DIR,
    emptyOutDir: true,
    target: 'es2022',
    // BENCH_NO_MINIFY=1 keeps function names for the profilers (profile-*.ts), not for runs.
    minify: !process.env.BENCH_NO_MINIFY,
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      // As an app installing the package from npm would (its "sideEffects": false): modules
      // of js-shim that a page does not use are dropped (W10's per-contestant entries).
      treeshake: { moduleSideEffects: (id) => !id.startsWith(shimRoot + '/') },
      input: Object.fromEntries(
        readdirSync(pagesRoot).filter((f) => f.endsWith('.html')).map((f) => [f.replace(/\.html$/, ''), join(pagesRoot, f)]),
      ),
    },
  },
});

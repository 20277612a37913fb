// Settings every demo build shares: the package's public names resolved to the js-shim
// sources (so the demo exercises exactly what an app imports), where builds go, and the
// switches that keep class names readable (`manager.constructor.name` is shown on screen).
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { UserConfig } from 'vite';

export const repo = fileURLToPath(new URL('..', import.meta.url));
/** build/demo/{valtio,legacy}/ hold the two container builds, build/demo/mfes/<id>/ the MFEs. */
export const demoOut = join(repo, 'build/demo');

export const packageAliases = [
  { find: /^@mfe\/universal-state\/react$/, replacement: join(repo, 'js-shim/react/index.ts') },
  { find: /^@mfe\/universal-state\/vue$/, replacement: join(repo, 'js-shim/vue/index.ts') },
  { find: /^@mfe\/universal-state\/remote-nats$/, replacement: join(repo, 'js-shim/remote/nats.ts') },
  { find: /^@mfe\/universal-state\/core$/, replacement: join(repo, 'js-shim/core.ts') },
  { find: /^@mfe\/universal-state$/, replacement: join(repo, 'js-shim/index.ts') },
  { find: /^@demo\/shared\/(.*)$/, replacement: join(repo, 'demo/shared/$1') },
];

export const sharedConfig: UserConfig = {
  logLevel: 'warn',
  resolve: { alias: packageAliases },
  // Minified, but class names kept: the container shows which manager class runs.
  esbuild: { keepNames: true },
  build: { target: 'es2022', sourcemap: true, emptyOutDir: true, minify: 'esbuild' },
};

// The matrix: which app, which bundler, and which of the package's entries the app imports.
// Entries are spread so that every bundler builds the root entry in some app and every
// subpath is built by two bundlers; esbuild emits no wasm asset, so its apps take the core
// from `/inline`, where it is embedded.
import type { Framework } from './workspace.js';

export type Bundler = 'vite' | 'webpack' | 'esbuild';

export interface HostCase {
  /** e.g. "react-only / webpack" */
  name: string;
  framework: Framework;
  bundler: Bundler;
  /** Where the app takes getGlobalStateManager and StateCoreError from. */
  managerEntry: string;
  /** Where the app takes its hook or composable from (framework hosts only). */
  adapterEntry: string | null;
  /** What the app's write stores; every tab renders it as JSON in #value. */
  written: { text: string };
  /** Whether the build ships a separate .wasm file (a 404 for it is then a real case). */
  servesWasmFile: boolean;
}

const ROOT = '@mfe/universal-state';
const sub = (name: string) => `${ROOT}/${name}`;

const ENTRIES: Record<Framework, Record<Bundler, [string, string | null]>> = {
  none: { vite: [ROOT, null], webpack: [sub('core'), null], esbuild: [sub('inline'), null] },
  react: { vite: [sub('core'), sub('react')], webpack: [ROOT, ROOT], esbuild: [sub('inline'), sub('react')] },
  vue: { vite: [ROOT, ROOT], webpack: [sub('core'), sub('vue')], esbuild: [sub('inline'), sub('vue')] },
};

const WRITER: Record<Framework, string> = {
  none: 'manager.set',
  react: 'useGlobalState',
  vue: 'useValtioGlobalStateVue',
};

export const FRAMEWORK_LABEL: Record<Framework, string> = { none: 'no framework', react: 'React only', vue: 'Vue only' };

export const HOST_CASES: HostCase[] = (['none', 'react', 'vue'] as const).flatMap((framework) =>
  (['vite', 'webpack', 'esbuild'] as const).map((bundler) => {
    const [managerEntry, adapterEntry] = ENTRIES[framework][bundler];
    return {
      name: `${FRAMEWORK_LABEL[framework]} / ${bundler}`,
      framework,
      bundler,
      managerEntry,
      adapterEntry,
      written: { text: `written through ${WRITER[framework]}` },
      servesWasmFile: bundler !== 'esbuild',
    };
  }),
);

/** The key every host app writes and renders. */
export const HOST_KEY = 'hostCheck';

/**
 * Apps and bundlers where the matrix above imports a subpath: each also builds a module that
 * imports the root entry (what every legacy MFE imports), so the root is built by every
 * bundler in every app, not only where a case happens to use it.
 */
export const ROOT_ENTRY_BUILDS: Array<{ framework: Framework; bundler: Bundler; name: string }> = HOST_CASES
  .filter((c) => c.managerEntry !== ROOT)
  .map((c) => ({ framework: c.framework, bundler: c.bundler, name: c.name }));

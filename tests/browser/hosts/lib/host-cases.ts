// The matrix: which app, which bundler, and which of the package's entries the app imports.
// Apps import the subpaths (`/core` and their framework's `/react` or `/vue`): the root entry
// re-exports both frameworks' bindings, so browser bundlers must resolve both, and an app
// lacking one imports the subpaths instead (the codemod rewrites root imports to them).
// The root entry is built only in the app that has both (docs/frameworks.md). esbuild emits
// no wasm asset, so its apps take the core from `/inline`, where it is embedded.
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

const ADAPTER_ENTRY: Record<'none' | 'react' | 'vue', string | null> = { none: null, react: sub('react'), vue: sub('vue') };
const MANAGER_ENTRY: Record<Bundler, string> = { vite: sub('core'), webpack: sub('core'), esbuild: sub('inline') };

const WRITER: Record<Framework, string> = {
  none: 'manager.set',
  react: 'useGlobalState',
  vue: 'useValtioGlobalStateVue',
  both: 'useGlobalState',
};

export const FRAMEWORK_LABEL: Record<Framework, string> = { none: 'no framework', react: 'React only', vue: 'Vue only', both: 'React and Vue' };

export const HOST_CASES: HostCase[] = (['none', 'react', 'vue'] as const).flatMap((framework) =>
  (['vite', 'webpack', 'esbuild'] as const).map((bundler) => {
    const managerEntry = MANAGER_ENTRY[bundler];
    const adapterEntry = ADAPTER_ENTRY[framework];
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

/**
 * The legacy container: React and Vue installed, everything imported from the root entry
 * (a React host writing through `useGlobalState`), as MFEs did before the subpaths existed.
 * esbuild is left out: the root entry's core needs the emitted .wasm asset esbuild does not make.
 */
export const ROOT_ENTRY_CASES: HostCase[] = (['vite', 'webpack'] as const).map((bundler) => ({
  name: `${FRAMEWORK_LABEL.both}, root entry / ${bundler}`,
  framework: 'both',
  bundler,
  managerEntry: ROOT,
  adapterEntry: ROOT,
  written: { text: `written through ${WRITER.both}` },
  servesWasmFile: true,
}));

/** The key every host app writes and renders. */
export const HOST_KEY = 'hostCheck';

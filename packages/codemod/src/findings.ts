/** What the codemod reports, and the options that shape its rewrites. */
import type { Edit } from './edits.js';
import type { ParsedFile, ScriptBlock } from './source.js';

export type RuleId =
  /** `subscribe` in a React effect mirrored into `useState` by hand. */
  | 'react-subscribe-mirror'
  /** `subscribe` in Vue `onMounted` (cleaned up in `onUnmounted`) mirrored into a ref. */
  | 'vue-subscribe-mirror'
  /** A manual subscription in a component lifecycle that is not a plain mirror. */
  | 'manual-subscribe'
  /** `x instanceof ValtioStateManager / UniversalStateManager`. */
  | 'instanceof-manager'
  /** `window.__MFE_STATE__` / `__MFE_VALTIO_STATE__`: a console debug handle used as an API. */
  | 'window-debug-handle'
  /** `import … from '@mfe/universal-state'` moved to /core, /react, /vue (`--subpath-imports`). */
  | 'root-import'
  /** `import … from 'valtio'` / `'valtio/utils'` applied to getProxyStore(). */
  | 'valtio-import';

export interface Finding {
  /** Path relative to the scanned directory, with forward slashes. */
  file: string;
  line: number;
  column: number;
  rule: RuleId;
  /** What was found, in the author's terms. */
  message: string;
  /** The replacement, when the codemod can make it safely. */
  fix?: string;
  /** Why the codemod leaves it to a human (set exactly when `fix` is not). */
  reason?: string;
}

export interface CodemodOptions {
  /** React hook written for a mirror: the legacy name (default) or the Valtio-named one. */
  reactHook: 'useGlobalState' | 'useValtioGlobalState';
  reactModule: string;
  vueComposable: 'useValtioGlobalStateVue';
  vueModule: string;
  /** Move root-entry imports to the subpath entries (`--subpath-imports`). */
  subpathImports: boolean;
}

export const DEFAULT_OPTIONS: CodemodOptions = {
  reactHook: 'useGlobalState',
  reactModule: '@mfe/universal-state/react',
  vueComposable: 'useValtioGlobalStateVue',
  vueModule: '@mfe/universal-state/vue',
  subpathImports: false,
};

/** What one pattern found in one script block. */
export interface BlockResult {
  findings: Finding[];
  edits: Edit[];
  /** Names to import when the edits are applied. */
  imports: { module: string; name: string }[];
  /** Framework imports that may have lost their last use: removed if nothing refers to them. */
  maybeUnused: { module: string; names: string[] }[];
}

export interface PatternContext {
  file: ParsedFile;
  /** Relative path used in findings. */
  relPath: string;
  block: ScriptBlock;
  options: CodemodOptions;
}

export function emptyResult(): BlockResult {
  return { findings: [], edits: [], imports: [], maybeUnused: [] };
}

/** A finding at `node`'s position in the file. */
export function at(ctx: PatternContext, node: { loc?: { start: { line: number; column: number } } | null }, rest: Omit<Finding, 'file' | 'line' | 'column'>): Finding {
  const line = node.loc?.start.line ?? ctx.block.startLine;
  // Babel columns are 0-based; editors and `file:line:col` readers expect 1-based.
  return { file: ctx.relPath, line, column: (node.loc?.start.column ?? 0) + 1, ...rest };
}

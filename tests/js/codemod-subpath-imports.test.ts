// `migrate --subpath-imports`: root imports move to the entry that exports each name. The
// name lists are checked against the real exports of the entries (read by the TypeScript
// compiler, types included), so a name added to the root without a place in the codemod's
// map fails here.
import { afterEach, describe, expect, it } from 'vitest';
import ts from 'typescript';
import { join } from 'node:path';
import { CORE_ROOT_NAMES, REACT_ROOT_NAMES, VUE_ROOT_NAMES, subpathOf } from '../../packages/codemod/src/patterns/subpath-names.js';
import { cleanupTemp, readTree, repoRoot, run, tempTree } from './codemod-helpers.js';

afterEach(cleanupTemp);

const ENTRIES = { root: 'index.ts', '/core': 'core.ts', '/react': 'react/index.ts', '/vue': 'vue/index.ts' } as const;

function exportsOf(): Record<keyof typeof ENTRIES, Set<string>> {
  const files = Object.values(ENTRIES).map((f) => join(repoRoot, 'js-shim', f));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX, skipLibCheck: true, noEmit: true,
  });
  const checker = program.getTypeChecker();
  const out = {} as Record<keyof typeof ENTRIES, Set<string>>;
  for (const [entry, file] of Object.entries(ENTRIES) as [keyof typeof ENTRIES, string][]) {
    const source = program.getSourceFile(join(repoRoot, 'js-shim', file))!;
    out[entry] = new Set(checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).map((s) => s.name));
  }
  return out;
}

describe('the root-to-subpath map', () => {
  const exported = exportsOf();

  it('places every name the root exports, in an entry that exports it', () => {
    // The compiler really read the entries (types included), not an empty module.
    expect(exported.root.size).toBeGreaterThan(50);
    for (const name of ['useGlobalState', 'VueAdapter', 'StateManager', 'ValtioStateManager']) expect(exported.root.has(name)).toBe(true);
    const misplaced = [...exported.root].filter((name) => {
      const subpath = subpathOf(name);
      return subpath === null || !exported[subpath].has(name);
    });
    expect(misplaced).toEqual([]);
  });

  it('lists no name the root does not export, and a name under one entry only', () => {
    const listed = [...CORE_ROOT_NAMES, ...REACT_ROOT_NAMES, ...VUE_ROOT_NAMES];
    expect(listed.filter((n) => !exported.root.has(n))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('sends React hooks to /react, Vue names to /vue and the rest to /core', () => {
    expect(subpathOf('useGlobalState')).toBe('/react');
    expect(subpathOf('useValtioGlobalStateVue')).toBe('/vue');
    expect(subpathOf('VueAdapter')).toBe('/vue');
    expect(subpathOf('getGlobalStateManager')).toBe('/core');
    expect(subpathOf('StateManager')).toBe('/core');
  });
});

const MIXED = `import { getGlobalStateManager, useGlobalState as useShared, type StateManager } from '@mfe/universal-state';
import type { AnyStateManager } from "@mfe/universal-state";
import { useValtioGlobalStateVue } from '@mfe/universal-state';

export function use(m: StateManager, a: AnyStateManager) {
  return [getGlobalStateManager, useShared, useValtioGlobalStateVue, m, a];
}
`;

const MOVED = `import { getGlobalStateManager, type StateManager } from '@mfe/universal-state/core';
import { useGlobalState as useShared } from '@mfe/universal-state/react';
import type { AnyStateManager } from "@mfe/universal-state/core";
import { useValtioGlobalStateVue } from '@mfe/universal-state/vue';

export function use(m: StateManager, a: AnyStateManager) {
  return [getGlobalStateManager, useShared, useValtioGlobalStateVue, m, a];
}
`;

describe('migrate --subpath-imports', () => {
  it('splits root imports by the entry of each name, keeping aliases, type markers and quotes', async () => {
    const dir = await tempTree({ 'src/use.ts': MIXED });
    const res = await run(['migrate', '--write', '--subpath-imports', dir]);
    expect(res.code).toBe(0);
    expect((await readTree(dir))['src/use.ts']).toBe(MOVED);
    // Idempotent: a second run finds nothing.
    const again = await run(['migrate', '--check', '--subpath-imports', dir]);
    expect(again.code).toBe(0);
  });

  it('is off without the flag: root imports are left as they are', async () => {
    const dir = await tempTree({ 'src/use.ts': MIXED });
    expect((await run(['migrate', '--write', dir])).code).toBe(0);
    expect((await readTree(dir))['src/use.ts']).toBe(MIXED);
  });

  it('reports namespace imports, re-exports and dynamic imports of the root without touching them', async () => {
    const source = `import * as us from '@mfe/universal-state';
export { useGlobalState } from '@mfe/universal-state';
export const load = () => import('@mfe/universal-state');
export const m = us.getGlobalStateManager;
`;
    const dir = await tempTree({ 'src/a.ts': source });
    const res = await run(['migrate', '--write', '--subpath-imports', '--json', dir]);
    expect(res.code).toBe(1);
    const report = JSON.parse(res.out) as { findings: { line: number; rule: string; reason?: string }[] };
    expect(report.findings.map((f) => [f.line, f.rule, !!f.reason])).toEqual([
      [1, 'root-import', true], [2, 'root-import', true], [3, 'root-import', true],
    ]);
    expect((await readTree(dir))['src/a.ts']).toBe(source);
  });
});

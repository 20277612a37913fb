// getAdapter('react' | 'vue') without a path from the managers to a framework: the bindings
// register themselves when imported, so `/core` never makes a bundler resolve React or Vue.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { UniversalStateManager } from '../../js-shim/legacy/universal-state-manager.js';
import { StateValidationError } from '../../js-shim/errors.js';

const shim = fileURLToPath(new URL('../../js-shim', import.meta.url));
const quiet = { persistent: false, crossTab: false, devtools: false } as const;

/** Every module `/core` reaches through static and dynamic imports, and the bare specifiers it names. */
function reachableFrom(entry: string): { files: Set<string>; bare: Set<string> } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    // Comments may mention imports; only code counts.
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    // `import type` / `export type` vanish at compile time; every other import is followed.
    const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)(?!\s+type\s)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)]
      .map((m) => m[1] ?? m[2]!);
    for (const spec of specifiers) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else bare.add(spec);
    }
  };
  visit(entry);
  return { files, bare };
}

describe('getAdapter and the framework bindings', () => {
  it('/core reaches neither react nor vue, not even through a dynamic import', () => {
    const { files, bare } = reachableFrom(join(shim, 'core.ts'));
    expect(files.size).toBeGreaterThan(20);
    expect([...bare].filter((s) => /^(react|vue|@vue\/)/.test(s))).toEqual([]);
    expect([...files].some((f) => f.includes(`${shim}/react/`) || f.includes(`${shim}/vue/`))).toBe(false);
  });

  it('/react reaches react but not vue, /vue reaches vue but not react', () => {
    const react = reachableFrom(join(shim, 'react/index.ts')).bare;
    const vue = reachableFrom(join(shim, 'vue/index.ts')).bare;
    expect(react.has('react')).toBe(true);
    expect([...react].filter((s) => /^(vue|@vue\/)/.test(s))).toEqual([]);
    expect(vue.has('vue')).toBe(true);
    expect([...vue].filter((s) => /^react/.test(s))).toEqual([]);
    expect(readdirSync(join(shim, 'react')).length).toBeGreaterThan(0);
  });

  it('before the bindings are imported, getAdapter rejects naming the entry to import', async () => {
    for (const manager of [new ValtioStateManager(quiet), new UniversalStateManager(quiet)]) {
      // Settled to a small value: a resolved adapter would drag the whole manager into the report.
      const outcome = (framework: 'react' | 'vue') =>
        manager.getAdapter(framework).then(() => 'resolved', (error: unknown) => error);
      const react = await outcome('react');
      expect(react).toBeInstanceOf(StateValidationError);
      expect(String(react)).toContain("Import '@mfe/universal-state/react'");
      expect(String(await outcome('vue'))).toContain("Import '@mfe/universal-state/vue'");
      await expect(manager.getAdapter('vanilla')).resolves.toBe(manager);
      manager.destroy();
    }
  });

  it('once /react and /vue are imported, getAdapter gives their adapters bound to the manager', async () => {
    await import('../../js-shim/react/index.js');
    await import('../../js-shim/vue/index.js');
    const manager = new ValtioStateManager(quiet);
    const react = (await manager.getAdapter('react')) as { manager: unknown; useValtioStore: unknown };
    expect(react.manager).toBe(manager);
    expect(typeof react.useValtioStore).toBe('function');
    const vue = (await manager.getAdapter('vue')) as { install: unknown; manager: unknown };
    expect(typeof vue.install).toBe('function');
    const legacy = new UniversalStateManager(quiet);
    expect(((await legacy.getAdapter('react')) as { manager: unknown }).manager).toBe(legacy);
    manager.destroy();
    legacy.destroy();
  });
});

// A server or an app's unit tests with neither React nor Vue installed: every entry of the
// packed package imports in plain node; framework names are stand-ins that explain what to
// install; everything framework-free works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { installApp, packTarball, provesAbsent, runInApp } from './packed-app.js';
import { ROOT_NAMES_BY_SUBPATH } from '../../js-shim/entry-map.js';

let work = '';
let app = '';

beforeAll(() => {
  const packed = packTarball('us-no-framework-');
  work = packed.work;
  app = installApp(work, 'vanilla-app', packed.tarball);
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package in node with no framework installed', () => {
  it('the app really has neither framework (nothing above it leaks one in)', () => {
    expect(() => provesAbsent(app, ['react', 'react-dom', 'vue', '@vue/runtime-core'])).not.toThrow();
  });

  it('imports every entry; framework names throw an error naming what to install', () => {
    const out = runInApp<Record<string, unknown>>(app, 'import-all.mjs', `
      const entries = {};
      for (const path of ['@mfe/universal-state', '@mfe/universal-state/core', '@mfe/universal-state/react', '@mfe/universal-state/vue']) {
        entries[path] = Object.keys(await import(path)).sort();
      }
      const root = await import('@mfe/universal-state');
      const react = await import('@mfe/universal-state/react');
      const vue = await import('@mfe/universal-state/vue');
      const failure = (fn) => { try { fn(); return 'no error'; } catch (e) { return e.code + ': ' + e.message; } };
      console.log(JSON.stringify({
        entries,
        rootHook: failure(() => root.useGlobalState('theme')),
        reactHook: failure(() => react.useValtioGlobalState('theme')),
        vueClass: failure(() => new vue.VueAdapter({})),
        vueKey: typeof vue.VUE_ADAPTER_KEY + ':' + (vue.VUE_ADAPTER_KEY === Symbol.for('@mfe/universal-state/vue-adapter')),
      }));
    `);
    const entries = out['entries'] as Record<string, string[]>;
    const sorted = (names: readonly string[]) => [...names].sort();
    const byPath = ROOT_NAMES_BY_SUBPATH;
    expect(entries['@mfe/universal-state']).toEqual(sorted([...byPath.core.values, ...byPath.react.values, ...byPath.vue.values]));
    expect(entries['@mfe/universal-state/core']).toEqual(sorted(byPath.core.values));
    expect(entries['@mfe/universal-state/react']).toEqual(sorted(byPath.react.values));
    expect(entries['@mfe/universal-state/vue']).toEqual(sorted(byPath.vue.values));
    expect(out['rootHook']).toBe(
      "FRAMEWORK_MISSING: useGlobalState needs React, but 'react' could not be imported from @mfe/universal-state. " +
        "Install react, or import the framework-free names from '@mfe/universal-state/core'.",
    );
    expect(out['reactHook']).toContain("useValtioGlobalState needs React, but 'react' could not be imported from @mfe/universal-state/react");
    expect(out['vueClass']).toContain("VueAdapter needs Vue, but 'vue' could not be imported from @mfe/universal-state/vue. Install vue");
    expect(out['vueKey']).toBe('symbol:true');
  });

  it('the managers work through the root entry, and getAdapter says which entry to import', () => {
    const out = runInApp<Record<string, unknown>>(app, 'use-root.mjs', `
      import { getGlobalStateManager, UniversalStateManager, ValtioStateManager } from '@mfe/universal-state';
      const manager = getGlobalStateManager({ useValtio: true, initialState: { theme: 'light' } });
      manager.set('theme', 'dark');
      await manager.ready;
      const adapter = await manager.getAdapter('react').then(() => 'resolved', (e) => e.message);
      const legacy = new UniversalStateManager({ initialState: { n: 1 } });
      console.log(JSON.stringify({
        core: JSON.parse(manager.core.exportJson()), isValtio: manager instanceof ValtioStateManager,
        adapter, legacy: legacy.get('n'),
      }));
      manager.destroy(); legacy.destroy();
    `);
    expect(out).toEqual({
      core: { theme: 'dark' }, isValtio: true, legacy: 1,
      adapter: expect.stringContaining("Import '@mfe/universal-state/react'"),
    });
  });
});

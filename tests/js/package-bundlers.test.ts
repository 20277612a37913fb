// The packed package in apps with one framework or none, bundled by Vite (Rollup) and
// esbuild with default settings: `/core` must build where neither React nor Vue is installed,
// `/react` where only React is, `/vue` where only Vue is. A bundler that is made to resolve an
// absent framework fails the build (esbuild, webpack) or the import (Vite's optional-peer stub),
// so a successful build is the property. The root entry in an app with both frameworks keeps
// `getAdapter('react')` working after tree shaking. Browsers run these apps in the host-app tier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { installApp, packTarball, provesAbsent, repoVersion, runInApp } from './packed-app.js';

const frameworkOf = { react: ['react', 'react-dom'], vue: ['vue'] } as const;
const cases = [
  { name: 'vanilla', installs: [] as string[], absent: ['react', 'react-dom', 'vue'], entry: '@mfe/universal-state/core',
    code: `import { createStateManager } from '@mfe/universal-state/core';
      export const manager = createStateManager({ useValtio: true, initialState: { n: 1 } });` },
  { name: 'react-only', installs: [...frameworkOf.react], absent: ['vue'], entry: '@mfe/universal-state/react',
    code: `import { createStateManager } from '@mfe/universal-state/core';
      import { createReactAdapter, useGlobalState } from '@mfe/universal-state/react';
      export const manager = createStateManager({ useValtio: true });
      export const hooks = [createReactAdapter(manager), useGlobalState];` },
  { name: 'vue-only', installs: [...frameworkOf.vue], absent: ['react', 'react-dom'], entry: '@mfe/universal-state/vue',
    code: `import { createStateManager } from '@mfe/universal-state/core';
      import { createValtioVueAdapter, useValtioGlobalStateVue } from '@mfe/universal-state/vue';
      export const manager = createStateManager({ useValtio: true });
      export const composables = [createValtioVueAdapter(manager), useValtioGlobalStateVue];` },
];

let work = '';
let tarball = '';
const apps = new Map<string, string>();

beforeAll(() => {
  ({ work, tarball } = packTarball('us-bundlers-'));
  for (const c of [...cases, { name: 'both', installs: [...frameworkOf.react, ...frameworkOf.vue] }]) {
    const app = installApp(work, c.name, tarball, c.installs.map((p) => `${p}@${repoVersion(p)}`));
    apps.set(c.name, app);
  }
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(cases)('a $name app importing $entry', (c) => {
  it('really lacks the frameworks it should not have', () => {
    expect(() => provesAbsent(apps.get(c.name)!, c.absent)).not.toThrow();
  });

  it('builds with Vite (production, default config)', async () => {
    const app = apps.get(c.name)!;
    writeFileSync(join(app, 'main.js'), c.code);
    writeFileSync(join(app, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
    await expect(viteBuild({ root: app, configFile: false, logLevel: 'silent' })).resolves.toBeDefined();
    expect(readdirSync(join(app, 'dist/assets')).some((f) => f.endsWith('.wasm'))).toBe(true);
  });

  it('builds with esbuild (bundle, minify)', async () => {
    const app = apps.get(c.name)!;
    writeFileSync(join(app, 'main-esbuild.js'), c.code);
    const result = await esbuild({
      entryPoints: [join(app, 'main-esbuild.js')], bundle: true, minify: true, format: 'esm', platform: 'browser',
      outdir: join(app, 'out-esbuild'), logLevel: 'silent', write: true,
    });
    expect(result.errors).toEqual([]);
  });
});

describe('the root entry in node, in an app with React only', () => {
  it('gives the real React bindings and Vue stand-ins that name what to install', () => {
    const out = runInApp<Record<string, unknown>>(apps.get('react-only')!, 'root-in-node.mjs', `
      const root = await import('@mfe/universal-state');
      const react = await import('@mfe/universal-state/react');
      let vueError = 'no error';
      try { root.useValtioGlobalStateVue('x'); } catch (e) { vueError = e.message; }
      console.log(JSON.stringify({ realReact: root.useGlobalState === react.useGlobalState, vueError }));
    `);
    expect(out).toEqual({
      realReact: true,
      vueError: expect.stringContaining("useValtioGlobalStateVue needs Vue, but 'vue' could not be imported from @mfe/universal-state. Install vue"),
    });
  });
});

describe('the root entry in an app with React and Vue', () => {
  it("keeps getAdapter('react') working when the app imports only a manager function from it", async () => {
    const app = apps.get('both')!;
    // Only getGlobalStateManager is imported: the bindings must still register after tree shaking.
    writeFileSync(join(app, 'root.js'), `
      import { getGlobalStateManager } from '@mfe/universal-state';
      const manager = getGlobalStateManager({ persistent: false, crossTab: false, devtools: false });
      export const adapter = await manager.getAdapter('react').then((a) => typeof a.useGlobalState, (e) => String(e));
    `);
    await viteBuild({
      root: app, configFile: false, logLevel: 'silent',
      build: { outDir: 'dist-root', target: 'es2022', rollupOptions: { input: join(app, 'root.js'), preserveEntrySignatures: 'strict' } },
    });
    const dir = join(app, 'dist-root/assets');
    const file = readdirSync(dir).find((f) => f.startsWith('root') && f.endsWith('.js'))!;
    expect(readFileSync(join(dir, file), 'utf8')).toContain('@mfe/universal-state/adapter-factories');
    const { adapter } = (await import(pathToFileURL(join(dir, file)).href)) as { adapter: string };
    expect(adapter).toBe('function');
  });
});

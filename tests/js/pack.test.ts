// The package as users get it: `npm pack` of the built dist/, installed from the tarball
// into an empty folder (offline: only the tarball and its own dependencies), then imported
// from plain node and type-checked from a TypeScript consumer.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });

let work = '';
let app = '';
let files: string[] = [];

beforeAll(() => {
  const wasmBuilt = existsSync(join(root, 'dist/wasm/generated')) &&
    readdirSync(join(root, 'dist/wasm/generated')).some((f) => f.endsWith('.wasm'));
  // `npm test` builds before the node tier; a bare run of this file builds what is missing.
  if (!existsSync(join(root, 'dist/index.js')) || !wasmBuilt) run('bash', ['scripts/build.sh'], root);
  work = mkdtempSync(join(tmpdir(), 'us-pack-'));
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = packed[0]!.files.map((f) => f.path);
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed[0]!.filename)], app);
  return () => rmSync(work, { recursive: true, force: true });
}, 600_000);

describe('npm pack', () => {
  it('ships ESM, types and the wasm next to its loader, and nothing from the sources', () => {
    for (const path of ['dist/index.js', 'dist/index.d.ts', 'dist/core.js', 'dist/core.d.ts', 'dist/react/index.js', 'dist/vue/index.js', 'dist/wasm/load-core.js', 'package.json']) {
      expect(files).toContain(path);
    }
    expect(files.some((f) => /^dist\/wasm\/generated\/.+\.wasm$/.test(f))).toBe(true);
    expect(files.some((f) => f.startsWith('js-shim/') || f.startsWith('src/') || f.startsWith('tests/'))).toBe(false);
    for (const path of ['dist/valtio-interop/index.js', 'dist/valtio-interop/react.js']) expect(files).toContain(path);
    // The codemod is its own package now: nothing of it ships here.
    expect(files.some((f) => f.startsWith('dist/cli/') || f.startsWith('packages/'))).toBe(false);
  });

  it('installs from the tarball and works from plain node through /core', () => {
    writeFileSync(join(app, 'use-core.mjs'), `
      import { createStateManager, getGlobalStateManager, ValtioStateManager, UniversalStateManager, StateValidationError }
        from '@mfe/universal-state/core';
      const quiet = { persistent: false, crossTab: false, devtools: false };
      const ours = createStateManager({ ...quiet, useValtio: true, initialState: { theme: 'light' } });
      ours.set('user', { name: 'Ann' });
      const sync = ours.get('user');
      await ours.ready;
      const legacy = createStateManager({ ...quiet, initialState: { n: 1 } });
      let rejected = false;
      try { ours.set('bad', () => 1); } catch (e) { rejected = e instanceof StateValidationError; }
      const g = getGlobalStateManager({ ...quiet, useValtio: true });
      const out = {
        name: ours.constructor.name, sync, core: JSON.parse(ours.core.exportJson()),
        legacy: legacy.constructor.name, legacyN: legacy.get('n'), rejected,
        singleton: g === getGlobalStateManager() && g instanceof ValtioStateManager,
        isLegacy: legacy instanceof UniversalStateManager,
      };
      for (const m of [ours, legacy, g]) m.destroy();
      console.log(JSON.stringify(out));
    `);
    const out = JSON.parse(run('node', ['use-core.mjs'], app).trim().split('\n').pop()!);
    expect(out).toEqual({
      name: 'ValtioStateManager', sync: { name: 'Ann' }, core: { theme: 'light', user: { name: 'Ann' } },
      legacy: 'UniversalStateManager', legacyN: 1, rejected: true, singleton: true, isLegacy: true,
    });
  });

  it('the root entry exports every docs/api-contract.md section 2 name when the app has React and Vue', () => {
    // The frameworks are the app's own (peer dependencies): link the repo's copies.
    for (const name of ['react', 'react-dom', 'vue']) {
      if (!existsSync(join(app, 'node_modules', name))) symlinkSync(join(root, 'node_modules', name), join(app, 'node_modules', name), 'dir');
    }
    writeFileSync(join(app, 'use-root.mjs'), `
      const root = await import('@mfe/universal-state');
      console.log(JSON.stringify(Object.keys(root).sort()));
    `);
    const names = JSON.parse(run('node', ['use-root.mjs'], app).trim().split('\n').pop()!) as string[];
    const spec = [
      'UniversalStateManager', 'ValtioStateManager', 'createStateManager', 'getGlobalStateManager',
      'loggingMiddleware', 'validationMiddleware',
      'setGlobalStateManager', 'setGlobalValtioStateManagerReact', 'useGlobalState', 'useGlobalStates',
      'useGlobalStateListener', 'useMFERegistration', 'createReactAdapter', 'useValtioGlobalState',
      'useValtioGlobalStates', 'useValtioGlobalStateListener', 'useValtioMFERegistration', 'useValtioStore',
      'createValtioReactAdapter', 'VueAdapter', 'setGlobalValtioStateManagerVue', 'useValtioGlobalStateVue',
      'useValtioGlobalStatesVue', 'useValtioGlobalStateListenerVue', 'useValtioMFERegistrationVue',
      'useValtioStoreVue', 'createValtioVueAdapter',
    ];
    for (const name of spec) expect(names).toContain(name);
  });

  it('type-checks a TypeScript consumer against the shipped .d.ts files', () => {
    writeFileSync(join(app, 'consumer.ts'), `
      import { createStateManager, type StateChangeEvent, type StateMiddleware } from '@mfe/universal-state/core';
      const log: StateMiddleware = (event: StateChangeEvent, next) => { void event.key; next(); };
      const manager = createStateManager({ useValtio: true, middleware: [log] });
      const ready: Promise<void> = manager.ready;
      const n: number | undefined = manager.get<number>('n');
      manager.getProxyStore().user = { name: 'x' };
      void ready; void n;
    `);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, skipLibCheck: true, lib: ['ES2022', 'DOM'], types: [] },
      files: ['consumer.ts'],
    }));
    expect(() => run('node', [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app)).not.toThrow();
  });
});

// @vitest-environment happy-dom
// Two copies of the built package on one page, as when each MFE bundles its own: the
// managers of one pass `instanceof` of the other, both reach the same global manager, one
// copy's hooks and composables drive the other's manager, and two versions produce exactly
// one console warning naming both. Each copy is a separate module graph (its own classes and
// module-level state); they share React and Vue, as MFEs sharing the host's frameworks do.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createElement } from 'react';
import { effectScope } from 'vue';
import { mount, unmountAll, write } from './adapters-react-dom.js';
import { repoRoot, run } from './packed-app.js';

type Copy = Record<string, any>;
const quiet = { persistent: false, crossTab: false, devtools: false } as const;

let work = '';
let a: Copy;
let b: Copy;
let sameVersionAsA: Copy;
const warnings: string[] = [];

/** A copy of dist/ with its own version, where `react` and `vue` resolve to the repo's. */
async function loadCopy(name: string, version: string | null): Promise<Copy> {
  const dir = join(work, name);
  cpSync(join(repoRoot, 'dist'), join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, type: 'module' }));
  if (version !== null) writeFileSync(join(dir, 'dist/version.js'), `export const PACKAGE_VERSION = ${JSON.stringify(version)};\n`);
  return import(pathToFileURL(join(dir, 'dist/index.js')).href) as Promise<Copy>;
}

beforeAll(async () => {
  if (!existsSync(join(repoRoot, 'dist/version.js'))) run('bash', ['scripts/build.sh'], repoRoot);
  mkdirSync(join(repoRoot, 'node_modules/.cache'), { recursive: true });
  work = mkdtempSync(join(repoRoot, 'node_modules/.cache/us-two-copies-'));
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' ')));
  a = await loadCopy('copy-a', null);
  b = await loadCopy('copy-b', '1.9.0-legacy-mfe');
  sameVersionAsA = await loadCopy('copy-c', null);
}, 600_000);
afterAll(() => {
  unmountAll();
  vi.restoreAllMocks();
  rmSync(work, { recursive: true, force: true });
});

describe('two copies of the package on one page', () => {
  it('are separate module graphs (the environment this file relies on)', () => {
    expect(a['ValtioStateManager']).not.toBe(b['ValtioStateManager']);
    expect(a['useGlobalState']).not.toBe(b['useGlobalState']);
  });

  it('instanceof holds across copies, for both managers, and only for the right class', () => {
    const fromB = new b['ValtioStateManager'](quiet);
    const legacyFromB = new b['UniversalStateManager'](quiet);
    expect(fromB instanceof a['ValtioStateManager']).toBe(true);
    expect(legacyFromB instanceof a['UniversalStateManager']).toBe(true);
    expect(new a['ValtioStateManager'](quiet) instanceof b['ValtioStateManager']).toBe(true);
    expect(fromB instanceof a['UniversalStateManager']).toBe(false);
    expect(legacyFromB instanceof a['ValtioStateManager']).toBe(false);
    expect({} instanceof a['ValtioStateManager']).toBe(false);
    // An app's own subclass keeps the ordinary meaning.
    class Audited extends a['ValtioStateManager'] {}
    expect(new Audited(quiet) instanceof a['ValtioStateManager']).toBe(true);
    expect(fromB instanceof Audited).toBe(false);
    expect(fromB.constructor.name).toBe('ValtioStateManager');
  });

  it('getGlobalStateManager returns the one manager whichever copy asks', () => {
    const container = a['getGlobalStateManager']({ ...quiet, useValtio: true, initialState: { n: 1 } });
    const before = warnings.length;
    expect(b['getGlobalStateManager']({ useValtio: true })).toBe(container);
    expect(sameVersionAsA['getGlobalStateManager']()).toBe(container);
    expect(warnings.length).toBe(before); // the kinds agree across copies: no "already exists" warning
  });

  it("one copy's React hooks and Vue composables work with the other copy's manager", async () => {
    const manager = new b['ValtioStateManager']({ ...quiet, initialState: { count: 1 } });
    a['setGlobalValtioStateManagerReact'](manager);
    const { useGlobalState } = a['createReactAdapter'](manager);
    function Counter() {
      const [count] = a['useValtioGlobalState']('count');
      const [same] = useGlobalState('count');
      return createElement('p', null, `${count}/${same}`);
    }
    const { el } = mount(createElement(Counter));
    expect(el.textContent).toBe('1/1');
    await write(manager, () => manager.set('count', 2));
    expect(el.textContent).toBe('2/2');

    a['setGlobalValtioStateManagerVue'](manager);
    const scope = effectScope();
    const count = scope.run(() => a['useValtioGlobalStateVue']('count'))!;
    count.setValue(3);
    await manager.ready;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(manager.get('count')).toBe(3);
    expect(count.value.value).toBe(3);
    expect(el.textContent).toBe('3/3');
    scope.stop();
    expect(await manager.getAdapter('vue').then((adapter: { manager: unknown }) => adapter.manager)).toBe(manager);
  });

  it('two versions give exactly one console warning, naming both', () => {
    const versionWarnings = warnings.filter((w) => w.includes('versions of @mfe/universal-state'));
    expect(versionWarnings).toHaveLength(1);
    expect(versionWarnings[0]).toContain('2.0.0');
    expect(versionWarnings[0]).toContain('1.9.0-legacy-mfe');
  });
});

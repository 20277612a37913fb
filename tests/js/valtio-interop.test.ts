// @vitest-environment happy-dom
// `@mfe/universal-state/valtio`: valtio's subscribe / snapshot / subscribeKey / watch and
// React's useSnapshot on getProxyStore(), with valtio's semantics, on a manager from this
// copy of the package and from another copy (a second module instance, as a second MFE
// bundle would carry).
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createElement } from 'react';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { snapshot, subscribe, subscribeKey, watch, type Op } from '../../js-shim/valtio-interop/index.js';
import { useSnapshot } from '../../js-shim/valtio-interop/react.js';
import { ChannelHub } from './fakes/channel-fakes.js';
import { mount, unmountAll, write } from './adapters-react-dom.js';

// Another copy of the package: the built dist/ (its own module graph, as a second MFE bundle
// would carry), while the functions under test come from the sources. `npm test` builds
// dist/ before this tier; a bare run of this file builds it.
const root = process.cwd(); // vitest runs from the repository root (its config's root)
if (!existsSync(join(root, 'dist/core.js'))) execFileSync('bash', ['scripts/build.sh'], { cwd: root, stdio: 'ignore' });
const otherCopy = (await import(pathToFileURL(join(root, 'dist/core.js')).href)) as {
  ValtioStateManager: typeof ValtioStateManager;
};

const managers: ValtioStateManager[] = [];
afterEach(() => {
  unmountAll();
  for (const m of managers.splice(0)) m.destroy();
});
const OPTS = { persistent: false, crossTab: false, devtools: false, onError: () => {} } as const;
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe.each([
  { copy: 'this copy', Manager: ValtioStateManager, separate: false },
  { copy: 'another copy of the package', Manager: otherCopy.ValtioStateManager, separate: true },
])('on a manager from $copy', ({ Manager, separate }) => {
  const create = (initialState: Record<string, unknown> = {}, extra: object = {}) => {
    const m = new Manager({ ...OPTS, initialState, ...extra }) as ValtioStateManager;
    managers.push(m);
    return m;
  };

  it(separate ? 'the manager class is really another module instance' : 'the manager class is this copy\'s', () => {
    expect(Manager !== ValtioStateManager).toBe(separate);
  });

  it('subscribe hears a set and a nested proxy write, batched into one call per task', async () => {
    const m = create({ theme: 'light', user: { name: 'Ann' } });
    const store = m.getProxyStore();
    const calls: Op[][] = [];
    subscribe(store, (ops) => calls.push(ops));
    m.set('theme', 'dark');
    store.user.name = 'Bob';
    expect(calls).toEqual([]);
    await Promise.resolve();
    expect(calls).toEqual([[
      ['set', ['theme'], 'dark', 'light'],
      ['set', ['user'], { name: 'Bob' }, { name: 'Ann' }],
    ]]);
  });

  it('subscribe with notifyInSync calls inside the write; unsubscribe stops it', () => {
    const m = create({ n: 0 });
    const seen: Op[][] = [];
    const stop = subscribe(m.getProxyStore(), (ops) => seen.push(ops), true);
    m.set('n', 1);
    expect(seen).toEqual([[['set', ['n'], 1, 0]]]);
    m.delete('n');
    expect(seen[1]).toEqual([['delete', ['n'], 1]]);
    stop();
    m.set('n', 2);
    expect(seen).toHaveLength(2);
  });

  it('subscribe on an object inside the store hears its own changes only', async () => {
    const m = create({ user: { name: 'Ann', age: 1 }, other: 1 });
    const store = m.getProxyStore();
    const seen: Op[][] = [];
    subscribe(store.user, (ops) => seen.push(ops));
    m.set('other', 2);
    store.user.age = 2;
    await tick();
    expect(seen).toEqual([[['set', [], { name: 'Ann', age: 2 }, { name: 'Ann', age: 1 }]]]);
  });

  it('subscribe hears a write from another tab', async () => {
    const hub = new ChannelHub();
    const a = create({}, { crossTab: true, channelFactory: hub.factory });
    const b = create({}, { crossTab: true, channelFactory: hub.factory });
    await Promise.all([a.ready, b.ready]);
    const seen: Op[][] = [];
    subscribe(b.getProxyStore(), (ops) => seen.push(ops));
    a.getProxyStore().cart = { items: [1] };
    a.flush();
    await hub.settle();
    await tick();
    expect(seen.flat()).toContainEqual(['set', ['cart'], { items: [1] }, undefined]);
    expect(snapshot(b.getProxyStore())).toEqual({ cart: { items: [1] } });
  });

  it('snapshot equals getSnapshot(), is deeply frozen, and shares unchanged subtrees', () => {
    const m = create({ user: { name: 'Ann' }, settings: { dark: false, sizes: [1, 2] } });
    const store = m.getProxyStore();
    const before = snapshot(store);
    expect(before).toBe(m.getSnapshot());
    expect(Object.isFrozen(before)).toBe(true);
    expect(Object.isFrozen((before as any).settings.sizes)).toBe(true);
    store.user.name = 'Bob';
    const after = snapshot(store) as any;
    expect(after).not.toBe(before);
    expect(after.settings).toBe((before as any).settings);
    expect(after.user).toEqual({ name: 'Bob' });
    expect(snapshot(store.settings)).toBe(after.settings);
  });

  it('subscribeKey calls back with the member when it changes, not for siblings', async () => {
    const m = create({ theme: 'light', user: { name: 'Ann', age: 1 } });
    const store = m.getProxyStore();
    const themes: unknown[] = [];
    const names: unknown[] = [];
    subscribeKey(store, 'theme', (t) => themes.push(t));
    subscribeKey(store.user, 'name', (n) => names.push(n), true);
    store.user.age = 2;
    m.set('theme', 'dark');
    store.user.name = 'Bob';
    expect(names).toEqual(['Bob']);
    await tick();
    expect(themes).toEqual(['dark']);
  });

  it('watch runs now and again after a change to a store it read, cleaning up between runs', async () => {
    const m = create({ count: 1 });
    const runs: unknown[] = [];
    let cleanups = 0;
    const stop = watch((get) => {
      runs.push(get(m.getProxyStore()).count);
      return () => void cleanups++;
    });
    expect(runs).toEqual([1]);
    m.set('count', 2);
    await tick();
    expect(runs).toEqual([1, 2]);
    expect(cleanups).toBe(1);
    stop();
    expect(cleanups).toBe(2);
    m.set('count', 3);
    await tick();
    expect(runs).toEqual([1, 2]);
  });

  it('useSnapshot re-renders for a path the render read, not for a sibling', async () => {
    const m = create({ user: { name: 'Ann', age: 1 }, theme: 'light' });
    const store = m.getProxyStore();
    let renders = 0;
    function Name() {
      renders++;
      const snap = useSnapshot(store);
      return createElement('span', null, snap.user.name);
    }
    const { el } = mount(createElement(Name));
    expect(el.textContent).toBe('Ann');
    const first = renders;
    await write(m, () => (store.user.age = 2));
    await write(m, () => m.set('theme', 'dark'));
    expect(renders).toBe(first);
    await write(m, () => (store.user.name = 'Bob'));
    expect(el.textContent).toBe('Bob');
    expect(renders).toBe(first + 1);
  });
});

describe('what is not the store', () => {
  it('is refused with a message that says what is expected', () => {
    expect(() => snapshot({})).toThrow(/getProxyStore\(\)/);
    expect(() => subscribe({ a: 1 }, () => {})).toThrow(TypeError);
  });
});

describe('the /valtio entry', () => {
  it('imports no framework: only the /valtio/react entry reaches react', async () => {
    const { readFile } = await import('node:fs/promises');
    const { dirname, resolve } = await import('node:path');
    const bare = async (entry: string): Promise<Set<string>> => {
      const found = new Set<string>();
      const seen = new Set<string>();
      const visit = async (file: string): Promise<void> => {
        if (seen.has(file)) return;
        seen.add(file);
        const text = await readFile(file, 'utf8');
        for (const [, spec] of text.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'/g)) {
          if (spec!.startsWith('.')) await visit(resolve(dirname(file), spec!.replace(/\.js$/, '.ts')));
          else found.add(spec!);
        }
      };
      // vitest runs from the repository root (its config's root).
      await visit(resolve(process.cwd(), 'js-shim/valtio-interop', entry));
      return found;
    };
    expect([...(await bare('index.ts'))]).toEqual([]);
    expect([...(await bare('react.ts'))].sort()).toEqual(['proxy-compare', 'react']);
  });
});

// @vitest-environment happy-dom
// React hooks rendered with react-dom in happy-dom, over both managers. The browser tier
// (tests/browser/adapters) covers real Chromium, tabs and typing; this file pins the hook
// semantics quickly.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createElement, StrictMode, act, useState, type ReactNode } from 'react';
import {
  createReactAdapter, setGlobalStateManager, setGlobalValtioStateManagerReact, useGlobalPath, useGlobalState,
  useGlobalStateListener, useGlobalStates, useMFERegistration, useValtioGlobalState, useValtioStore,
} from '../../js-shim/react/index.js';
import { managers as implementations, settle, type TestManager } from './adapters-managers.js';
import { mount, unmountAll, write } from './adapters-react-dom.js';


afterEach(() => {
  unmountAll();
  document.body.innerHTML = '';
  setGlobalStateManager(null);
  setGlobalValtioStateManagerReact(null);
});

describe('before a manager is set', () => {
  it('throws an error naming the setter', () => {
    function Legacy() {
      useGlobalState('x');
      return null;
    }
    function Valtio() {
      useValtioGlobalState('x');
      return null;
    }
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(() => mount(createElement(Legacy))).toThrow(/setGlobalStateManager\(manager\)/);
      expect(() => mount(createElement(Valtio))).toThrow(/setGlobalValtioStateManagerReact\(manager\)/);
    } finally {
      console.error = quiet;
    }
  });
});

describe.each(implementations)('React hooks on $name', ({ create }) => {
  let manager: TestManager;
  beforeEach(async () => {
    manager = create({ initialState: { count: 1, user: { profile: { name: 'Ann', age: 30 }, tags: ['a'] } } });
    await settle(manager);
    setGlobalStateManager(manager);
    setGlobalValtioStateManagerReact(manager);
  });
  afterEach(() => manager.destroy());

  it('useGlobalState: initial value, setter, update from another root, cleanup', async () => {
    const baseline = manager.listenerCount();
    let setCount: (n: number | ((n: number | undefined) => number)) => void = () => {};
    function A() {
      const [count, set] = useGlobalState<number>('count');
      setCount = set as typeof setCount;
      return createElement('span', null, String(count));
    }
    function B() {
      const [count] = useValtioGlobalState<number>('count');
      return createElement('span', null, String(count));
    }
    const a = mount(createElement(A));
    const b = mount(createElement(B));
    expect(a.el.textContent).toBe('1');
    await write(manager, () => setCount((n) => (n ?? 0) + 1));
    expect(manager.get('count')).toBe(2);
    expect(a.el.textContent).toBe('2');
    expect(b.el.textContent).toBe('2');
    await write(manager, () => manager.set('count', 7, 'elsewhere'));
    expect(a.el.textContent).toBe('7');
    expect(b.el.textContent).toBe('7');
    expect(manager.listenerCount()).toBeGreaterThan(baseline);
    act(() => a.root.unmount());
    act(() => b.root.unmount());
    expect(manager.listenerCount()).toBe(baseline);
  });

  it('useGlobalPath writes a nested path and re-renders its readers', async () => {
    let setName: (v: string) => void = () => {};
    function Name() {
      const [name, set] = useGlobalPath<string>('user', ['profile', 'name']);
      setName = set;
      return createElement('b', null, name);
    }
    const { el } = mount(createElement(Name));
    expect(el.textContent).toBe('Ann');
    await write(manager, () => setName('Bob'));
    expect(el.textContent).toBe('Bob');
    expect(manager.get('user')).toEqual({ profile: { name: 'Bob', age: 30 }, tags: ['a'] });
  });

  it('a path setter creates missing parents; createReactAdapter binds the hooks to one manager', async () => {
    const adapter = createReactAdapter(manager);
    let setLang: (v: string) => void = () => {};
    function Lang() {
      const [lang, set] = adapter.useValtioGlobalPath<string>('settings', ['ui', 'lang'], { sync: true });
      setLang = set;
      return createElement('b', null, lang ?? '-');
    }
    setGlobalStateManager(null);
    setGlobalValtioStateManagerReact(null);
    const { el } = mount(createElement(Lang));
    expect(el.textContent).toBe('-');
    await write(manager, () => setLang('fi'));
    expect(manager.get('settings')).toEqual({ ui: { lang: 'fi' } });
    expect(el.textContent).toBe('fi');
  });

  it('useValtioStore renders fresh data when a prop change makes it read another path', async () => {
    let show: (i: number) => void = () => {};
    function Row({ i }: { i: number }) {
      const snap = useValtioStore<{ rows: number[] }>();
      return createElement('span', null, String(snap.rows[i]));
    }
    function Parent() {
      const [i, setI] = useState(0);
      show = setI;
      return createElement(Row, { i });
    }
    await write(manager, () => manager.set('rows', [10, 20]));
    const { el } = mount(createElement(Parent));
    expect(el.textContent).toBe('10');
    await write(manager, () => manager.set('rows', [10, 21])); // not read: no re-render
    expect(el.textContent).toBe('10');
    act(() => show(1));
    expect(el.textContent).toBe('21');
  });

  it('useGlobalStates gives one object and a setter of several keys', async () => {
    let setMany: (v: Record<string, unknown>) => void = () => {};
    const seen: unknown[] = [];
    function Many() {
      const [values, set] = useGlobalStates(['count', 'theme']);
      setMany = set;
      seen.push(values);
      return createElement('i', null, `${String(values.count)}/${String(values.theme)}`);
    }
    const { el } = mount(createElement(Many));
    expect(el.textContent).toBe('1/undefined');
    await write(manager, () => setMany({ count: 2, theme: 'dark' }));
    expect(el.textContent).toBe('2/dark');
    expect(manager.get('theme')).toBe('dark');
  });

  it('useGlobalStateListener hears every change and detaches on unmount', async () => {
    const baseline = manager.listenerCount();
    const heard: Array<[string, unknown]> = [];
    function Listen() {
      useGlobalStateListener((key, value) => heard.push([key, value]));
      return null;
    }
    const { root } = mount(createElement(Listen));
    await write(manager, () => manager.set('a', 1));
    expect(heard).toContainEqual(['a', 1]);
    act(() => root.unmount());
    expect(manager.listenerCount()).toBe(baseline);
  });

  it('useValtioStore re-renders only the components whose nested path changed', async () => {
    await write(manager, () => manager.set('grid', { rows: Array.from({ length: 10 }, (_, i) => ({ v: i })) }));
    const renders = new Array(10).fill(0);
    function Cell({ i }: { i: number }) {
      const snap = useValtioStore<{ grid: { rows: Array<{ v: number }> } }>();
      renders[i]++;
      return createElement('span', null, String(snap.grid.rows[i]!.v));
    }
    const baseline = manager.listenerCount();
    const { el, root } = mount(createElement('div', null, ...Array.from({ length: 10 }, (_, i) => createElement(Cell, { i, key: i }))));
    expect(el.textContent).toBe('0123456789');
    renders.fill(0);
    const grid = manager.get<{ rows: Array<{ v: number }> }>('grid')!;
    await write(manager, () => manager.set('grid', { rows: grid.rows.map((r, i) => (i === 3 ? { v: 33 } : r)) }));
    expect(el.textContent).toBe('01233456789');
    expect(renders).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    await write(manager, () => manager.set('unrelated', 1));
    expect(renders).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    act(() => root.unmount());
    expect(manager.listenerCount()).toBe(baseline);
  });

  it('useValtioStore: reading the key set follows added and removed keys, a missing key its creation', async () => {
    let keyRenders = 0;
    function Keys() {
      const snap = useValtioStore();
      keyRenders++;
      return createElement('i', null, Object.keys(snap).filter((k) => k.startsWith('x')).join(','));
    }
    function Later() {
      const snap = useValtioStore<{ later?: { n: number } }>();
      return createElement('b', null, String(snap.later?.n ?? '-'));
    }
    const keys = mount(createElement(Keys));
    const later = mount(createElement(Later));
    expect(later.el.textContent).toBe('-');
    await write(manager, () => manager.set('x1', 1));
    expect(keys.el.textContent).toBe('x1');
    const before = keyRenders;
    await write(manager, () => manager.set('x1', 2)); // same key set: no re-render
    expect(keyRenders).toBe(before);
    await write(manager, () => manager.delete('x1'));
    expect(keys.el.textContent).toBe('');
    await write(manager, () => manager.set('later', { n: 5 }));
    expect(later.el.textContent).toBe('5');
  });

  it('StrictMode double mount registers the MFE once and keeps its namespace', async () => {
    function Mfe({ children }: { children?: ReactNode }) {
      useMFERegistration('cart', { version: '1.0.0' });
      return createElement('div', null, children);
    }
    const events: string[] = [];
    const stop = manager.subscribeAll((e) => events.push(`${e.key}=${String(e.value)}`));
    manager.set('mfe:cart:items', 3);
    const { root } = mount(createElement(StrictMode, null, createElement(Mfe)));
    await settle(manager);
    expect(manager.get('mfe:cart:registered')).toBe(true);
    expect(manager.get('mfe:cart:items')).toBe(3);
    act(() => root.unmount());
    await settle(manager);
    expect(manager.get('mfe:cart:registered')).toBeUndefined();
    expect(manager.get('mfe:cart:items')).toBeUndefined();
    stop();
    expect(events.filter((e) => e === 'mfe:cart:registered=true')).toHaveLength(1);
  });
});

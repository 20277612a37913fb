// @vitest-environment happy-dom
// useSelector and useWatchPath (docs/api-contract.md section 4) rendered with react-dom in happy-dom, over both
// managers. Every count here is of real renders and real selector runs; the browser tier
// (tests/browser/adapters/selectors.test.ts) repeats the render counts in Chromium.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createElement, StrictMode, act, useCallback, useState } from 'react';
import {
  createReactAdapter, setGlobalStateManager, setGlobalValtioStateManagerReact, useSelector, useValtioGlobalPath, useValtioStore, useWatchPath,
} from '../../js-shim/react/index.js';
import { writeAt } from '../../js-shim/adapters-shared/paths.js';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { managers, settle, type TestManager } from './adapters-managers.js';
import { mount, unmountAll, write } from './adapters-react-dom.js';


/** Calls `fn` with React's console.error silenced (an expected render error). */
function quietly(fn: () => void): void {
  const original = console.error;
  console.error = () => {};
  try {
    fn();
  } finally {
    console.error = original;
  }
}

type State = { user: { profile: { name: string; age: number } }; theme: string; rows: string[] };
const initialState = { user: { profile: { name: 'Ann', age: 30 } }, theme: 'light', rows: ['r0', 'r1'] };

afterEach(() => {
  unmountAll();
  document.body.innerHTML = '';
  setGlobalStateManager(null);
  setGlobalValtioStateManagerReact(null);
});

describe('before a manager is set', () => {
  it('a selector function names both setters; a selector object needs no manager', async () => {
    function Fn() {
      useSelector((s) => s.theme);
      return null;
    }
    quietly(() => expect(() => mount(createElement(Fn))).toThrow(/setGlobalValtioStateManagerReact\(manager\) or setGlobalStateManager\(manager\)/));
    const manager = new ValtioStateManager({ persistent: false, crossTab: false, devtools: false, initialState });
    await settle(manager);
    const theme = manager.createSelector((s) => s.theme as string);
    function FromObject() {
      return createElement('i', null, useSelector(theme));
    }
    const { el } = mount(createElement(FromObject));
    expect(el.textContent).toBe('light');
    manager.destroy();
  });
});

describe.each(managers)('useSelector / useWatchPath on $name', ({ create }) => {
  let manager: TestManager;
  beforeEach(async () => {
    manager = create({ initialState: structuredClone(initialState) });
    await settle(manager);
    setGlobalValtioStateManagerReact(manager);
  });
  afterEach(() => manager.destroy());

  it('a selector function re-renders and re-runs only when the selected value changes', async () => {
    const baseline = manager.listenerCount();
    let renders = 0;
    let runs = 0;
    const selectName = (s: Readonly<Record<string, any>>) => {
      runs++;
      return (s as State).user.profile.name;
    };
    function Name() {
      renders++;
      return createElement('b', null, useSelector(selectName));
    }
    const { root, el } = mount(createElement(Name));
    expect(el.textContent).toBe('Ann');
    expect(manager.listenerCount()).toBeGreaterThan(baseline);
    const [rendersAtMount, runsAtMount] = [renders, runs];

    await write(manager, () => manager.set('theme', 'dark')); // another key
    await write(manager, () => writeAt(manager, 'user', ['profile', 'age'], 31, 'test')); // sibling path, same key
    expect([renders, runs]).toEqual([rendersAtMount, runsAtMount]);

    await write(manager, () => writeAt(manager, 'user', ['profile', 'name'], 'Bob', 'test'));
    expect(el.textContent).toBe('Bob');
    expect([renders - rendersAtMount, runs - runsAtMount]).toEqual([1, 1]);

    // An equal value written again (the whole key, as a new object) is not a change.
    await write(manager, () => manager.set('user', { profile: { name: 'Bob', age: 31 } }));
    expect(renders - rendersAtMount).toBe(1);

    act(() => root.unmount());
    expect(manager.listenerCount()).toBe(baseline);
  });

  it('an inline function is one subscription across renders and sees new props', async () => {
    const baseline = manager.listenerCount();
    let renders = 0;
    let show: (i: number) => void = () => {};
    function Row({ i }: { i: number }) {
      renders++;
      const row = useSelector((s) => (s as State).rows[i]);
      return createElement('span', null, row);
    }
    function Parent() {
      const [i, setI] = useState(0);
      show = setI;
      return createElement(Row, { i });
    }
    const { root, el } = mount(createElement(Parent));
    expect(el.textContent).toBe('r0');
    const held = manager.listenerCount();
    act(() => show(1)); // a new closure over a new prop: read at once, no stale value
    expect(el.textContent).toBe('r1');
    expect(manager.listenerCount()).toBe(held);
    const before = renders;
    await write(manager, () => manager.set('theme', 'dark'));
    expect(renders).toBe(before);
    await write(manager, () => manager.set('rows', ['r0', 'R1']));
    expect(el.textContent).toBe('R1');
    act(() => root.unmount());
    expect(manager.listenerCount()).toBe(baseline);
  });

  it('a render inside the writing task (another hook\'s setter) sees the new selection, not an older one', async () => {
    const pairs: string[] = [];
    let setName: (v: string) => void = () => {};
    const selectName = (s: Readonly<Record<string, any>>) => (s as State).user.profile.name;
    function Both() {
      const [name, set] = useValtioGlobalPath<string>('user', ['profile', 'name']);
      setName = set as (v: string) => void;
      const selected = useSelector(selectName);
      pairs.push(`${name}|${selected}`);
      return createElement('b', null, selected);
    }
    const { el } = mount(createElement(Both));
    await write(manager, () => setName('Bob'));
    expect(el.textContent).toBe('Bob');
    expect(pairs.filter((p) => p.split('|')[0] !== p.split('|')[1])).toEqual([]);
  });

  it('a function reading the key set follows added and removed keys', async () => {
    const baseline = manager.listenerCount();
    function KeyCount() {
      return createElement('i', null, String(useSelector((s) => Object.keys(s).length)));
    }
    const { root, el } = mount(createElement(KeyCount));
    expect(el.textContent).toBe('3');
    await write(manager, () => manager.set('extra', 1));
    expect(el.textContent).toBe('4');
    await write(manager, () => manager.delete('theme'));
    expect(el.textContent).toBe('3');
    act(() => root.unmount());
    expect(manager.listenerCount()).toBe(baseline);
  });

  it('useSelector and useValtioStore follow a legacy-style change in place then set', async () => {
    // Separate components: neither may re-render only because the other did.
    function FromStore() {
      return createElement('b', null, useValtioStore<State>().user.profile.name);
    }
    function FromSelector() {
      return createElement('b', null, useSelector((s) => (s as State).user.profile.name));
    }
    const { el } = mount(createElement('div', null, createElement(FromStore), '|', createElement(FromSelector)));
    const user = manager.get<State['user']>('user')!;
    user.profile.name = 'Zed'; // what legacy MFE code does with a value it read
    await write(manager, () => manager.set('user', user));
    expect(el.textContent).toBe('Zed|Zed');
  });

  it('equality keeps a derived object while its parts are equal', async () => {
    let renders = 0;
    const shallow = (a: Record<string, unknown>, b: Record<string, unknown>) =>
      Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => Object.is(a[k], b[k]));
    function Card() {
      renders++;
      const pick = useCallback((s: Readonly<Record<string, any>>) => ({ name: (s as State).user.profile.name, theme: (s as State).theme }), []);
      const { name, theme } = useSelector(pick, shallow);
      return createElement('p', null, `${name}/${theme}`);
    }
    const { el } = mount(createElement(Card));
    const atMount = renders;
    // A new user object with the same name: the selector re-runs on the legacy manager or
    // when identity changes, but the result is equal, so nothing renders.
    await write(manager, () => manager.set('user', { profile: { name: 'Ann', age: 99 } }));
    expect(renders).toBe(atMount);
    await write(manager, () => manager.set('theme', 'dark'));
    expect(el.textContent).toBe('Ann/dark');
    expect(renders).toBe(atMount + 1);
  });

  it('useWatchPath fires once per real change, never for equal writes or siblings, and stops on unmount', async () => {
    const baseline = manager.listenerCount();
    const calls: unknown[][] = [];
    function Watcher() {
      useWatchPath<string>('user.profile.name', (value, previous) => calls.push([value, previous]));
      return null;
    }
    const { root } = mount(createElement(StrictMode, null, createElement(Watcher)));
    await write(manager, () => writeAt(manager, 'user', ['profile', 'age'], 31, 'test'));
    await write(manager, () => manager.set('theme', 'dark'));
    await write(manager, () => manager.set('user', { profile: { name: 'Ann', age: 31 } })); // equal value
    expect(calls).toEqual([]);
    await write(manager, () => writeAt(manager, 'user', ['profile', 'name'], 'Bob', 'test'));
    expect(calls).toEqual([['Bob', 'Ann']]);
    await write(manager, () => manager.delete('user'));
    expect(calls).toEqual([['Bob', 'Ann'], [undefined, 'Bob']]);
    act(() => root.unmount());
    expect(manager.listenerCount()).toBe(baseline);
    await write(manager, () => manager.set('user', { profile: { name: 'Cy', age: 1 } }));
    expect(calls).toHaveLength(2);
  });

  it('useWatchPath calls the latest callback without resubscribing; a watched object compares by value', async () => {
    const seen: string[] = [];
    let setTag: (t: string) => void = () => {};
    function Watcher() {
      const [tag, set] = useState('a');
      setTag = set;
      useWatchPath(['user', 'profile'], () => seen.push(tag));
      return null;
    }
    mount(createElement(Watcher));
    const held = manager.listenerCount();
    act(() => setTag('b'));
    expect(manager.listenerCount()).toBe(held);
    await write(manager, () => manager.set('user', { profile: { name: 'Ann', age: 30 } })); // equal object
    expect(seen).toEqual([]);
    await write(manager, () => writeAt(manager, 'user', ['profile', 'age'], 40, 'test'));
    expect(seen).toEqual(['b']);
  });

  it('a malformed path fails in render with BAD_PATH; createReactAdapter binds both hooks', async () => {
    function Bad() {
      useWatchPath('user..name', () => {});
      return null;
    }
    quietly(() => expect(() => mount(createElement(Bad))).toThrow(/watchPath expects/));
    const adapter = createReactAdapter(manager);
    setGlobalValtioStateManagerReact(null);
    const heard: unknown[] = [];
    function Bound() {
      adapter.useWatchPath('theme', (v) => heard.push(v));
      return createElement('i', null, adapter.useSelector((s) => s.theme as string));
    }
    const { el } = mount(createElement(Bound));
    await write(manager, () => manager.set('theme', 'dark'));
    expect(el.textContent).toBe('dark');
    expect(heard).toEqual(['dark']);
  });
});

describe('useSelector over manager.createSelector (new manager)', () => {
  it('renders from the selector, re-runs it only for what it read, releases it on unmount', async () => {
    const manager = new ValtioStateManager({ persistent: false, crossTab: false, devtools: false, initialState });
    await settle(manager);
    setGlobalValtioStateManagerReact(manager);
    const name = manager.createSelector((s) => (s as State).user.profile.name);
    let renders = 0;
    function Name() {
      renders++;
      return createElement('b', null, useSelector(name));
    }
    const { root, el } = mount(createElement(Name));
    const [rendersAtMount, runsAtMount] = [renders, name.recomputations];
    await write(manager, () => manager.set('theme', 'dark'));
    await write(manager, () => manager.writePath('user', ['profile', 'age'], 31, 'test'));
    expect([renders, name.recomputations]).toEqual([rendersAtMount, runsAtMount]);
    await write(manager, () => manager.writePath('user', ['profile', 'name'], 'Bob', 'test'));
    expect(el.textContent).toBe('Bob');
    expect([renders - rendersAtMount, name.recomputations - runsAtMount]).toEqual([1, 1]);
    act(() => root.unmount());
    // Unsubscribed: nothing evaluates the selector at the end of the next task any more.
    await write(manager, () => manager.writePath('user', ['profile', 'name'], 'Cy', 'test'));
    expect(name.recomputations - runsAtMount).toBe(1);
    manager.destroy();
  });
});

// getProxyStore(): reads give current values, writes at any depth are writes like set.
import { afterEach, describe, expect, it } from 'vitest';
import { createLoaded, recorder, settle } from './helpers.js';
import type { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';
import type { StateChangeEvent } from '../../../js-shim/types.js';
import { StateValidationError } from '../../../js-shim/errors.js';

describe('ValtioStateManager: proxy store', () => {
  let manager: ValtioStateManager;
  afterEach(() => manager?.destroy());

  const coreState = async () => {
    await settle(manager);
    return JSON.parse(manager.core!.exportJson());
  };

  it('reads current values, nested, and follows later writes through a kept proxy', async () => {
    manager = await createLoaded({ initialState: { user: { name: 'Ann', profile: { age: 3 } }, n: 1 } });
    const store = manager.getProxyStore();
    const user = store.user;
    expect(store.n).toBe(1);
    expect(user.name).toBe('Ann');
    expect(user.profile.age).toBe(3);
    manager.set('user', { name: 'Bob', profile: { age: 4 } });
    expect(user.name).toBe('Bob');
    expect(Object.keys(store)).toEqual(['user', 'n']);
    expect(store.user).toBe(store.user); // stable until the value changes
    expect(store.user.profile).toBe(store.user.profile);
    expect('user' in store).toBe(true);
    expect(JSON.parse(JSON.stringify(store))).toEqual({ user: { name: 'Bob', profile: { age: 4 } }, n: 1 });
  });

  it('a top-level assignment is a set: listeners, event, core', async () => {
    manager = await createLoaded();
    const events = recorder<[StateChangeEvent]>();
    manager.subscribeAll(events);
    manager.getProxyStore().theme = 'dark';
    expect(manager.get('theme')).toBe('dark');
    expect(events.calls[0]![0]).toMatchObject({ key: 'theme', value: 'dark', source: 'proxy' });
    expect(await coreState()).toEqual({ theme: 'dark' });
  });

  it('a nested assignment notifies key listeners with the whole new value and keeps siblings shared', async () => {
    manager = await createLoaded({ initialState: { user: { name: 'Ann', profile: { age: 3 }, prefs: { dark: true } } } });
    const before = manager.get<{ prefs: object; profile: object }>('user')!;
    const listener = recorder<[unknown, StateChangeEvent]>();
    manager.subscribe('user', listener);
    listener.calls.length = 0;
    manager.getProxyStore().user.profile.age = 4;
    const after = manager.get<{ prefs: object; profile: { age: number } }>('user')!;
    expect(after.profile.age).toBe(4);
    expect(after.prefs).toBe(before.prefs);
    expect(listener.calls).toHaveLength(1);
    expect(listener.calls[0]![1]).toMatchObject({ key: 'user', previousValue: before, value: after });
    expect(await coreState()).toEqual({ user: { name: 'Ann', profile: { age: 4 }, prefs: { dark: true } } });
  });

  it('assigning the value already there changes nothing and notifies nobody', async () => {
    manager = await createLoaded({ initialState: { user: { name: 'Ann', tags: ['a'] } } });
    const before = manager.get('user');
    const events = recorder<[StateChangeEvent]>();
    manager.subscribeAll(events);
    const store = manager.getProxyStore();
    store.user.name = 'Ann';
    store.user.tags = ['a'];
    expect(manager.get('user')).toBe(before);
    expect(events.calls).toHaveLength(0);
  });

  it('delete at any depth removes the member; delete at the top removes the key', async () => {
    manager = await createLoaded({ initialState: { user: { name: 'Ann', age: 3 }, other: 1 } });
    const store = manager.getProxyStore();
    delete store.user.age;
    expect(manager.get('user')).toEqual({ name: 'Ann' });
    delete store.other;
    expect(manager.get('other')).toBeUndefined();
    expect(await coreState()).toEqual({ user: { name: 'Ann' } });
  });

  it('array index writes, push, pop, splice and length are writes too', async () => {
    manager = await createLoaded({ initialState: { list: [1, 2, 3] } });
    const store = manager.getProxyStore();
    store.list[0] = 10;
    store.list.push(4);
    expect(manager.get('list')).toEqual([10, 2, 3, 4]);
    expect(store.list.pop()).toBe(4);
    store.list.splice(0, 1);
    expect(manager.get('list')).toEqual([2, 3]);
    store.list.length = 1;
    expect(manager.get('list')).toEqual([2]);
    expect(Array.isArray(store.list)).toBe(true);
    expect([...store.list]).toEqual([2]);
    expect(store.list.map((x: number) => x * 2)).toEqual([4]);
    expect(await coreState()).toEqual({ list: [2] });
  });

  it('runs middleware; a veto leaves everything as it was', async () => {
    manager = await createLoaded({
      initialState: { user: { name: 'Ann' } },
      middleware: [(event, next) => { if ((event.value as { name?: string })?.name !== 'blocked') next(); }],
    });
    manager.getProxyStore().user.name = 'blocked';
    expect(manager.get('user')).toEqual({ name: 'Ann' });
    manager.getProxyStore().user.name = 'Bob';
    expect(manager.get('user')).toEqual({ name: 'Bob' });
  });

  it('rejects forbidden names (reported, no pollution) and hostile values (thrown)', async () => {
    const reported: Error[] = [];
    manager = await createLoaded({ initialState: { user: { name: 'Ann' } }, onError: (e) => reported.push(e) });
    const store = manager.getProxyStore();
    store.user.__proto__ = { polluted: true };
    store.user['constructor'] = 1;
    store.__proto__ = { polluted: true };
    expect(reported.map((e) => (e as StateValidationError).code)).toEqual(['FORBIDDEN_KEY', 'FORBIDDEN_KEY', 'FORBIDDEN_KEY']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => { store.user.fn = () => 1; }).toThrow(StateValidationError);
    expect(() => { store.user.list = [NaN]; }).toThrow(StateValidationError);
    expect(manager.get('user')).toEqual({ name: 'Ann' });
    expect(await coreState()).toEqual({ user: { name: 'Ann' } });
  });

  it('a write below a missing or primitive parent throws BAD_PATH and changes nothing', async () => {
    manager = await createLoaded({ initialState: { user: { name: 'Ann' } } });
    const user = manager.getProxyStore().user;
    manager.set('user', 5);
    expect(() => { user.name = 'x'; }).toThrow(expect.objectContaining({ code: 'BAD_PATH' }));
    expect(manager.get('user')).toBe(5);
  });

  it('values read through the proxy are copies of nothing: writes go through the manager only', async () => {
    manager = await createLoaded({ initialState: { obj: { a: 1 } } });
    const store = manager.getProxyStore();
    const seen = recorder<[unknown, StateChangeEvent]>();
    manager.subscribe('obj', seen);
    Object.assign(store.obj, { b: 2, c: { d: 3 } });
    expect(manager.get('obj')).toEqual({ a: 1, b: 2, c: { d: 3 } });
    expect(seen.calls).toHaveLength(3); // initial + two member writes
  });
});

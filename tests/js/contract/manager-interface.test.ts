// The public StateManager interface includes what the React and Vue adapters build on
// (readAt, snapshotAt, subscribePath, listenerCount, writePath, keys), so an MFE that types
// its manager as `StateManager` can hand it to the adapters. Both managers implement it;
// the legacy one at key granularity.
import { afterEach, describe, expect, it } from 'vitest';
import { createLoaded, implementations, recorder, settle, type TestManager } from './helpers.js';
import type { StateChangeEvent, StateManager } from '../../../js-shim/types.js';
import type { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';
import { StateAccessError, StateValidationError } from '../../../js-shim/errors.js';

describe.each(implementations)('$name: the adapters\' part of StateManager', (impl) => {
  let manager: TestManager;
  afterEach(() => manager?.destroy());

  it('keys() lists every key in the state', () => {
    manager = impl.create({ initialState: { a: 1, b: { c: 2 } } });
    manager.set('d', 3);
    manager.delete('a');
    expect(manager.keys().sort()).toEqual(['b', 'd']);
  });

  it('writePath writes a nested member through listeners, with the source given', () => {
    const typed: StateManager = impl.create({ initialState: { user: { name: 'Ann', profile: { city: 'Oslo' } } } });
    manager = typed as TestManager;
    const heard = recorder<[unknown, StateChangeEvent]>();
    typed.subscribe('user', heard);
    typed.writePath('user', ['profile', 'city'], 'Rome', 'form');
    expect(typed.get('user')).toEqual({ name: 'Ann', profile: { city: 'Rome' } });
    expect(heard.calls[1]![1]).toMatchObject({ key: 'user', value: { name: 'Ann', profile: { city: 'Rome' } }, source: 'form' });
    typed.writePath('user', ['name'], undefined, 'form');
    expect(typed.get('user')).toEqual({ profile: { city: 'Rome' } });
  });

  it('writePath leaves the object a listener received before unchanged', () => {
    manager = impl.create({ initialState: { user: { name: 'Ann', profile: { city: 'Oslo' } } } });
    let first: unknown;
    manager.subscribe('user', (value) => {
      first ??= value;
    });
    manager.writePath('user', ['profile', 'city'], 'Rome');
    expect(first).toEqual({ name: 'Ann', profile: { city: 'Oslo' } });
  });

  it('writePath refuses a missing parent and drops forbidden names', () => {
    const reported: Error[] = [];
    manager = impl.create({ initialState: { user: { name: 'Ann' } }, onError: (e) => reported.push(e) });
    expect(() => manager.writePath('user', ['profile', 'city'], 'x')).toThrow(StateValidationError);
    manager.writePath('user', ['__proto__', 'polluted'], 1);
    expect(reported.map((e) => (e as StateValidationError).code)).toEqual(['FORBIDDEN_KEY']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(manager.get('user')).toEqual({ name: 'Ann' });
  });

  it('snapshotAt reads the value as snapshots hold it', () => {
    manager = impl.create({ initialState: { user: { profile: { city: 'Oslo' } } } });
    expect(manager.snapshotAt('user', ['profile'])).toEqual({ city: 'Oslo' });
    expect(manager.snapshotAt('user', ['missing'])).toBeUndefined();
  });

  it('writePath reaches the core and other readers like set', async () => {
    manager = impl.create({ initialState: { list: [1, 2] } });
    manager.writePath('list', [2], 3);
    await settle(manager);
    expect(manager.getSnapshot()).toEqual({ list: [1, 2, 3] });
  });
});

describe('ValtioStateManager: adapter reads and MFE handles', () => {
  let manager: ValtioStateManager;
  afterEach(() => manager?.destroy());

  it('snapshotAt is frozen and keeps its identity until the value changes; readAt is mutable', async () => {
    manager = await createLoaded({ initialState: { user: { name: 'Ann', profile: { city: 'Oslo' } } } });
    const profile = manager.snapshotAt('user', ['profile']);
    expect(Object.isFrozen(profile)).toBe(true);
    expect(profile).toBe((manager.getSnapshot().user as { profile: unknown }).profile);
    expect(Object.isFrozen(manager.readAt('user', ['profile']))).toBe(false);
    manager.writePath('user', ['name'], 'Bo');
    expect(manager.snapshotAt('user', ['profile'])).toBe(profile);
    expect(manager.snapshotAt('user', [])).not.toBe(manager.snapshotAt('user', ['profile']));
  });

  it("a forMFE handle is a StateManager too: its writePath is checked and its subscriptions tracked", async () => {
    manager = await createLoaded({ accessControl: 'namespaces', initialState: { 'mfe:a:x': { n: 1 }, 'mfe:b:x': { n: 1 } } } as never);
    const handle: StateManager = manager.forMFE('a');
    handle.writePath('mfe:a:x', ['n'], 2);
    expect(() => handle.writePath('mfe:b:x', ['n'], 2)).toThrow(StateAccessError);
    expect(handle.keys().sort()).toEqual(['mfe:a:x', 'mfe:b:x']);
    let calls = 0;
    handle.subscribePath('mfe:a:x', ['n'], () => calls++);
    expect(manager.listenerCount()).toBe(1);
    handle.destroy();
    expect(manager.listenerCount()).toBe(0);
    manager.writePath('mfe:a:x', ['n'], 3);
    await settle(manager);
    expect(calls).toBe(0);
    expect(manager.getSnapshot()).toEqual({ 'mfe:a:x': { n: 3 }, 'mfe:b:x': { n: 1 } });
  });
});

// PathSubscribable: the one subscription type the adapters use. The new manager notifies
// at path granularity after the end-of-task commit; the legacy one at key granularity.
import { afterEach, describe, expect, it } from 'vitest';
import { createLoaded, implementations, settle, type TestManager } from './helpers.js';
import type { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';

describe.each(implementations)('$name: path subscriptions (shared behaviour)', (impl) => {
  let manager: TestManager;
  afterEach(() => manager?.destroy());

  it('readAt reads nested values and undefined for missing paths', () => {
    manager = impl.create({ initialState: { user: { profile: { name: 'Ann' }, list: [{ id: 7 }] } } });
    expect(manager.readAt('user', ['profile', 'name'])).toBe('Ann');
    expect(manager.readAt('user', ['list', 0, 'id'])).toBe(7);
    expect(manager.readAt('user', ['missing', 'x'])).toBeUndefined();
    expect(manager.readAt('nokey', [])).toBeUndefined();
  });

  it('notifies a subscriber when its path changes, and stops after unsubscribe', async () => {
    manager = impl.create({ initialState: { user: { profile: { name: 'Ann' } } } });
    let calls = 0;
    const off = manager.subscribePath('user', ['profile', 'name'], () => calls++);
    manager.set('user', { profile: { name: 'Bob' } });
    await settle(manager);
    expect(calls).toBe(1);
    off();
    manager.set('user', { profile: { name: 'Cy' } });
    await settle(manager);
    expect(calls).toBe(1);
    expect(manager.listenerCount()).toBe(0);
  });
});

describe('ValtioStateManager: path granularity', () => {
  let manager: ValtioStateManager;
  afterEach(() => manager?.destroy());

  it('notifies only subscribers whose path value changed, once per task', async () => {
    manager = await createLoaded({ initialState: { user: { profile: { name: 'Ann', age: 1 }, prefs: { dark: false } } } });
    const counts = { name: 0, age: 0, prefs: 0, whole: 0 };
    manager.subscribePath('user', ['profile', 'name'], () => counts.name++);
    manager.subscribePath('user', ['profile', 'age'], () => counts.age++);
    manager.subscribePath('user', ['prefs'], () => counts.prefs++);
    manager.subscribePath('user', [], () => counts.whole++);
    const store = manager.getProxyStore();
    store.user.profile.name = 'Bob';
    store.user.profile.name = 'Cy';
    expect(counts).toEqual({ name: 0, age: 0, prefs: 0, whole: 0 }); // deferred to the end of the task
    await settle(manager);
    expect(counts).toEqual({ name: 1, age: 0, prefs: 0, whole: 1 });
    // A whole-key set with equal subtrees keeps their identity: no notification for them.
    manager.set('user', { profile: { name: 'Cy', age: 2 }, prefs: { dark: false } });
    await settle(manager);
    expect(counts).toEqual({ name: 1, age: 1, prefs: 0, whole: 2 });
  });

  it('a spread update shares the untouched subtrees of the value read from the manager', async () => {
    manager = await createLoaded({ initialState: { user: { name: 'Ann', profile: { deep: { list: [1, 2] } } } } });
    const user = manager.get<{ name: string; profile: object }>('user')!;
    let profileCalls = 0;
    let nameCalls = 0;
    manager.subscribePath('user', ['profile'], () => profileCalls++);
    manager.subscribePath('user', ['name'], () => nameCalls++);
    manager.set('user', { ...user, name: 'Bob' });
    expect(manager.readAt('user', ['profile'])).toBe(user.profile);
    manager.set('user', manager.get('user')); // the same value back: listeners hear it, watchers do not
    await settle(manager);
    expect([nameCalls, profileCalls]).toEqual([1, 0]);
  });

  it('a write that ends where it started notifies nobody', async () => {
    manager = await createLoaded({ initialState: { n: { v: 1 } } });
    let calls = 0;
    manager.subscribePath('n', ['v'], () => calls++);
    manager.set('n', { v: 2 });
    manager.set('n', { v: 1 });
    await settle(manager);
    expect(calls).toBe(0);
  });

  it('{ sync: true } notifies synchronously inside set', async () => {
    manager = await createLoaded({ initialState: { form: { text: '' } } });
    const seen: unknown[] = [];
    manager.subscribePath('form', ['text'], () => seen.push(manager.readAt('form', ['text'])), { sync: true });
    manager.getProxyStore().form.text = 'h';
    expect(seen).toEqual(['h']);
    manager.set('other', 1);
    expect(seen).toEqual(['h']);
  });

  it('a throwing path subscriber does not stop the others', async () => {
    manager = await createLoaded({ initialState: { k: 1 } });
    const original = console.error;
    console.error = () => {};
    let reached = false;
    manager.subscribePath('k', [], () => { throw new Error('boom'); });
    manager.subscribePath('k', [], () => { reached = true; });
    manager.set('k', 2);
    await settle(manager);
    console.error = original;
    expect(reached).toBe(true);
  });
});

// "An MFE written for the legacy manager runs unchanged": legacy MFEs read a value, change
// it in place and hand it back with `set`. Both managers must accept that (ES modules are
// strict mode, so a frozen value would throw), notify with the new value, and never let the
// in-place change reach a snapshot that was already handed out.
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStorage, QUIET, createLoaded, implementations, recorder, settle, type TestManager } from './helpers.js';
import type { StateChangeEvent } from '../../../js-shim/types.js';
import { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';

type User = { name: string; profile: { city: string }; tags: string[] };
const ann = (): User => ({ name: 'Ann', profile: { city: 'Oslo' }, tags: ['a'] });

/** After the end-of-task flush, the core must hold exactly what the view shows. */
async function expectCoreAgrees(manager: TestManager): Promise<void> {
  await settle(manager);
  if (!(manager instanceof ValtioStateManager)) return;
  expect(JSON.parse(manager.core!.exportJson())).toEqual(JSON.parse(JSON.stringify(manager.getSnapshot())));
}

describe.each(implementations)('$name: read, change in place, set (legacy MFE pattern)', (impl) => {
  let manager: TestManager;
  afterEach(() => manager?.destroy());

  it('get hands back null and primitives as they are, and a new copy once the key is written', () => {
    manager = impl.create({ initialState: { nothing: null, n: 0, s: '', b: false, list: [1] } });
    expect([manager.get('nothing'), manager.get('n'), manager.get('s'), manager.get('b'), manager.get('missing')]).toEqual([null, 0, '', false, undefined]);
    expect(manager.get('nothing')).toBeNull();
    const list = manager.get<number[]>('list')!;
    expect(manager.get('list')).toBe(list);
    manager.set('list', [2]);
    expect(manager.get('list')).not.toBe(list);
    expect(manager.get('list')).toEqual([2]);
    manager.set('list', null);
    expect(manager.get('list')).toBeNull();
  });

  it('an object from get can be changed in place and set back; listeners hear the new value', async () => {
    manager = impl.create({ initialState: { user: ann() } });
    const heard = recorder<[unknown, StateChangeEvent]>();
    manager.subscribe('user', heard);
    const user = manager.get<User>('user')!;
    user.name = 'Bo'; // throws in strict mode if the value is frozen
    manager.set('user', user, 'profile-mfe');
    expect(heard.calls).toHaveLength(2);
    expect(heard.calls[1]![0]).toEqual({ ...ann(), name: 'Bo' });
    expect(heard.calls[1]![1]).toMatchObject({ source: 'profile-mfe' });
    expect(manager.get('user')).toEqual({ ...ann(), name: 'Bo' });
    await expectCoreAgrees(manager);
  });

  it('an array from get can be pushed to and set back', async () => {
    manager = impl.create({ initialState: { items: [1, 2, 3] } });
    const all = recorder<[StateChangeEvent]>();
    manager.subscribeAll(all);
    const list = manager.get<number[]>('items')!;
    list.push(4);
    manager.set('items', list);
    expect(all.calls.map(([e]) => e.value)).toEqual([[1, 2, 3, 4]]);
    expect(manager.get('items')).toEqual([1, 2, 3, 4]);
    expect(manager.getSnapshot()).toEqual({ items: [1, 2, 3, 4] });
    await expectCoreAgrees(manager);
  });

  it('a nested member changed in place is seen by set and by subscribers of its path', async () => {
    manager = impl.create({ initialState: { user: ann() } });
    let cityCalls = 0;
    manager.subscribePath('user', ['profile', 'city'], () => cityCalls++);
    const user = manager.get<User>('user')!;
    user.profile.city = 'Rome';
    user.tags.push('b');
    manager.set('user', user);
    await settle(manager);
    expect(cityCalls).toBe(1);
    expect(manager.readAt('user', ['profile', 'city'])).toBe('Rome');
    expect(manager.get('user')).toEqual({ name: 'Ann', profile: { city: 'Rome' }, tags: ['a', 'b'] });
    await expectCoreAgrees(manager);
  });

  it('a value kept from a listener can be changed in place and set back', async () => {
    manager = impl.create({ initialState: { cart: { items: ['x'] } } });
    let kept: { items: string[] } | undefined;
    manager.subscribe<{ items: string[] }>('cart', (cart) => {
      kept = cart;
    });
    kept!.items.push('y');
    manager.set('cart', kept);
    expect(kept).toEqual({ items: ['x', 'y'] }); // the listener's new value
    kept!.items.push('z');
    manager.set('cart', kept);
    expect(manager.get('cart')).toEqual({ items: ['x', 'y', 'z'] });
    await expectCoreAgrees(manager);
  });

  it('a snapshot taken before an in-place change stays as it was, with or without set', () => {
    manager = impl.create({ initialState: { user: ann(), items: [1] } });
    const before = manager.getSnapshot();
    const user = manager.get<User>('user')!;
    user.profile.city = 'Rome';
    manager.get<number[]>('items')!.push(2);
    expect(before).toEqual({ user: ann(), items: [1] });
    manager.set('user', user);
    expect(before).toEqual({ user: ann(), items: [1] });
    expect((manager.getSnapshot() as { user: User }).user.profile.city).toBe('Rome');
  });

  it('readAt values can be changed in place and written back (hooks read through readAt)', async () => {
    manager = impl.create({ initialState: { user: ann() } });
    const profile = manager.readAt('user', ['profile']) as User['profile'];
    profile.city = 'Lima';
    manager.set('user', { ...manager.get<User>('user')!, profile });
    expect(manager.readAt('user', ['profile', 'city'])).toBe('Lima');
    await expectCoreAgrees(manager);
  });
});

describe('ValtioStateManager: mutable reads, frozen snapshots', () => {
  let manager: ValtioStateManager;
  afterEach(() => manager?.destroy());

  it('get, readAt and listener values are unfrozen; getSnapshot values are deeply frozen', async () => {
    manager = await createLoaded({ initialState: { user: ann() } });
    let heard: unknown;
    manager.subscribe('user', (value) => {
      heard = value;
    });
    const user = manager.get<User>('user')!;
    expect(Object.isFrozen(user) || Object.isFrozen(user.profile) || Object.isFrozen(user.tags)).toBe(false);
    expect(Object.isFrozen(manager.readAt('user', ['profile']))).toBe(false);
    expect(Object.isFrozen(heard)).toBe(false);
    const snapshot = manager.getSnapshot() as { user: User };
    expect([snapshot, snapshot.user, snapshot.user.profile, snapshot.user.tags].every(Object.isFrozen)).toBe(true);
    expect(() => {
      snapshot.user.profile.city = 'x';
    }).toThrow(TypeError);
  });

  it('get keeps one object per value, like the legacy Map: an unsaved change stays visible to get', async () => {
    manager = await createLoaded({ initialState: { user: ann() } });
    manager.get<User>('user')!.name = 'Unsaved';
    expect(manager.get<User>('user')!.name).toBe('Unsaved');
    expect((manager.getSnapshot() as { user: User }).user.name).toBe('Ann');
    await settle(manager);
    expect(JSON.parse(manager.core!.exportJson())).toEqual({ user: ann() }); // never committed
  });

  it('an unchanged subtree keeps its identity across snapshots, in get results too', async () => {
    manager = await createLoaded({ initialState: { user: ann() } });
    const first = manager.getSnapshot() as { user: User };
    const profileRead = manager.get<User>('user')!.profile;
    manager.getProxyStore().user.name = 'Bo';
    const second = manager.getSnapshot() as { user: User };
    expect(second.user).not.toBe(first.user);
    expect(second.user.profile).toBe(first.user.profile);
    expect(second.user.tags).toBe(first.user.tags);
    expect(manager.get<User>('user')!.profile).toBe(profileRead);
  });

  it('set of a get result changed in place shares what did not change with the last snapshot', async () => {
    manager = await createLoaded({ initialState: { user: ann() } });
    const first = manager.getSnapshot() as { user: User };
    const user = manager.get<User>('user')!;
    user.tags.push('b');
    manager.set('user', user);
    const second = manager.getSnapshot() as { user: User };
    expect(second.user.tags).toEqual(['a', 'b']);
    expect(second.user.profile).toBe(first.user.profile);
  });

  it('a frozen snapshot subtree handed back in place is shared, and a changed copy is not', async () => {
    manager = await createLoaded({ initialState: { user: ann() } });
    const first = manager.getSnapshot() as { user: User };
    manager.set('user', { ...first.user, name: 'Bo' });
    const second = manager.getSnapshot() as { user: User };
    expect(second.user.profile).toBe(first.user.profile);
    manager.set('user', { ...second.user, profile: { ...second.user.profile, city: 'Rome' } });
    expect((manager.getSnapshot() as { user: User }).user.profile).toEqual({ city: 'Rome' });
    await settle(manager);
    expect(JSON.parse(manager.core!.exportJson())).toEqual({ user: { ...ann(), name: 'Bo', profile: { city: 'Rome' } } });
  });

  it('with middleware: it checks frozen values, listeners still get mutable ones, get agrees with the state', async () => {
    const checked: unknown[] = [];
    manager = await createLoaded({ initialState: { user: ann() }, middleware: [(event, next) => { checked.push(event.value); next(); }] });
    let heard: User | undefined;
    manager.subscribe<User>('user', (value) => {
      heard = value;
    });
    const user = manager.get<User>('user')!;
    user.name = 'Bo';
    manager.set('user', user);
    expect(Object.isFrozen(checked[0])).toBe(true);
    expect(Object.isFrozen(heard)).toBe(false);
    expect(heard).toBe(manager.get('user'));
    expect(manager.get('user')).toEqual(manager.getSnapshot().user);
  });

  it('a get result changed in place and set is persisted and sent to other tabs like any write', async () => {
    const storage = new MemoryStorage();
    manager = new ValtioStateManager({ ...QUIET, persistent: true, storage, initialState: { user: ann() } });
    await manager.ready;
    const otherTab = await createLoaded({ initialState: { user: ann() } });
    let outbox: string | null = null;
    manager.onFlush((info) => {
      outbox = info.outbox;
    });
    const user = manager.get<User>('user')!;
    user.profile.city = 'Rome';
    manager.set('user', user);
    await settle(manager);
    const expected = { ...ann(), profile: { city: 'Rome' } };
    otherTab.applyRemoteMessage(outbox!);
    expect(otherTab.get('user')).toEqual(expected);
    otherTab.destroy();
    manager.destroy(); // a tab going away writes what is pending
    expect(JSON.parse(storage.getItem('mfe-state:user')!)).toEqual(expected);
  });

  it('a snapshot after one change among 10,000 keys reuses every other frozen value', async () => {
    const initialState: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) initialState[`k${i}`] = { id: i, tags: [i] };
    manager = await createLoaded({ initialState });
    const first = manager.getSnapshot();
    manager.set('k5', { id: 5, tags: [5, 6] });
    const freeze = Object.freeze;
    let freezes = 0;
    Object.freeze = ((value: unknown) => {
      freezes++;
      return freeze(value);
    }) as typeof Object.freeze;
    let second: Record<string, unknown>;
    try {
      second = manager.getSnapshot();
    } finally {
      Object.freeze = freeze;
    }
    // The snapshot object, the new k5 and its array: nothing else is frozen again.
    expect(freezes).toBeLessThanOrEqual(3);
    expect(second).not.toBe(first);
    expect(second.k5).toEqual({ id: 5, tags: [5, 6] });
    for (let i = 0; i < 10_000; i++) if (i !== 5) expect(second[`k${i}`]).toBe(first[`k${i}`]);
  });
});

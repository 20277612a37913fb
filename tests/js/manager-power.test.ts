// Path watching, selectors, derived state and undo/redo on the real core (docs/api-contract.md section 4).
import { afterEach, describe, expect, it } from 'vitest';
import { createLoaded, settle } from './contract/helpers.js';
import type { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A real garbage collection, so the memory figure printed below means something. */
function collector(): () => void {
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
}

let manager: ValtioStateManager;
afterEach(() => manager?.destroy());

describe('watchPath', () => {
  it('calls back only when that path changes, once per task, with value and previous', async () => {
    manager = await createLoaded({ initialState: { user: { profile: { name: 'Ann', age: 1 } } } });
    const calls: unknown[][] = [];
    const stop = manager.watchPath('user.profile.name', (value, previous) => calls.push([value, previous]));
    const store = manager.getProxyStore();
    store.user.profile.age = 2;
    manager.set('other', 1);
    await settle(manager);
    expect(calls).toEqual([]);
    store.user.profile.name = 'Bob';
    store.user.profile.name = 'Cy';
    await settle(manager);
    expect(calls).toEqual([['Cy', 'Ann']]);
    manager.delete('user');
    await settle(manager);
    expect(calls[1]).toEqual([undefined, 'Cy']);
    stop();
    manager.set('user', { profile: { name: 'Dee' } });
    await settle(manager);
    expect(calls).toHaveLength(2);
  });

  it('accepts array paths (keys with dots) and array indices; sync on request', async () => {
    manager = await createLoaded({ initialState: { 'a.b': { list: [{ v: 1 }] } } });
    const seen: unknown[] = [];
    manager.watchPath(['a.b', 'list', 0, 'v'], (value) => seen.push(value), { sync: true });
    manager.getProxyStore()['a.b'].list[0].v = 2;
    expect(seen).toEqual([2]);
  });
});

describe('createSelector / createDerivedState', () => {
  it('recomputes only when what the selector read changed', async () => {
    manager = await createLoaded({ initialState: { cart: { items: [{ price: 2 }], coupon: null }, theme: 'light' } });
    const count = manager.createSelector((s) => s.cart.items.length);
    expect(count.get()).toBe(1);
    expect(count.recomputations).toBe(1);
    manager.set('theme', 'dark');
    manager.getProxyStore().cart.coupon = 'X';
    expect(count.get()).toBe(1);
    expect(count.recomputations).toBe(1); // unrelated key and unrelated member: not re-run
    manager.getProxyStore().cart.items.push({ price: 3 });
    expect(count.get()).toBe(2);
    expect(count.recomputations).toBe(2);
  });

  it('selectors and derived state count as listeners until destroyed (leak checks see them)', async () => {
    manager = await createLoaded({ initialState: { a: 1 } });
    const before = manager.listenerCount();
    const selector = manager.createSelector((s) => s.a);
    const derived = manager.createDerivedState((s) => s.a * 2, { key: 'double' });
    expect(manager.listenerCount()).toBeGreaterThan(before);
    selector.destroy();
    derived.destroy();
    expect(manager.listenerCount()).toBe(before);
  });

  it('subscribe hears the new value at the end of the task, only when it changed', async () => {
    manager = await createLoaded({ initialState: { a: 1, b: 1 } });
    const sum = manager.createSelector((s) => s.a + s.b);
    const heard: number[] = [];
    sum.subscribe((v) => heard.push(v));
    manager.set('a', 2);
    manager.set('b', 3);
    await settle(manager);
    manager.set('a', 3);
    manager.set('b', 2); // same sum: no call
    await settle(manager);
    expect(heard).toEqual([5]);
  });

  it('returns frozen parts of the state, not tracking proxies', async () => {
    manager = await createLoaded({ initialState: { user: { name: 'Ann' } } });
    const user = manager.createSelector((s) => s.user);
    expect(user.get()).toBe(manager.getSnapshot().user);
    expect(Object.isFrozen(user.get())).toBe(true);
  });

  it('derived state is written to its key and kept up to date', async () => {
    manager = await createLoaded({ initialState: { items: [{ price: 2 }, { price: 3 }], theme: 'x' } });
    const total = manager.createDerivedState((s) => (s.items as Array<{ price: number }>).reduce((t, i) => t + i.price, 0), { key: 'total' });
    expect(manager.get('total')).toBe(5);
    manager.getProxyStore().items.push({ price: 10 });
    await settle(manager);
    expect(manager.get('total')).toBe(15);
    const runs = total.recomputations;
    manager.set('theme', 'y');
    await settle(manager);
    expect(total.recomputations).toBe(runs);
    total.destroy();
    manager.set('items', []);
    await settle(manager);
    expect(manager.get('total')).toBe(15);
  });
});

describe('createHistory', () => {
  it('undoes and redoes steps (one task each), nested paths included', async () => {
    manager = await createLoaded({ initialState: { doc: { title: 'A', body: { text: 'x' } } } });
    const history = manager.createHistory();
    manager.getProxyStore().doc.title = 'B';
    await settle(manager);
    manager.set('doc', { title: 'C', body: { text: 'y' } });
    manager.set('extra', 1);
    await settle(manager);
    expect(history.size).toBe(2);
    expect(history.undo()).toBe(true);
    expect(manager.getSnapshot()).toEqual({ doc: { title: 'B', body: { text: 'x' } } });
    expect(history.undo()).toBe(true);
    expect(manager.get('doc')).toEqual({ title: 'A', body: { text: 'x' } });
    expect(history.canUndo).toBe(false);
    expect(history.redo()).toBe(true);
    expect(history.redo()).toBe(true);
    expect(manager.getSnapshot()).toEqual({ doc: { title: 'C', body: { text: 'y' } }, extra: 1 });
    await settle(manager);
    expect(JSON.parse(manager.core!.exportJson())).toEqual(manager.getSnapshot());
  });

  it('a new write clears redo; keys limits what is recorded; groupWithinMs merges steps', async () => {
    manager = await createLoaded({ initialState: { a: 0, b: 0 } });
    const history = manager.createHistory({ keys: ['a'], groupWithinMs: 60_000 });
    manager.set('a', 1);
    await settle(manager);
    manager.set('a', 2);
    manager.set('b', 9);
    await settle(manager);
    expect(history.size).toBe(1); // grouped
    history.undo();
    expect(manager.getSnapshot()).toEqual({ a: 0, b: 9 });
    expect(history.canRedo).toBe(true);
    manager.set('a', 5);
    await settle(manager);
    expect(history.canRedo).toBe(false);
  });

  it('does not undo changes merged from other tabs unless asked', async () => {
    manager = await createLoaded();
    const other = await createLoaded();
    other.onFlush((info) => { if (info.outbox) manager.applyRemoteMessage(info.outbox); });
    const history = manager.createHistory();
    other.set('remote', 1);
    other.flush();
    await settle(manager);
    expect(manager.get('remote')).toBe(1);
    expect(history.canUndo).toBe(false);
    other.destroy();
  });

  it('after 10,000 writes to a 10,000-key state, memory stays bounded by what changed', async () => {
    const initialState: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) initialState[`k${i}`] = { id: i, label: `item ${i}`, tags: ['a', 'b'] };
    manager = await createLoaded({ initialState });
    const gc = collector();
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const history = manager.createHistory({ maxHistory: 100 });
    for (let i = 0; i < 10_000; i++) {
      manager.getProxyStore()[`k${i}`].label = `edited ${i}`;
      manager.flush(); // one step per write
    }
    gc();
    const heapDelta = process.memoryUsage().heapUsed - heapBefore;
    const stats = history.stats();
    console.log(`history after 10,000 writes on a 10,000-key state: ${stats.steps} steps, ${stats.changes} changes, ` +
      `~${stats.approxBytes} bytes of paths and values; heap growth after GC ${(heapDelta / 1024).toFixed(0)} KiB (state edits included)`);
    expect(stats).toMatchObject({ steps: 100, changes: 100 });
    expect(stats.approxBytes).toBeLessThan(100 * 64);
    expect(heapDelta).toBeLessThan(8 * 1024 * 1024);
    for (let n = 0; n < 100; n++) expect(history.undo()).toBe(true);
    expect(history.canUndo).toBe(false);
    expect(manager.get<{ label: string }>('k9999')!.label).toBe('item 9999');
    expect(manager.get<{ label: string }>('k9900')!.label).toBe('item 9900');
    expect(manager.get<{ label: string }>('k9899')!.label).toBe('edited 9899');
  });
});

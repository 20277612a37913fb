// transaction(fn) / batch(fn) on the real core (docs/api-contract.md section 4): atomic, one notification per
// listener per key, one batch for other tabs and storage, and no trace when rolled back.
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStorage, QUIET, createLoaded, recorder, settle } from './contract/helpers.js';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { StateTransactionError } from '../../js-shim/errors.js';
import type { FlushInfo } from '../../js-shim/internal/manager-host.js';
import type { StateChangeEvent } from '../../js-shim/types.js';

describe('ValtioStateManager.transaction', () => {
  let manager: ValtioStateManager;
  afterEach(() => manager?.destroy());

  it('commits every write in one batch; each listener hears each key once, after fn', async () => {
    manager = await createLoaded({ initialState: { cart: [], total: 0 } });
    const cart = recorder<[unknown, StateChangeEvent]>();
    const all = recorder<[StateChangeEvent]>();
    manager.subscribe('cart', cart);
    manager.subscribeAll(all);
    cart.calls.length = 0;
    const flushes: FlushInfo[] = [];
    manager.onFlush((info) => flushes.push(info));
    const result = manager.transaction(() => {
      manager.set('cart', [1], 'shop');
      manager.set('total', 10, 'shop');
      manager.getProxyStore().cart.push(2);
      manager.set('total', 30, 'shop');
      expect(manager.get('cart')).toEqual([1, 2]); // reads inside see the writes
      expect(cart.calls).toHaveLength(0);
      return 'done';
    });
    expect(result).toBe('done');
    expect(cart.calls).toHaveLength(1);
    expect(cart.calls[0]![1]).toMatchObject({ value: [1, 2], previousValue: [] });
    expect(all.calls.map(([e]) => [e.key, e.value])).toEqual([['cart', [1, 2]], ['total', 30]]);
    expect(flushes).toHaveLength(1);
    expect(flushes[0]!.changedKeys).toEqual(['cart', 'total']);
    expect(JSON.parse(manager.core!.exportJson())).toEqual({ cart: [1, 2], total: 30 });
  });

  it('rolls back on throw: state, core, storage, listeners and other tabs see nothing', async () => {
    const storage = new MemoryStorage();
    manager = new ValtioStateManager({ ...QUIET, persistent: true, storage, onError: () => {}, initialState: { a: 1, b: { c: 2 } } });
    await manager.ready;
    await settle(manager);
    const before = manager.getSnapshot();
    const storedBefore = JSON.stringify([...Array(storage.length).keys()].map((i) => [storage.key(i), storage.getItem(storage.key(i)!)]));
    const heard = recorder<[StateChangeEvent]>();
    manager.subscribeAll(heard);
    let paths = 0;
    manager.subscribePath('b', ['c'], () => paths++, { sync: true });
    const flushes: FlushInfo[] = [];
    manager.onFlush((info) => flushes.push(info));
    expect(() => manager.transaction(() => {
      manager.set('a', 2);
      manager.getProxyStore().b.c = 3;
      manager.delete('a');
      manager.clear();
      manager.set('new', true);
      throw new Error('abort');
    })).toThrow('abort');
    expect(manager.getSnapshot()).toEqual(before);
    expect(manager.getProxyStore().b.c).toBe(2);
    await settle(manager);
    expect(JSON.parse(manager.core!.exportJson())).toEqual(before);
    expect(heard.calls).toHaveLength(0);
    expect(paths).toBe(0);
    expect(flushes).toHaveLength(0);
    const storedAfter = JSON.stringify([...Array(storage.length).keys()].map((i) => [storage.key(i), storage.getItem(storage.key(i)!)]));
    expect(storedAfter).toBe(storedBefore);
    // The manager works normally afterwards.
    manager.set('a', 5);
    await settle(manager);
    expect(JSON.parse(manager.core!.exportJson())).toEqual({ a: 5, b: { c: 2 } });
  });

  it('a middleware veto rolls the whole transaction back with StateTransactionError', async () => {
    manager = await createLoaded({
      initialState: { a: 1 },
      middleware: [(event, next) => { if (event.value !== 'no') next(); }],
    });
    let error: unknown;
    try {
      manager.transaction(() => {
        manager.set('a', 2);
        manager.set('b', 'no');
        manager.set('c', 3);
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateTransactionError);
    expect((error as StateTransactionError).code).toBe('VETOED');
    expect(manager.getSnapshot()).toEqual({ a: 1 });
  });

  it('refuses asynchronous callbacks and rolls them back', async () => {
    manager = await createLoaded({ initialState: { a: 1 } });
    expect(() => manager.transaction(async () => { manager.set('a', 2); })).toThrow(expect.objectContaining({ code: 'ASYNC' }));
    expect(manager.get('a')).toBe(1);
  });

  it('nested transactions join the outer one; batch is the same thing', async () => {
    manager = await createLoaded();
    const heard = recorder<[StateChangeEvent]>();
    manager.subscribeAll(heard);
    manager.batch(() => {
      manager.set('x', 1);
      manager.transaction(() => manager.set('x', 2));
      expect(heard.calls).toHaveLength(0);
    });
    expect(heard.calls.map(([e]) => e.value)).toEqual([2]);
  });

  it('a key written and put back inside the transaction notifies nobody', async () => {
    manager = await createLoaded({ initialState: { k: 'same' } });
    const heard = recorder<[StateChangeEvent]>();
    manager.subscribeAll(heard);
    const original = manager.get('k');
    manager.transaction(() => {
      manager.set('k', 'other');
      manager.set('k', original);
    });
    expect(heard.calls).toHaveLength(0);
  });
});

// The new manager against the real wasm core: the view and the core agree after every
// flush, writes made before the core loads wait in the queue, and flushes are coalesced.
import { afterEach, describe, expect, it } from 'vitest';
import { QUIET, createLoaded, settle } from './helpers.js';
import { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';
import type { FlushInfo } from '../../../js-shim/internal/manager-host.js';

const coreOf = (manager: ValtioStateManager) => JSON.parse(manager.core!.exportJson()) as Record<string, unknown>;
const viewOf = (manager: ValtioStateManager) => JSON.parse(JSON.stringify(manager.getSnapshot())) as Record<string, unknown>;

describe('ValtioStateManager: ready and the queue', () => {
  let manager: ValtioStateManager;
  afterEach(() => manager?.destroy());

  // First test of the file: the module (and the core) is fresh, so the core is not loaded yet.
  it('is usable before the wasm is loaded; writes wait and reach the core by `ready`', async () => {
    manager = new ValtioStateManager({ ...QUIET, initialState: { theme: 'light' } });
    expect(manager.core).toBeNull();
    const heard: unknown[] = [];
    manager.subscribe('count', (value) => heard.push(value));
    manager.set('count', 1);
    manager.set('user', { name: 'Ann' });
    manager.getProxyStore().user.name = 'Bob';
    manager.delete('theme');
    expect(heard).toEqual([1]);
    expect(manager.get('user')).toEqual({ name: 'Bob' });
    await manager.ready;
    expect(manager.core).not.toBeNull();
    expect(coreOf(manager)).toEqual({ count: 1, user: { name: 'Bob' } });
  });

  it('creates later managers with the core already attached, synchronously', () => {
    manager = new ValtioStateManager({ ...QUIET, initialState: { a: 1 } });
    expect(manager.core).not.toBeNull();
    expect(coreOf(manager)).toEqual({ a: 1 });
  });

  it('flush() applies queued writes to the core at once', async () => {
    manager = await createLoaded();
    manager.set('k', { v: 1 });
    expect(coreOf(manager)).toEqual({});
    manager.flush();
    expect(coreOf(manager)).toEqual({ k: { v: 1 } });
  });

  it('commits at the end of the task, once: many writes, one flush, one op per key', async () => {
    manager = await createLoaded();
    const flushes: FlushInfo[] = [];
    manager.onFlush((info) => flushes.push(info));
    for (let i = 0; i < 1000; i++) manager.set('counter', i);
    manager.set('other', 'x');
    await settle(manager);
    expect(flushes).toHaveLength(1);
    expect(flushes[0]!.changedKeys).toEqual(['counter', 'other']);
    expect(flushes[0]!.changes.map((c) => c.key)).toEqual(['counter', 'other']);
    expect(flushes[0]!.outbox).toEqual(expect.any(Uint8Array)); // tabs exchange the binary form
    expect(flushes[0]!.legacyEvents.map((e) => [e.key, e.value])).toEqual([['counter', 999], ['other', 'x']]);
    expect(coreOf(manager)).toEqual({ counter: 999, other: 'x' });
  });

  it('CommittedChange carries previous and value from the view', async () => {
    manager = await createLoaded({ initialState: { user: { name: 'Ann', age: 1 } } });
    const flushes: FlushInfo[] = [];
    manager.onFlush((info) => flushes.push(info));
    manager.getProxyStore().user.age = 2;
    await settle(manager);
    expect(flushes[0]!.changes).toEqual([
      expect.objectContaining({ key: 'user', path: ['age'], deleted: false, previous: 1, value: 2, origin: 'local', source: 'proxy' }),
    ]);
  });
});

describe('ValtioStateManager: the view equals the core', () => {
  let manager: ValtioStateManager;
  afterEach(() => manager?.destroy());

  it('after a seeded random mix of sets, nested writes, deletes and clears', async () => {
    manager = await createLoaded();
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const store = manager.getProxyStore();
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 25; i++) {
        const key = `k${rand(6)}`;
        switch (rand(7)) {
          case 0: manager.set(key, rand(100)); break;
          case 1: manager.set(key, { a: { b: rand(3) }, list: [rand(5), { c: 'x' }] }); break;
          case 2: if (typeof store[key] === 'object' && !Array.isArray(store[key])) store[key].a = { b: rand(9) }; break;
          case 3: if (Array.isArray(store[key]?.list)) store[key].list.push(rand(4)); break;
          case 4: manager.delete(key); break;
          case 5: if (rand(10) === 0) manager.clear(); break;
          default: if (store[key]?.a) delete store[key].a; break;
        }
      }
      if (round % 3 === 0) manager.flush();
      else await settle(manager);
      expect(coreOf(manager)).toEqual(viewOf(manager));
    }
  });

  it('two managers exchanging their outboxes converge, even on concurrent writes to one key', async () => {
    const a = await createLoaded();
    const b = await createLoaded();
    manager = a;
    const wire = (from: ValtioStateManager, to: ValtioStateManager) => from.onFlush((info) => {
      if (info.outbox !== null) to.applyRemoteMessage(info.outbox);
    });
    wire(a, b);
    wire(b, a);
    a.set('shared', { by: 'a' });
    b.set('shared', { by: 'b' });
    a.set('onlyA', 1);
    b.set('onlyB', 2);
    a.flush();
    b.flush();
    await settle(a);
    expect(a.getSnapshot()).toEqual(b.getSnapshot());
    expect(a.core!.digest()).toBe(b.core!.digest());
    expect(a.get('onlyA')).toBe(1);
    expect(a.get('onlyB')).toBe(2);
    b.destroy();
  });
});

// registerMFE / unregisterMFE, getSnapshot / restoreSnapshot (docs/api-contract.md section 1), both managers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { implementations, recorder, type TestManager } from './helpers.js';
import type { MFEMetadata, StateChangeEvent } from '../../../js-shim/types.js';

describe.each(implementations)('$name: MFEs and snapshots', (impl) => {
  let manager: TestManager;
  afterEach(() => manager?.destroy());

  it("registerMFE records defaults and sets mfe:<id>:registered = true with source 'system'", () => {
    manager = impl.create();
    const events = recorder<[StateChangeEvent]>();
    manager.subscribeAll(events);
    const before = Date.now();
    manager.registerMFE('cart');
    const [meta] = manager.getRegisteredMFEs() as MFEMetadata[];
    expect(meta).toMatchObject({ id: 'cart', framework: 'unknown', version: '0.0.0' });
    expect(meta!.registeredAt).toBeGreaterThanOrEqual(before);
    expect(manager.get('mfe:cart:registered')).toBe(true);
    expect(events.calls[0]![0]).toMatchObject({ key: 'mfe:cart:registered', value: true, source: 'system' });
  });

  it('registerMFE keeps the given framework, version and extra metadata', () => {
    manager = impl.create();
    manager.registerMFE('profile', { framework: 'vue', version: '1.2.3', team: 'core' });
    expect(manager.getRegisteredMFEs()).toEqual([
      expect.objectContaining({ id: 'profile', framework: 'vue', version: '1.2.3', team: 'core' }),
    ]);
  });

  it('unregisterMFE forgets it and deletes every key of its namespace, and only those', () => {
    manager = impl.create();
    manager.registerMFE('cart');
    manager.registerMFE('cartography');
    manager.set('mfe:cart:items', [1, 2]);
    manager.set('mfe:cart:total', 3);
    manager.set('shared', 'keep');
    const listener = recorder<[unknown, StateChangeEvent]>();
    manager.subscribe('mfe:cart:items', listener);
    listener.calls.length = 0;
    manager.unregisterMFE('cart');
    expect(manager.getRegisteredMFEs()).toEqual([expect.objectContaining({ id: 'cartography' })]);
    expect(manager.getSnapshot()).toEqual({ 'mfe:cartography:registered': true, shared: 'keep' });
    expect(listener.calls[0]![1]).toMatchObject({ value: undefined, source: 'delete' });
  });

  it('getSnapshot returns a plain object of all keys', () => {
    manager = impl.create({ initialState: { a: 1, b: { c: [1, 2] } } });
    expect(manager.getSnapshot()).toEqual({ a: 1, b: { c: [1, 2] } });
  });

  it('changing a snapshot (even nested, even by force) never changes the state', () => {
    manager = impl.create({ initialState: { user: { name: 'Ann', tags: ['x'] } } });
    const snapshot = manager.getSnapshot() as { user: { name: string; tags: string[] }; added?: number };
    const tryMutate = (fn: () => void) => {
      try {
        fn();
      } catch {
        // frozen snapshots throw in strict mode; that is allowed
      }
    };
    tryMutate(() => { snapshot.user.name = 'Bob'; });
    tryMutate(() => { snapshot.user.tags.push('y'); });
    tryMutate(() => { snapshot.added = 1; });
    expect(manager.get('user')).toEqual({ name: 'Ann', tags: ['x'] });
    expect(manager.getSnapshot()).toEqual({ user: { name: 'Ann', tags: ['x'] } });
  });

  it("restoreSnapshot clears, then sets each key with source 'snapshot'", () => {
    manager = impl.create({ initialState: { old: 1, both: 'before' } });
    const events = recorder<[StateChangeEvent]>();
    manager.subscribeAll(events);
    manager.restoreSnapshot({ both: 'after', fresh: { n: 1 } });
    expect(manager.getSnapshot()).toEqual({ both: 'after', fresh: { n: 1 } });
    const summary = events.calls.map(([e]) => `${e.key}:${e.source}`);
    expect(summary.filter((s) => s.endsWith(':clear')).sort()).toEqual(['both:clear', 'old:clear']);
    expect(summary.slice(-2)).toEqual(['both:snapshot', 'fresh:snapshot']);
  });

  it('a snapshot taken, then restored, round-trips the state', () => {
    manager = impl.create({ initialState: { a: 1, b: [1, { c: 2 }] } });
    const saved = manager.getSnapshot();
    manager.set('a', 2);
    manager.delete('b');
    manager.restoreSnapshot(saved);
    expect(manager.getSnapshot()).toEqual({ a: 1, b: [1, { c: 2 }] });
  });

  it('destroy removes every listener', () => {
    manager = impl.create();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    manager.subscribe('k', () => {});
    manager.subscribeAll(() => {});
    manager.destroy();
    expect(manager.listenerCount()).toBe(0);
    errors.mockRestore();
  });
});

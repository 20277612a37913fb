// docs/api-contract.md section 1, row by row, against both managers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { implementations, recorder, settle, type TestManager } from './helpers.js';
import type { StateChangeEvent } from '../../../js-shim/types.js';
// getAdapter('react' | 'vue') serves the bindings the app imported (as the root entry does).
import '../../../js-shim/react/index.js';
import '../../../js-shim/vue/index.js';

describe.each(implementations)('$name: the docs/api-contract.md section 1 contract', (impl) => {
  let manager: TestManager;
  afterEach(() => manager?.destroy());

  describe('constructor', () => {
    it('applies initialState and is usable synchronously right after construction', () => {
      manager = impl.create({ initialState: { theme: 'light', count: 0 } });
      expect(manager.get('theme')).toBe('light');
      manager.set('count', 1);
      expect(manager.get('count')).toBe(1);
    });

    it('has a constructor name that tells which manager runs', () => {
      manager = impl.create();
      expect(manager.constructor.name).toBe(impl.name);
    });
  });

  describe('get', () => {
    it('returns undefined for a missing key', () => {
      manager = impl.create();
      expect(manager.get('missing')).toBeUndefined();
    });

    it('returns the current value, deep-equal to what was set', () => {
      manager = impl.create();
      manager.set('user', { name: 'Ann', tags: ['a', 'b'], nested: { n: 1 } });
      expect(manager.get('user')).toEqual({ name: 'Ann', tags: ['a', 'b'], nested: { n: 1 } });
    });
  });

  describe('set', () => {
    it('notifies key listeners with (value, event) and global listeners with (event) before returning', () => {
      manager = impl.create({ initialState: { count: 1 } });
      const keyListener = recorder<[unknown, StateChangeEvent]>();
      const globalListener = recorder<[StateChangeEvent]>();
      manager.subscribe('count', keyListener);
      manager.subscribeAll(globalListener);
      keyListener.calls.length = 0;
      const before = Date.now();
      manager.set('count', 2, 'counter-mfe');
      expect(keyListener.calls).toHaveLength(1);
      const [value, event] = keyListener.calls[0]!;
      expect(value).toBe(2);
      expect(event).toMatchObject({ key: 'count', value: 2, previousValue: 1, source: 'counter-mfe' });
      expect(event.timestamp).toBeGreaterThanOrEqual(before);
      expect(globalListener.calls).toHaveLength(1);
      expect(globalListener.calls[0]![0]).toMatchObject({ key: 'count', value: 2, previousValue: 1, source: 'counter-mfe' });
    });

    it("defaults the source to 'unknown'", () => {
      manager = impl.create();
      const events = recorder<[StateChangeEvent]>();
      manager.subscribeAll(events);
      manager.set('k', 1);
      expect(events.calls[0]![0].source).toBe('unknown');
    });

    it('notifies only the listeners of the written key', () => {
      manager = impl.create();
      const a = recorder<[unknown, StateChangeEvent]>();
      const b = recorder<[unknown, StateChangeEvent]>();
      manager.subscribe('a', a);
      manager.subscribe('b', b);
      manager.set('a', 1);
      expect(a.calls).toHaveLength(1);
      expect(b.calls).toHaveLength(0);
    });
  });

  describe('delete', () => {
    it('is a no-op for a missing key', () => {
      manager = impl.create();
      const events = recorder<[StateChangeEvent]>();
      manager.subscribeAll(events);
      manager.delete('missing');
      expect(events.calls).toHaveLength(0);
    });

    it("removes the key with an event of source 'delete' and value undefined", () => {
      manager = impl.create({ initialState: { gone: 'soon' } });
      const listener = recorder<[unknown, StateChangeEvent]>();
      manager.subscribe('gone', listener);
      listener.calls.length = 0;
      manager.delete('gone');
      expect(manager.get('gone')).toBeUndefined();
      expect(manager.getSnapshot()).not.toHaveProperty('gone');
      expect(listener.calls).toHaveLength(1);
      expect(listener.calls[0]![0]).toBeUndefined();
      expect(listener.calls[0]![1]).toMatchObject({ key: 'gone', value: undefined, previousValue: 'soon', source: 'delete' });
    });
  });

  describe('clear', () => {
    it("removes every key; key listeners hear value undefined with source 'clear'", () => {
      manager = impl.create({ initialState: { a: 1, b: 2 } });
      const a = recorder<[unknown, StateChangeEvent]>();
      const b = recorder<[unknown, StateChangeEvent]>();
      manager.subscribe('a', a);
      manager.subscribe('b', b);
      a.calls.length = 0;
      b.calls.length = 0;
      manager.clear();
      expect(manager.getSnapshot()).toEqual({});
      expect(a.calls).toEqual([[undefined, expect.objectContaining({ key: 'a', value: undefined, previousValue: 1, source: 'clear' })]]);
      expect(b.calls).toEqual([[undefined, expect.objectContaining({ key: 'b', value: undefined, previousValue: 2, source: 'clear' })]]);
    });
  });

  describe('subscribe', () => {
    it("calls the listener at once with the current value (source 'initial') when defined", () => {
      manager = impl.create({ initialState: { theme: 'dark' } });
      const listener = recorder<[unknown, StateChangeEvent]>();
      manager.subscribe('theme', listener);
      expect(listener.calls).toHaveLength(1);
      expect(listener.calls[0]![0]).toBe('dark');
      expect(listener.calls[0]![1]).toMatchObject({ key: 'theme', value: 'dark', source: 'initial' });
    });

    it('does not call the listener at once when the key is undefined', () => {
      manager = impl.create();
      const listener = recorder<[unknown, StateChangeEvent]>();
      manager.subscribe('nothing', listener);
      expect(listener.calls).toHaveLength(0);
    });

    it('returns an unsubscribe that stops further calls', () => {
      manager = impl.create();
      const listener = recorder<[unknown, StateChangeEvent]>();
      const unsubscribe = manager.subscribe('k', listener);
      manager.set('k', 1);
      unsubscribe();
      manager.set('k', 2);
      expect(listener.calls.map((c) => c[0])).toEqual([1]);
      expect(manager.listenerCount()).toBe(0);
    });

    it('subscribing the same function twice gives two independent subscriptions', () => {
      manager = impl.create();
      const listener = recorder<[unknown, StateChangeEvent]>();
      const first = manager.subscribe('k', listener);
      manager.subscribe('k', listener);
      first();
      manager.set('k', 1);
      expect(listener.calls).toHaveLength(1);
    });
  });

  describe('subscribeAll', () => {
    it('hears every change event of every key, and unsubscribes', () => {
      manager = impl.create();
      const events = recorder<[StateChangeEvent]>();
      const unsubscribe = manager.subscribeAll(events);
      manager.set('a', 1, 's1');
      manager.set('b', 'x', 's2');
      manager.delete('a');
      unsubscribe();
      manager.set('c', true);
      expect(events.calls.map(([e]) => [e.key, e.value, e.source])).toEqual([
        ['a', 1, 's1'], ['b', 'x', 's2'], ['a', undefined, 'delete'],
      ]);
    });
  });

  describe('listener errors', () => {
    it('a throwing listener is reported with console.error and never stops the others or the write', () => {
      manager = impl.create();
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      const after = recorder<[unknown, StateChangeEvent]>();
      const global = recorder<[StateChangeEvent]>();
      manager.subscribe('k', () => {
        throw new Error('boom');
      });
      manager.subscribe('k', after);
      manager.subscribeAll(() => {
        throw new Error('global boom');
      });
      manager.subscribeAll(global);
      expect(() => manager.set('k', 1)).not.toThrow();
      expect(manager.get('k')).toBe(1);
      expect(after.calls).toHaveLength(1);
      expect(global.calls).toHaveLength(1);
      expect(errors).toHaveBeenCalledTimes(2);
      errors.mockRestore();
    });

    it("a listener that throws on its 'initial' call is reported and stays subscribed", () => {
      manager = impl.create({ initialState: { k: 0 } });
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      let calls = 0;
      manager.subscribe('k', () => {
        calls++;
        if (calls === 1) throw new Error('first');
      });
      manager.set('k', 1);
      expect(calls).toBe(2);
      expect(errors).toHaveBeenCalledTimes(1);
      errors.mockRestore();
    });
  });

  describe('getAdapter', () => {
    it("'vanilla' resolves to the manager itself", async () => {
      manager = impl.create();
      await expect(manager.getAdapter('vanilla')).resolves.toBe(manager);
    });

    it("'react' and 'vue' load their adapters bound to this manager; others reject", async () => {
      manager = impl.create();
      const react = (await manager.getAdapter('react')) as { manager: unknown; useGlobalState: unknown };
      expect(react.manager).toBe(manager);
      expect(typeof react.useGlobalState).toBe('function');
      const vue = (await manager.getAdapter('vue')) as { install: unknown; useGlobalState: unknown };
      expect(typeof vue.install).toBe('function');
      expect(typeof vue.useGlobalState).toBe('function');
      await expect(manager.getAdapter('angular' as never)).rejects.toThrow(TypeError);
    });
  });

  it('keeps working across the end-of-task flush', async () => {
    manager = impl.create();
    manager.set('a', { deep: [1, 2, 3] });
    await settle(manager);
    manager.set('a', { deep: [1, 2] });
    await settle(manager);
    expect(manager.get('a')).toEqual({ deep: [1, 2] });
  });
});

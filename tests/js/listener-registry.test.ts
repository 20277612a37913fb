// The listener registry both managers share: every subscription is its own, even of the same
// function (the first is stored as it is, later ones wrapped), listeners run in subscription
// order, an unsubscribe removes exactly its own subscription, and a throwing listener never
// stops the others.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StateChangeEvent } from '../../js-shim/types.js';
import { ListenerRegistry } from '../../js-shim/internal/listeners.js';

const event = (key: string, value: unknown): StateChangeEvent => ({ key, value, previousValue: undefined, source: 't', timestamp: 0 });

describe('ListenerRegistry', () => {
  afterEach(() => vi.restoreAllMocks());

  it('the same key listener subscribed three times is called three times, and each unsubscribe removes one', () => {
    const registry = new ListenerRegistry();
    const calls: unknown[] = [];
    const listener = (value: unknown) => calls.push(value);
    const first = registry.addKey('k', listener);
    const second = registry.addKey('k', listener);
    registry.addKey('k', listener);
    registry.emit(event('k', 1));
    expect(calls).toEqual([1, 1, 1]);
    first();
    first(); // a second call of the same unsubscribe removes nothing more
    registry.emit(event('k', 2));
    expect(calls).toEqual([1, 1, 1, 2, 2]);
    second();
    registry.emit(event('k', 3));
    expect(calls).toEqual([1, 1, 1, 2, 2, 3]);
    expect(registry.count()).toBe(1);
  });

  it('a function subscribed again after its first subscription ended is still called once per subscription, in order', () => {
    const registry = new ListenerRegistry();
    const order: string[] = [];
    const a = () => order.push('a');
    const b = () => order.push('b');
    const firstA = registry.addKey('k', a);
    registry.addKey('k', b);
    registry.addKey('k', a);
    firstA();
    registry.addKey('k', a);
    registry.emit(event('k', 1));
    expect(order).toEqual(['b', 'a', 'a']);
  });

  it('global listeners: the same function twice gives two subscriptions, each removed by its own unsubscribe', () => {
    const registry = new ListenerRegistry();
    const seen: string[] = [];
    const listener = (e: StateChangeEvent) => seen.push(e.key);
    const first = registry.addGlobal(listener);
    const second = registry.addGlobal(listener);
    registry.emit(event('x', 1));
    first();
    registry.emit(event('y', 1));
    second();
    registry.emit(event('z', 1));
    expect(seen).toEqual(['x', 'x', 'y']);
    expect(registry.isEmpty).toBe(true);
  });

  it('a throwing listener is reported and the next one, key or global, still runs', () => {
    const registry = new ListenerRegistry();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const heard: string[] = [];
    registry.addKey('k', () => {
      throw new Error('boom');
    });
    registry.addKey('k', () => heard.push('key'));
    registry.addGlobal(() => heard.push('global'));
    registry.emit(event('k', 1));
    expect(heard).toEqual(['key', 'global']);
    expect(error).toHaveBeenCalledTimes(1);
  });
});

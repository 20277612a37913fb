/**
 * The limit: a bare Map plus a Map of listener arrays, doing the same observable work
 * (store, notify the key's listeners) with no events, middleware, validation or copies.
 * Every ratio above 1 against it is overhead the managers add.
 */
import type { BenchManager, Contestant } from '../lib/types.ts';

class BareMap implements BenchManager {
  private readonly values = new Map<string, unknown>();
  private readonly listeners = new Map<string, Array<(value: unknown, event: unknown) => void>>();

  get(key: string): unknown {
    return this.values.get(key);
  }

  set(key: string, value: unknown): void {
    this.values.set(key, value);
    const list = this.listeners.get(key);
    if (list) for (let i = 0; i < list.length; i++) list[i](value, undefined);
  }

  subscribe(key: string, listener: (value: unknown, event: unknown) => void): () => void {
    let list = this.listeners.get(key);
    if (!list) this.listeners.set(key, (list = []));
    list.push(listener);
    return () => {
      const at = list!.indexOf(listener);
      if (at >= 0) list!.splice(at, 1);
    };
  }

  /** A shallow copy: values are never mutated in the workloads, so sharing them is safe. */
  getSnapshot(): Record<string, unknown> {
    return Object.fromEntries(this.values);
  }

  destroy(): void {
    this.values.clear();
    this.listeners.clear();
  }
}

export const limit: Contestant = {
  name: 'limit',
  async create(_config, onConstructed) {
    const manager = new BareMap();
    onConstructed?.();
    return manager;
  },
  async settle() {},
};

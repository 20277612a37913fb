/**
 * W4's second limit: a bare Map that stores `structuredClone(value)`, i.e. what owning an
 * immutable copy of the caller's object costs in plain JS, with nothing else (no listeners,
 * no events, no validation). A manager that keeps its own copy of every value cannot store
 * an object for less than this; `limit` keeps the caller's object and so cannot be beaten.
 */
import type { BenchManager, Contestant } from '../lib/types.ts';

class CloningMap implements BenchManager {
  private readonly values = new Map<string, unknown>();

  get(key: string): unknown {
    return this.values.get(key);
  }

  set(key: string, value: unknown): void {
    this.values.set(key, structuredClone(value));
  }

  subscribe(): () => void {
    throw new Error('the clone contestant only runs W4 (it has no listeners)');
  }

  getSnapshot(): Record<string, unknown> {
    return Object.fromEntries(this.values);
  }

  destroy(): void {
    this.values.clear();
  }
}

export const clone: Contestant = {
  name: 'clone',
  async create(_config, onConstructed) {
    const manager = new CloningMap();
    onConstructed?.();
    return manager;
  },
  async settle() {},
};

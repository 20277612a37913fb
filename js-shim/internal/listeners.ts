/**
 * Key and global listener registries shared by both managers, so "a listener that throws is
 * reported and never stops the others" is written once (docs/api-contract.md section 1).
 */
import type { GlobalStateListener, StateChangeEvent, StateListener, StateMiddleware } from '../types.js';

/** Reports a listener failure; console.error is the legacy contract for listeners. */
export function reportListenerError(where: string, error: unknown): void {
  console.error(`[universal-state] ${where} threw:`, error);
}

export class ListenerRegistry {
  private readonly byKey = new Map<string, Set<StateListener<any>>>();
  private readonly global = new Set<GlobalStateListener>();

  /** True when nobody at all listens (lets the write path skip building events). */
  get isEmpty(): boolean {
    return this.byKey.size === 0 && this.global.size === 0;
  }

  count(): number {
    let n = this.global.size;
    for (const set of this.byKey.values()) n += set.size;
    return n;
  }

  addKey(key: string, listener: StateListener<any>): () => void {
    let set = this.byKey.get(key);
    if (set === undefined) {
      set = new Set();
      this.byKey.set(key, set);
    }
    // The same function subscribed twice gets two independent subscriptions: the second
    // one is stored wrapped. The first is stored as it is, so the usual single
    // subscription costs no extra call on every write.
    const entry: StateListener<any> = set.has(listener) ? (value, event) => listener(value, event) : listener;
    set.add(entry);
    return () => {
      const current = this.byKey.get(key);
      if (current === undefined || !current.delete(entry)) return;
      if (current.size === 0) this.byKey.delete(key);
    };
  }

  addGlobal(listener: GlobalStateListener): () => void {
    const entry: GlobalStateListener = this.global.has(listener) ? (event) => listener(event) : listener;
    this.global.add(entry);
    return () => {
      this.global.delete(entry);
    };
  }

  /** Key listeners first, then global ones; each failure is isolated. */
  emit(event: StateChangeEvent): void {
    const set = this.byKey.get(event.key);
    if (set !== undefined) {
      for (const listener of set) {
        try {
          listener(event.value, event);
        } catch (error) {
          reportListenerError(`listener of key "${event.key}"`, error);
        }
      }
    }
    if (this.global.size === 0) return;
    for (const listener of this.global) {
      try {
        listener(event);
      } catch (error) {
        reportListenerError('global listener', error);
      }
    }
  }

  clear(): void {
    this.byKey.clear();
    this.global.clear();
  }
}

/**
 * Runs the middleware chain in order; `commit` runs when the last middleware calls next().
 * Not calling next() vetoes the write. A second next() from the same middleware is ignored,
 * so a buggy middleware cannot apply a write twice.
 */
export function runMiddleware(chain: readonly StateMiddleware[], event: StateChangeEvent, commit: () => void): void {
  const step = (index: number): void => {
    if (index === chain.length) {
      commit();
      return;
    }
    let called = false;
    chain[index]!(event, () => {
      if (called) return;
      called = true;
      step(index + 1);
    });
  };
  step(0);
}

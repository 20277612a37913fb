/**
 * The contract suite runs every shared test against both managers (describe.each over
 * `implementations`). Side effects are off: node has no localStorage or BroadcastChannel,
 * and the new manager runs against the real wasm core (await `settle`).
 */
import { UniversalStateManager } from '../../../js-shim/legacy/universal-state-manager.js';
import { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';
import type { StateManager, StateManagerConfig } from '../../../js-shim/types.js';
import type { PathSubscribable } from '../../../js-shim/internal/path-subscription.js';

export type TestManager = StateManager & PathSubscribable & { getRegisteredMFEs(): unknown[] };

export const QUIET: StateManagerConfig = { persistent: false, crossTab: false, devtools: false };

export interface Implementation {
  name: string;
  create(config?: StateManagerConfig): TestManager;
}

export const implementations: Implementation[] = [
  { name: 'UniversalStateManager', create: (config) => new UniversalStateManager({ ...QUIET, ...config }) },
  { name: 'ValtioStateManager', create: (config) => new ValtioStateManager({ ...QUIET, ...config }) },
];

/** A new manager on the real core, loaded and with every queued write applied. */
export async function createLoaded(config: StateManagerConfig = {}): Promise<ValtioStateManager> {
  const manager = new ValtioStateManager({ ...QUIET, ...config });
  await manager.ready;
  return manager;
}

/** Waits for the end-of-task flush (a microtask) and for the core when there is one. */
export async function settle(manager: StateManager): Promise<void> {
  if (manager instanceof ValtioStateManager) await manager.ready;
  await Promise.resolve();
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/** Records every call of a listener-shaped function. */
export function recorder<A extends unknown[]>(): ((...args: A) => void) & { calls: A[] } {
  const calls: A[] = [];
  const fn = (...args: A) => {
    calls.push(args);
  };
  return Object.assign(fn, { calls });
}

/** An in-memory Storage with the real interface (to isolate persistence units). */
export class MemoryStorage implements Storage {
  private readonly data = new Map<string, string>();
  get length(): number {
    return this.data.size;
  }
  clear(): void {
    this.data.clear();
  }
  getItem(key: string): string | null {
    return this.data.has(key) ? this.data.get(key)! : null;
  }
  key(index: number): string | null {
    return [...this.data.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
  setItem(key: string, value: string): void {
    this.data.set(key, String(value));
  }
}

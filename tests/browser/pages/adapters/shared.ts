// What the React and Vue adapter pages share: the manager chosen by the URL
// (?manager=valtio|legacy&prefix=...), the seeded random paths of the render-count run,
// and the grid data.
import { createStateManager } from '@mfe/universal-state/core';
import { mulberry32 } from '../../../support/mulberry32.js';

export const params = new URLSearchParams(location.search);
export const useValtio = params.get('manager') !== 'legacy';
export const manager = createStateManager({
  useValtio,
  persistent: true,
  crossTab: true,
  devtools: false,
  storagePrefix: params.get('prefix') ?? 'adapters',
  initialState: { count: 1, user: { profile: { name: 'Ann', age: 30 } } },
}) as any;

export async function whenReady(): Promise<void> {
  if (manager.ready) await manager.ready;
}

/** Rows of the render-count grid: `{ items: [{ v: 0 }, ...] }`. */
export function gridData(n: number): { items: Array<{ v: number; label: string }> } {
  return { items: Array.from({ length: n }, (_, i) => ({ v: 0, label: `row ${i}` })) };
}

/** Deterministic (mulberry32) so both managers and every library see the same writes. */
export function seededIndices(n: number, count: number, seed = 42): number[] {
  const next = mulberry32(seed);
  return Array.from({ length: count }, () => Math.floor(next() * n));
}

/** A write at items[i].v the way an app would do it on each manager. */
export function writeItem(i: number, v: number): void {
  if (typeof manager.getProxyStore === 'function') {
    manager.getProxyStore().grid.items[i].v = v; // the new manager: a nested write
  } else {
    const grid = manager.get('grid');
    const items = grid.items.slice();
    items[i] = { ...items[i], v };
    manager.set('grid', { ...grid, items }, 'bench'); // the legacy manager: a new key value
  }
}

/**
 * Counts how many subscriber callbacks the manager makes (the work a write costs before
 * React or Vue decide whether to render): wrapped here, in the test page only.
 */
export const wakeups = { count: 0 };
{
  const subscribePath = manager.subscribePath.bind(manager);
  const subscribeAll = manager.subscribeAll.bind(manager);
  manager.subscribePath = (k: string, p: unknown, cb: () => void, o: unknown) => subscribePath(k, p, () => (wakeups.count++, cb()), o);
  manager.subscribeAll = (cb: (e: unknown) => void) => subscribeAll((e: unknown) => (wakeups.count++, cb(e)));
}

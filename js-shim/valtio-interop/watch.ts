/**
 * valtio/utils' `watch`: runs `callback` now and again whenever a store it passed to `get`
 * changes. What `callback` returns (a function, or a promise of one) is called before the
 * next run and on stop.
 */
import { subscribe } from './subscribe.js';

type Cleanup = void | (() => void);
export type WatchGet = <T extends object>(store: T) => T;

/**
 * @example
 * const stop = watch((get) => {
 *   const store = get(manager.getProxyStore());
 *   document.title = `${store.cart.items.length} items`;
 * });
 */
export function watch(callback: (get: WatchGet) => Cleanup | Promise<Cleanup>, options?: { sync?: boolean }): () => void {
  let alive = true;
  let cleanup: Cleanup | Promise<Cleanup>;
  const stops = new Map<object, () => void>();

  const runCleanup = (): void => {
    const done = cleanup;
    cleanup = undefined;
    if (typeof done === 'function') done();
    else if (done && typeof (done as Promise<Cleanup>).then === 'function') void (done as Promise<Cleanup>).then((fn) => fn?.());
  };
  const run = (): void => {
    if (!alive) return;
    runCleanup();
    const touched = new Set<object>();
    try {
      cleanup = callback((store) => (touched.add(store), store));
    } finally {
      // Follow exactly the stores this run read: drop the others, keep (not re-add) the rest.
      for (const [store, stop] of stops) if (!touched.has(store)) (stop(), stops.delete(store));
      for (const store of touched) if (!stops.has(store)) stops.set(store, subscribe(store, run, options?.sync));
    }
  };
  run();
  return () => {
    if (!alive) return;
    alive = false;
    for (const stop of stops.values()) stop();
    stops.clear();
    runCleanup();
  };
}

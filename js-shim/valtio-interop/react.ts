/**
 * `@mfe/universal-state/valtio/react`: valtio's `useSnapshot` for the store from
 * `getProxyStore()`. A separate entry so that `/valtio` never makes a bundler resolve react.
 *
 * As in valtio, the component gets the frozen snapshot through a proxy that records the
 * paths its render reads, and re-renders only when one of those paths changed: a write to a
 * sibling member or another key does not re-render it.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { createProxy, isChanged } from 'proxy-compare';
import { snapshot } from './snapshot.js';
import { subscribe } from './subscribe.js';

export { subscribe, subscribeKey, snapshot, watch, type Op, type WatchGet } from './index.js';

// Frozen snapshots are proxied through a copy; one copy per object spares one per render.
const frozenCopies = new WeakMap<object, unknown>();
const useIsomorphicLayoutEffect = typeof window === 'undefined' ? () => {} : useLayoutEffect;

/**
 * @example
 * function Badge() {
 *   const snap = useSnapshot(manager.getProxyStore());
 *   return <span>{snap.cart.items.length}</span>; // re-renders when cart.items changes only
 * }
 */
export function useSnapshot<T extends object>(store: T, options?: { sync?: boolean }): T {
  const sync = options?.sync === true;
  const last = useRef<{ snapshot: T; affected: WeakMap<object, unknown> } | null>(null);
  const listen = useCallback((onChange: () => void) => subscribe(store, onChange, sync), [store, sync]);
  const read = useCallback((): T => {
    const next = snapshot(store);
    const committed = last.current;
    // Returning the snapshot React already holds tells it nothing this render read changed.
    if (committed !== null && (committed.snapshot === next || !isChanged(committed.snapshot, next, committed.affected, new WeakMap()))) {
      return committed.snapshot;
    }
    return next;
  }, [store]);
  const current = useSyncExternalStore(listen, read, read);
  const affected = new WeakMap<object, unknown>();
  useIsomorphicLayoutEffect(() => {
    last.current = { snapshot: current, affected };
  });
  const proxyCache = useMemo(() => new WeakMap<object, unknown>(), [store]);
  return createProxy(current, affected, proxyCache, frozenCopies) as T;
}

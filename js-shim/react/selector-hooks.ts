/**
 * `useSelector` and `useWatchPath` (docs/api-contract.md section 4), written once and bound to a way of finding the
 * manager, like hooks.ts. The tracking lives in adapters-shared/ (selection.ts,
 * path-watch.ts); this file only wires it to `useSyncExternalStore` and effects. The Vue
 * adapter has the parallel file `vue/selector-composables.ts`.
 */
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { ManagerResolver } from './hooks.js';
import {
  SelectorObjectSource, TrackedSelection, isSelectorLike, type Equality, type SelectFn, type SelectorLike,
} from '../adapters-shared/selection.js';
import { parseWatchedPath, pathSpecId, watchPathValue, type PathSpec, type WatchPathCallback } from '../adapters-shared/path-watch.js';
import { useIsomorphicLayoutEffect } from './subscription.js';

export interface WatchPathOptions {
  /** Call inside the write instead of once at the end of the task (new manager). */
  sync?: boolean;
}

export function createSelectorHooks(resolve: ManagerResolver, names: Record<'selector' | 'watchPath', string>) {
  function useSelector<R>(selectorOrFn: SelectorLike<R> | SelectFn<R>, equality?: Equality<R>): R {
    const object = isSelectorLike(selectorOrFn) ? selectorOrFn : null;
    // A selector object carries its manager; only a function needs the global one.
    const manager = object === null ? resolve(names.selector) : null;
    // One source per component (and per selector object / manager): an inline function is
    // a new function every render, and must not mean a new subscription every render.
    const source = useMemo(
      () => (object !== null ? new SelectorObjectSource(object) : new TrackedSelection(manager!, selectorOrFn as SelectFn<R>)),
      // eslint-disable-next-line react-hooks/exhaustive-deps
      [object ?? manager],
    );
    const subscribe = useCallback((onChange: () => void) => source.subscribe(onChange), [source]);
    // The function and equality of this render are handed over at read time, so a render
    // React discards never leaves its closure behind in the source.
    const read = useCallback(
      () => {
        if (source instanceof TrackedSelection) return source.use(selectorOrFn as SelectFn<R>, equality).read();
        source.setEquality(equality);
        return source.read();
      },
      // eslint-disable-next-line react-hooks/exhaustive-deps
      [source, selectorOrFn, equality],
    );
    return useSyncExternalStore(subscribe, read, read) as R;
  }

  function useWatchPath<T = unknown>(path: PathSpec, fn: WatchPathCallback<T>, options?: WatchPathOptions): void {
    const manager = resolve(names.watchPath);
    const id = pathSpecId(path);
    // Parsed during render so a malformed path fails where it is written.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    const { key, path: parsed } = useMemo(() => parseWatchedPath(path), [id]);
    // The latest callback is called without resubscribing on every render.
    const latest = useRef(fn);
    useIsomorphicLayoutEffect(() => {
      latest.current = fn;
    });
    const sync = options?.sync === true;
    useEffect(
      () => watchPathValue<T>(manager, key, parsed, (value, previous) => latest.current(value, previous), sync),
      [manager, key, parsed, sync],
    );
  }

  return { useSelector, useWatchPath };
}

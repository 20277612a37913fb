/**
 * `useSelectorVue` and `useWatchPathVue` (docs/api-contract.md section 4), parallel to react/selector-hooks.ts:
 * the tracking lives in adapters-shared/ (selection.ts, path-watch.ts); this file wires it
 * to a `shallowRef` and `onScopeDispose`.
 */
import { shallowRef, type ShallowRef } from 'vue';
import type { ManagerResolver } from './composables.js';
import {
  SelectorObjectSource, TrackedSelection, isSelectorLike, type Equality, type SelectFn, type SelectorLike,
} from '../adapters-shared/selection.js';
import { parseWatchedPath, watchPathValue, type PathSpec, type WatchPathCallback } from '../adapters-shared/path-watch.js';
import { releaseWithScope } from './subscription.js';

export interface WatchPathOptions {
  /** Call inside the write instead of once at the end of the task (new manager). */
  sync?: boolean;
}

export function createSelectorComposables(resolve: ManagerResolver, names: Record<'selector' | 'watchPath', string>) {
  function useSelector<R>(selectorOrFn: SelectorLike<R> | SelectFn<R>, equality?: Equality<R>): Readonly<ShallowRef<R>> {
    // A selector object carries its manager; only a function needs the global one.
    const source = isSelectorLike(selectorOrFn)
      ? new SelectorObjectSource(selectorOrFn, equality)
      : new TrackedSelection(resolve(names.selector), selectorOrFn, equality);
    const ref = shallowRef(source.read());
    // A shallowRef triggers only when its value's identity changes, and the source keeps
    // an equal value's identity, so readers re-render only when the selection changed.
    const stop = source.subscribe(() => {
      ref.value = source.read();
    });
    releaseWithScope(stop, names.selector);
    return ref;
  }

  function useWatchPath<T = unknown>(path: PathSpec, fn: WatchPathCallback<T>, options?: WatchPathOptions): () => void {
    const manager = resolve(names.watchPath);
    const { key, path: parsed } = parseWatchedPath(path);
    const stop = watchPathValue<T>(manager, key, parsed, fn, options?.sync === true);
    releaseWithScope(stop, names.watchPath);
    return stop;
  }

  return { useSelector, useWatchPath };
}

/**
 * The Vue side of the one subscription type (PathSubscribable), parallel to
 * react/subscription.ts: a `shallowRef` per path, set from `subscribePath`, released with
 * `onScopeDispose` so it works in components and in any `effectScope`.
 */
import { getCurrentScope, onScopeDispose, shallowReactive, shallowReadonly, shallowRef, type ShallowRef } from 'vue';
import type { Path } from '../internal/path-subscription.js';
import type { AdapterManager } from './manager-slot.js';
import { ROOT } from '../adapters-shared/paths.js';

/** Ties `stop` to the active effect scope; outside one nothing could ever release it. */
export function releaseWithScope(stop: () => void, where: string): void {
  if (getCurrentScope() !== undefined) {
    onScopeDispose(stop);
    return;
  }
  console.warn(
    `[universal-state] ${where} was called outside a component setup() or effectScope(); ` +
      'its subscription stays attached until the manager is destroyed.',
  );
}

/** A ref of the value at `key` + `path`; Vue re-renders only readers of that path. */
export function pathRef<T>(manager: AdapterManager, key: string, path: Path, sync: boolean, where: string): Readonly<ShallowRef<T>> {
  const fixed = [...path];
  const ref = shallowRef(manager.readAt(key, fixed) as T);
  const stop = manager.subscribePath(key, fixed, () => {
    ref.value = manager.readAt(key, fixed) as T;
  }, { sync });
  releaseWithScope(stop, where);
  return ref;
}

/** A read-only object `{ [key]: value }`, each key tracked on its own. */
export function keysState(manager: AdapterManager, keys: readonly string[], sync: boolean, where: string): Readonly<Record<string, unknown>> {
  const state = shallowReactive<Record<string, unknown>>({});
  const stops: Array<() => void> = [];
  for (const key of new Set(keys)) {
    state[key] = manager.readAt(key, ROOT);
    stops.push(manager.subscribePath(key, ROOT, () => {
      state[key] = manager.readAt(key, ROOT);
    }, { sync }));
  }
  releaseWithScope(() => stops.forEach((stop) => stop()), where);
  return shallowReadonly(state);
}

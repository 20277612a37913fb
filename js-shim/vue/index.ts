/**
 * Vue 3 bindings of `@mfe/universal-state` (`@mfe/universal-state/vue`).
 *
 * `VueAdapter` is the legacy API (an instance per manager). The Valtio-named composables
 * (suffix `Vue`) read the manager given to `setGlobalValtioStateManagerVue`. Every ref is a
 * `shallowRef` set from the manager's path subscriptions and released with `onScopeDispose`,
 * so composables work in components and in any `effectScope`. Both managers work; on the new
 * one only the refs whose path changed update. `useSelectorVue` and `useWatchPathVue` are the
 * bindings of the manager's selectors and path watching (docs/api-contract.md section 4).
 */
import type { Path } from '../internal/path-subscription.js';
import { ValtioVueAdapter, VueAdapter, selectorVueNames, valtioVueNames } from './adapter.js';
import { registerAdapterFactory } from '../internal/adapters.js';
import { createComposables, type GlobalStateRef, type KeyStateListener, type MFERegistrationMeta, type StateComposableOptions } from './composables.js';
import { assertAdapterManager, requireValtioVueManager, valtioVueSlot, type AdapterManager } from './manager-slot.js';
import type { Updater } from '../adapters-shared/paths.js';
import type { Equality, SelectFn, SelectorLike } from '../adapters-shared/selection.js';
import type { PathSpec, WatchPathCallback } from '../adapters-shared/path-watch.js';
import { createSelectorComposables, type WatchPathOptions } from './selector-composables.js';
import type { ShallowRef } from 'vue';

export { VueAdapter, ValtioVueAdapter, VUE_ADAPTER_KEY, useVueAdapter, type VueStore } from './adapter.js';
export type { GlobalStateRef, KeyStateListener, MFERegistrationMeta, StateComposableOptions } from './composables.js';
export type { AdapterManager } from './manager-slot.js';
export type { Equality, SelectFn, SelectorLike } from '../adapters-shared/selection.js';
export type { PathSpec, WatchPathCallback } from '../adapters-shared/path-watch.js';
export type { WatchPathOptions } from './selector-composables.js';

const valtio = createComposables(requireValtioVueManager, valtioVueNames, { sync: false });
const power = createSelectorComposables(requireValtioVueManager, selectorVueNames);

/**
 * Sets the manager the Valtio-named composables use (either manager works). `null` unsets it.
 * @example
 * setGlobalValtioStateManagerVue(getGlobalStateManager({ useValtio: true }));
 */
export function setGlobalValtioStateManagerVue(manager: AdapterManager | null): void {
  if (manager !== null) assertAdapterManager(manager, 'setGlobalValtioStateManagerVue');
  valtioVueSlot.manager = manager;
}

/**
 * One key as a ref (`v-model` works on it) and its setter; the ref updates after the write
 * is committed (`{ sync: true }` for inside `set`).
 * @example
 * const { value: user, setValue: setUser } = useValtioGlobalStateVue<User>('user');
 */
export function useValtioGlobalStateVue<T = unknown>(key: string, options?: StateComposableOptions): GlobalStateRef<T> {
  return valtio.useState<T>(key, options);
}

/**
 * Several keys as one read-only reactive object, each key tracked on its own.
 * @example
 * const { values, setValues } = useValtioGlobalStatesVue(['theme', 'count']);
 * setValues({ count: 0 });
 */
export function useValtioGlobalStatesVue<V extends Record<string, unknown> = Record<string, unknown>>(
  keys: readonly string[],
  options?: StateComposableOptions,
): { values: Readonly<Partial<V>>; setValues: (next: Updater<Partial<V>>) => void } {
  return valtio.useStates<V>(keys, options);
}

/**
 * Calls `listener(key, value, event)` for every change until the scope ends; returns a stop.
 * @example
 * useValtioGlobalStateListenerVue((key) => console.log('changed', key));
 */
export function useValtioGlobalStateListenerVue(listener: KeyStateListener): () => void {
  return valtio.useListener(listener);
}

/**
 * Registers the MFE until the scope ends; returns the release.
 * @example
 * useValtioMFERegistrationVue('checkout', { version: '3.1.0' });
 */
export function useValtioMFERegistrationVue(id: string, meta?: MFERegistrationMeta): () => void {
  return valtio.useRegistration(id, meta);
}

/**
 * A nested path of a key as a ref; only this path's readers update on the new manager.
 * @example
 * const { value: qty } = useValtioGlobalPathVue<number>('cart', ['items', 0, 'qty']);
 */
export function useValtioGlobalPathVue<T = unknown>(key: string, path: Path, options?: StateComposableOptions): GlobalStateRef<T> {
  return valtio.usePathState<T>(key, path, options);
}

/**
 * The whole store, deeply read-only and reactive per property: a template re-renders only
 * when a value it read changed, down to nested paths.
 * @example
 * const store = useValtioStoreVue(); // template: {{ store.user.profile.name }}
 */
export function useValtioStoreVue<S extends Record<string, unknown> = Record<string, unknown>>(): Readonly<S> {
  return valtio.useStore<S>();
}

/**
 * A value computed from the state as a read-only `shallowRef`, updated only when it changes
 * (by `equality`, default `Object.is`). Takes a selector from `manager.createSelector` or a
 * function; the function is tracked: re-run only when a value it read changed, subscribed
 * to exactly the paths it read, so writes to other keys or other members of the same key
 * neither re-run it nor touch the ref. The function is taken once, in `setup()`, and
 * should read only the state: Vue refs it reads are not tracked (select the state, then
 * combine with props in a `computed`).
 * Both managers work (on the legacy one, every write of a key it read compares the values
 * at the paths it read). Released with the scope (`onScopeDispose`). Uses the manager of
 * `setGlobalValtioStateManagerVue`; a selector object needs none.
 * @example
 * const itemCount = useSelectorVue((s) => s.cart.items.length); // template: {{ itemCount }}
 * const total = useSelectorVue(cartTotal); // cartTotal = manager.createSelector((s) => ...)
 */
export function useSelectorVue<R>(selectorOrFn: SelectorLike<R> | SelectFn<R>, equality?: Equality<R>): Readonly<ShallowRef<R>> {
  return power.useSelector(selectorOrFn, equality);
}

/**
 * Calls `fn(value, previous)` until the scope ends whenever the value at a nested path
 * changes, and only then: not for writes of an equal value, nor for sibling paths or other
 * keys (on the legacy manager too). The path is `'key.member.member'` (digits are array
 * indices) or `[key, ...path]`. Once at the end of the task on the new manager (`{ sync:
 * true }`: inside the write). Returns a stop; `onScopeDispose` also stops it.
 * @example
 * useWatchPathVue<string>('user.profile.name', (name, before) => console.log(before, '->', name));
 */
export function useWatchPathVue<T = unknown>(path: PathSpec, fn: WatchPathCallback<T>, options?: WatchPathOptions): () => void {
  return power.useWatchPath<T>(path, fn, options);
}

/**
 * `VueAdapter` plus the Valtio-named composables, bound to `manager`.
 * @example
 * const adapter = createValtioVueAdapter(manager);
 * createApp(App).use(adapter).mount('#app');
 */
export function createValtioVueAdapter(manager: AdapterManager): ValtioVueAdapter {
  return new ValtioVueAdapter(manager);
}

// What `manager.getAdapter('vue')` gives: registered here, on import, so the managers
// (and `/core`) never import Vue themselves.
registerAdapterFactory('vue', (manager, valtio) =>
  valtio ? createValtioVueAdapter(manager as AdapterManager) : new VueAdapter(manager as AdapterManager));

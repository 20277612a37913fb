/**
 * React 18/19 bindings of `@mfe/universal-state` (`@mfe/universal-state/react`).
 *
 * Two sets of names over the same hooks: the legacy names read the manager given to
 * `setGlobalStateManager`, the Valtio names the one given to
 * `setGlobalValtioStateManagerReact`. Both work with either manager; on the legacy manager a
 * write notifies every hook of its key, on the new one only the hooks whose path changed.
 * Legacy names re-render synchronously inside `set` (the legacy contract); Valtio names
 * after the write is committed, unless `{ sync: true }` is given. A hook's own setter
 * always re-renders its component at once, so controlled inputs keep their caret.
 * `useSelector` and `useWatchPath` (selectors and path watching, docs/api-contract.md section 4) have one name
 * each and use whichever of the two managers is set.
 */
import type { Path } from '../internal/path-subscription.js';
import { createHooks, type KeyStateListener, type MFERegistrationMeta, type SetState, type StateHookOptions } from './hooks.js';
import { assertAdapterManager, legacySlot, requireAnyManager, requireManager, valtioSlot, type AdapterManager } from './manager-slot.js';
import type { Updater } from '../adapters-shared/paths.js';
import type { Equality, SelectFn, SelectorLike } from '../adapters-shared/selection.js';
import type { PathSpec, WatchPathCallback } from '../adapters-shared/path-watch.js';
import { createSelectorHooks, type WatchPathOptions } from './selector-hooks.js';
import { registerAdapterFactory } from '../internal/adapters.js';

export type { AdapterManager } from './manager-slot.js';
export type { KeyStateListener, MFERegistrationMeta, SetState, StateHookOptions } from './hooks.js';
export type { Updater } from '../adapters-shared/paths.js';
export type { Equality, SelectFn, SelectorLike } from '../adapters-shared/selection.js';
export type { PathSpec, WatchPathCallback } from '../adapters-shared/path-watch.js';
export type { WatchPathOptions } from './selector-hooks.js';

const legacyNames = {
  state: 'useGlobalState',
  states: 'useGlobalStates',
  listener: 'useGlobalStateListener',
  registration: 'useMFERegistration',
  path: 'useGlobalPath',
  store: 'useGlobalStore',
};
const valtioNames = {
  state: 'useValtioGlobalState',
  states: 'useValtioGlobalStates',
  listener: 'useValtioGlobalStateListener',
  registration: 'useValtioMFERegistration',
  path: 'useValtioGlobalPath',
  store: 'useValtioStore',
};

const legacy = createHooks((hook) => requireManager(legacySlot, hook), legacyNames, { sync: true });
const valtio = createHooks((hook) => requireManager(valtioSlot, hook), valtioNames, { sync: false });
const selectorNames = { selector: 'useSelector', watchPath: 'useWatchPath' };
const power = createSelectorHooks(requireAnyManager, selectorNames);

/**
 * Sets the manager the legacy-named hooks use (either manager works). `null` unsets it.
 * @example
 * setGlobalStateManager(getGlobalStateManager({ useValtio: true }));
 */
export function setGlobalStateManager(manager: AdapterManager | null): void {
  if (manager !== null) assertAdapterManager(manager, 'setGlobalStateManager');
  legacySlot.manager = manager;
}

/**
 * Sets the manager the Valtio-named hooks use (either manager works). `null` unsets it.
 * @example
 * setGlobalValtioStateManagerReact(new ValtioStateManager({ crossTab: true }));
 */
export function setGlobalValtioStateManagerReact(manager: AdapterManager | null): void {
  if (manager !== null) assertAdapterManager(manager, 'setGlobalValtioStateManagerReact');
  valtioSlot.manager = manager;
}

/**
 * One key's value and its setter; re-renders when the key's value changes.
 * @example
 * const [theme, setTheme] = useGlobalState<'light' | 'dark'>('theme');
 * return <button onClick={() => setTheme((t) => (t === 'dark' ? 'light' : 'dark'))}>{theme}</button>;
 */
export function useGlobalState<T = unknown>(key: string, options?: StateHookOptions): [T | undefined, SetState<T | undefined>] {
  return legacy.useState<T>(key, options);
}

/**
 * Several keys as one object, and a setter taking some of them.
 * @example
 * const [{ user, theme }, setMany] = useGlobalStates<{ user: User; theme: string }>(['user', 'theme']);
 * setMany({ theme: 'dark' });
 */
export function useGlobalStates<V extends Record<string, unknown> = Record<string, unknown>>(
  keys: readonly string[],
  options?: StateHookOptions,
): [Readonly<Partial<V>>, (next: Updater<Partial<V>>) => void] {
  return legacy.useStates<V>(keys, options);
}

/**
 * Calls `listener(key, value, event)` for every change of every key while mounted.
 * @example
 * useGlobalStateListener((key, value) => console.log('changed', key, value));
 */
export function useGlobalStateListener(listener: KeyStateListener): void {
  legacy.useListener(listener);
}

/**
 * Registers the MFE while the component is mounted (`registerMFE`), unregisters on unmount.
 * @example
 * useMFERegistration('cart', { version: '1.4.0' });
 */
export function useMFERegistration(id: string, meta?: MFERegistrationMeta): void {
  legacy.useRegistration(id, meta);
}

/**
 * The value at a nested path of a key, and a setter for that path only. On the new manager
 * the component re-renders only when this path changes.
 * @example
 * const [name, setName] = useGlobalPath<string>('user', ['profile', 'name']);
 * return <input value={name ?? ''} onChange={(e) => setName(e.target.value)} />;
 */
export function useGlobalPath<T = unknown>(key: string, path: Path, options?: StateHookOptions): [T | undefined, SetState<T | undefined>] {
  return legacy.usePathState<T>(key, path, options);
}

/**
 * Same as `useGlobalState`, on the manager of `setGlobalValtioStateManagerReact`; re-renders
 * after other writers' writes are committed (`{ sync: true }`: inside their `set`), and at
 * once after its own setter, so a controlled input keeps its caret.
 * @example
 * const [draft, setDraft] = useValtioGlobalState<string>('draft');
 * return <input value={draft ?? ''} onChange={(e) => setDraft(e.target.value)} />;
 */
export function useValtioGlobalState<T = unknown>(key: string, options?: StateHookOptions): [T | undefined, SetState<T | undefined>] {
  return valtio.useState<T>(key, options);
}

/**
 * Same as `useGlobalStates`, on the Valtio-named manager.
 * @example
 * const [{ count }, setValues] = useValtioGlobalStates<{ count: number }>(['count']);
 */
export function useValtioGlobalStates<V extends Record<string, unknown> = Record<string, unknown>>(
  keys: readonly string[],
  options?: StateHookOptions,
): [Readonly<Partial<V>>, (next: Updater<Partial<V>>) => void] {
  return valtio.useStates<V>(keys, options);
}

/**
 * Same as `useGlobalStateListener`, on the Valtio-named manager.
 * @example
 * useValtioGlobalStateListener((key) => key === 'session' && refetch());
 */
export function useValtioGlobalStateListener(listener: KeyStateListener): void {
  valtio.useListener(listener);
}

/**
 * Same as `useMFERegistration`, on the Valtio-named manager.
 * @example
 * useValtioMFERegistration('profile', { version: '2.0.0' });
 */
export function useValtioMFERegistration(id: string, meta?: MFERegistrationMeta): void {
  valtio.useRegistration(id, meta);
}

/**
 * Same as `useGlobalPath`, on the Valtio-named manager.
 * @example
 * const [qty, setQty] = useValtioGlobalPath<number>('cart', ['items', 3, 'qty']);
 */
export function useValtioGlobalPath<T = unknown>(key: string, path: Path, options?: StateHookOptions): [T | undefined, SetState<T | undefined>] {
  return valtio.usePathState<T>(key, path, options);
}

/**
 * An immutable snapshot of the whole store that records what the component reads and
 * re-renders only when one of those values changes, down to nested paths.
 * @example
 * const snap = useValtioStore<{ user: { profile: { name: string } } }>();
 * return <h1>{snap.user.profile.name}</h1>; // ignores writes to anything else
 */
export function useValtioStore<S extends Record<string, unknown> = Record<string, unknown>>(options?: Pick<StateHookOptions, 'sync'>): Readonly<S> {
  return valtio.useStore<S>(options);
}

/**
 * A value computed from the state, re-rendering only when it changes (by `equality`,
 * default `Object.is`). Takes a selector from `manager.createSelector` (its own tracking and
 * subscription) or a function: the function is tracked here, re-run only when a value it
 * read changed, and subscribed to exactly the paths it read, so writes to other keys, or to
 * other members of the same key, neither re-run it nor re-render. A function given inline
 * also runs once per render of the component (it may close over new props); wrap it in
 * `useCallback` or pass a selector to spare that. Both managers work: the legacy one
 * notifies on every write of a key the function read, and the values at the paths it read
 * are compared, so it re-runs only if one changed. Uses the manager of
 * `setGlobalValtioStateManagerReact`, else of `setGlobalStateManager`; a selector object
 * needs neither. Updates after the write is committed (end of the task) on the new manager.
 * @example
 * const itemCount = useSelector((s) => s.cart.items.length);
 * const total = useSelector(cartTotal); // cartTotal = manager.createSelector((s) => ...)
 * const user = useSelector((s) => ({ name: s.user.name, age: s.user.age }), shallowEqual);
 */
export function useSelector<R>(selectorOrFn: SelectorLike<R> | SelectFn<R>, equality?: Equality<R>): R {
  return power.useSelector(selectorOrFn, equality);
}

/**
 * Calls `fn(value, previous)` while mounted whenever the value at a nested path changes,
 * and only then: not for writes of an equal value, nor for writes to sibling paths or other
 * keys (on the legacy manager too, where values are compared). The path is
 * `'key.member.member'` (digits are array indices) or `[key, ...path]` for keys with dots.
 * The latest `fn` is called without resubscribing; unmounting stops it. Once at the end of
 * the task on the new manager (`{ sync: true }`: inside the write). Manager as for
 * `useSelector`.
 * @example
 * useWatchPath<string>('user.profile.name', (name, before) => toast(`${before} is now ${name}`));
 * useWatchPath(['feature.flags', 'beta'], (on) => setBanner(Boolean(on)));
 */
export function useWatchPath<T = unknown>(path: PathSpec, fn: WatchPathCallback<T>, options?: WatchPathOptions): void {
  power.useWatchPath<T>(path, fn, options);
}

/** Every hook bound to one manager, legacy and Valtio names alike (what `getAdapter('react')` gives). */
export interface ReactAdapter {
  readonly manager: AdapterManager;
  useGlobalState: typeof useGlobalState;
  useGlobalStates: typeof useGlobalStates;
  useGlobalStateListener: typeof useGlobalStateListener;
  useMFERegistration: typeof useMFERegistration;
  useGlobalPath: typeof useGlobalPath;
  useValtioGlobalState: typeof useValtioGlobalState;
  useValtioGlobalStates: typeof useValtioGlobalStates;
  useValtioGlobalStateListener: typeof useValtioGlobalStateListener;
  useValtioMFERegistration: typeof useValtioMFERegistration;
  useValtioGlobalPath: typeof useValtioGlobalPath;
  useValtioStore: typeof useValtioStore;
  useSelector: typeof useSelector;
  useWatchPath: typeof useWatchPath;
}

/**
 * The hooks bound to `manager`, for MFEs that get the manager from the container instead
 * of a module-level setter.
 * @example
 * const { useGlobalState } = createReactAdapter(services.stateManager);
 */
export function createReactAdapter(manager: AdapterManager): ReactAdapter {
  assertAdapterManager(manager, 'createReactAdapter');
  const bound = () => manager;
  const l = createHooks(bound, legacyNames, { sync: true });
  const v = createHooks(bound, valtioNames, { sync: false });
  const p = createSelectorHooks(bound, selectorNames);
  return Object.freeze({
    manager,
    useGlobalState: l.useState,
    useGlobalStates: l.useStates,
    useGlobalStateListener: l.useListener,
    useMFERegistration: l.useRegistration,
    useGlobalPath: l.usePathState,
    useValtioGlobalState: v.useState,
    useValtioGlobalStates: v.useStates,
    useValtioGlobalStateListener: v.useListener,
    useValtioMFERegistration: v.useRegistration,
    useValtioGlobalPath: v.usePathState,
    useValtioStore: v.useStore,
    useSelector: p.useSelector,
    useWatchPath: p.useWatchPath,
  });
}

/**
 * Same as `createReactAdapter` (the name the Valtio PR used).
 * @example
 * const { useValtioStore } = createValtioReactAdapter(manager);
 */
export function createValtioReactAdapter(manager: AdapterManager): ReactAdapter {
  return createReactAdapter(manager);
}

// What `manager.getAdapter('react')` gives: registered here, on import, so the managers
// (and `/core`) never import React themselves.
registerAdapterFactory('react', (manager, valtio) =>
  valtio ? createValtioReactAdapter(manager as AdapterManager) : createReactAdapter(manager as AdapterManager));

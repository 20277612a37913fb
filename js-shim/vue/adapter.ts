/**
 * `VueAdapter`: the legacy Vue API (an instance per manager, composables as methods, a
 * plugin), and `ValtioVueAdapter`, the same plus the Valtio-named composables.
 */
import { inject, type App } from 'vue';
import { VUE_ADAPTER_KEY } from './adapter-key.js';
import type { Path } from '../internal/path-subscription.js';
import type { Updater } from '../adapters-shared/paths.js';
import {
  createComposables, type GlobalStateRef, type KeyStateListener, type MFERegistrationMeta, type StateComposableOptions,
} from './composables.js';
import { assertAdapterManager, type AdapterManager } from './manager-slot.js';
import { createSelectorComposables, type WatchPathOptions } from './selector-composables.js';
import type { Equality, SelectFn, SelectorLike } from '../adapters-shared/selection.js';
import type { PathSpec, WatchPathCallback } from '../adapters-shared/path-watch.js';
import type { ShallowRef } from 'vue';

/** What `install(app)` provides; `useVueAdapter()` injects it. */
export { VUE_ADAPTER_KEY };

const legacyNames = {
  state: 'VueAdapter.useGlobalState',
  states: 'VueAdapter.useGlobalStates',
  listener: 'VueAdapter.useGlobalStateListener',
  registration: 'VueAdapter.useMFERegistration',
  path: 'VueAdapter.useGlobalPath',
  store: 'VueAdapter.useStore',
};
export const valtioVueNames = {
  state: 'useValtioGlobalStateVue',
  states: 'useValtioGlobalStatesVue',
  listener: 'useValtioGlobalStateListenerVue',
  registration: 'useValtioMFERegistrationVue',
  path: 'useValtioGlobalPathVue',
  store: 'useValtioStoreVue',
};
export const selectorVueNames = { selector: 'useSelectorVue', watchPath: 'useWatchPathVue' };

/** A store object for Options-API code and plugins: the read-only state plus writes. */
export interface VueStore {
  readonly state: Readonly<Record<string, unknown>>;
  get<T = unknown>(key: string): T | undefined;
  set<T = unknown>(key: string, value: T, source?: string): void;
  delete(key: string): void;
}

/**
 * The composables bound to one manager; methods are pre-bound, so destructuring works.
 * Legacy-named composables update synchronously inside `set` (the legacy contract).
 * @example
 * const adapter = new VueAdapter(manager);
 * app.use(adapter); // provides it to every component
 * // in setup():
 * const { value: theme, setValue: setTheme } = adapter.useGlobalState<string>('theme');
 */
export class VueAdapter {
  readonly manager: AdapterManager;
  private readonly legacy: ReturnType<typeof createComposables>;

  constructor(manager: AdapterManager) {
    assertAdapterManager(manager, 'VueAdapter');
    this.manager = manager;
    this.legacy = createComposables(() => manager, legacyNames, { sync: true });
  }

  /**
   * One key as a ref (`v-model` works on it) and its setter.
   * @example
   * const { value: count, setValue } = adapter.useGlobalState<number>('count');
   * setValue((n) => (n ?? 0) + 1);
   */
  useGlobalState = <T = unknown>(key: string, options?: StateComposableOptions): GlobalStateRef<T> => this.legacy.useState<T>(key, options);

  /**
   * Several keys as one read-only reactive object, and a setter taking some of them.
   * @example
   * const { state, setState } = adapter.useGlobalStates(['theme', 'user']);
   * setState({ theme: 'dark' });
   */
  useGlobalStates = <V extends Record<string, unknown> = Record<string, unknown>>(keys: readonly string[], options?: StateComposableOptions) => {
    const { values, setValues } = this.legacy.useStates<V>(keys, options);
    return { state: values, setState: setValues as (next: Updater<Partial<V>>) => void };
  };

  /**
   * Calls `listener(key, value, event)` for every change until the scope ends; returns a stop.
   * @example
   * adapter.useGlobalStateListener((key, value) => console.log(key, value));
   */
  useGlobalStateListener = (listener: KeyStateListener): (() => void) => this.legacy.useListener(listener);

  /**
   * A nested path of a key as a ref; on the new manager only this path's readers update.
   * @example
   * const { value: name } = adapter.useGlobalPath<string>('user', ['profile', 'name']);
   */
  useGlobalPath = <T = unknown>(key: string, path: Path, options?: StateComposableOptions): GlobalStateRef<T> => this.legacy.usePathState<T>(key, path, options);

  /**
   * Registers the MFE until the scope ends (then unregisters it); returns the release.
   * @example
   * adapter.useMFERegistration('settings', { version: '1.0.0' });
   */
  useMFERegistration = (id: string, meta?: MFERegistrationMeta): (() => void) => this.legacy.useRegistration(id, meta);

  /**
   * The whole store, deeply read-only and reactive per property.
   * @example
   * const store = adapter.useStore(); // template: {{ store.user.profile.name }}
   */
  useStore = <S extends Record<string, unknown> = Record<string, unknown>>(): Readonly<S> => this.legacy.useStore<S>();

  /**
   * A store object (state + get/set/delete) for the current scope.
   * @example
   * const store = adapter.createStore();
   * store.set('theme', 'dark');
   */
  createStore = (): VueStore => {
    const manager = this.manager;
    return {
      state: this.legacy.useStore(),
      get: <T>(key: string) => manager.get<T>(key),
      set: <T>(key: string, value: T, source = 'vue') => manager.set(key, value, source),
      delete: (key: string) => manager.delete(key),
    };
  };

  /**
   * Vue plugin: `app.use(adapter)` provides the adapter (`useVueAdapter()`) and sets
   * `$stateManager` / `$globalState` for the Options API.
   * @example
   * createApp(App).use(new VueAdapter(manager)).mount('#app');
   */
  install(app: App): void {
    app.provide(VUE_ADAPTER_KEY, this);
    app.config.globalProperties.$stateManager = this.manager;
    app.config.globalProperties.$globalState = this;
  }
}

/**
 * `VueAdapter` plus the Valtio-named composables, bound to one manager (what
 * `getAdapter('vue')` gives on the new manager). Valtio names update after the write is
 * committed unless `{ sync: true }` is given.
 * @example
 * const adapter = createValtioVueAdapter(manager);
 * const store = adapter.useValtioStoreVue();
 */
export class ValtioVueAdapter extends VueAdapter {
  private readonly valtio: ReturnType<typeof createComposables>;
  private readonly power: ReturnType<typeof createSelectorComposables>;

  constructor(manager: AdapterManager) {
    super(manager);
    this.valtio = createComposables(() => manager, valtioVueNames, { sync: false });
    this.power = createSelectorComposables(() => manager, selectorVueNames);
  }

  /**
   * `useValtioGlobalStateVue` bound to this adapter's manager.
   * @example
   * const { value: user } = adapter.useValtioGlobalStateVue<User>('user');
   */
  useValtioGlobalStateVue = <T = unknown>(key: string, options?: StateComposableOptions): GlobalStateRef<T> => this.valtio.useState<T>(key, options);
  /**
   * `useValtioGlobalStatesVue` bound to this adapter's manager.
   * @example
   * const { values, setValues } = adapter.useValtioGlobalStatesVue(['theme', 'count']);
   */
  useValtioGlobalStatesVue = <V extends Record<string, unknown> = Record<string, unknown>>(keys: readonly string[], options?: StateComposableOptions) =>
    this.valtio.useStates<V>(keys, options);
  /**
   * `useValtioGlobalStateListenerVue` bound to this adapter's manager.
   * @example
   * adapter.useValtioGlobalStateListenerVue((key, value) => console.log(key, value));
   */
  useValtioGlobalStateListenerVue = (listener: KeyStateListener): (() => void) => this.valtio.useListener(listener);
  /**
   * `useValtioMFERegistrationVue` bound to this adapter's manager.
   * @example
   * adapter.useValtioMFERegistrationVue('profile', { version: '2.0.0' });
   */
  useValtioMFERegistrationVue = (id: string, meta?: MFERegistrationMeta): (() => void) => this.valtio.useRegistration(id, meta);
  /**
   * `useValtioGlobalPathVue` bound to this adapter's manager.
   * @example
   * const { value: qty } = adapter.useValtioGlobalPathVue<number>('cart', ['items', 0, 'qty']);
   */
  useValtioGlobalPathVue = <T = unknown>(key: string, path: Path, options?: StateComposableOptions): GlobalStateRef<T> =>
    this.valtio.usePathState<T>(key, path, options);
  /**
   * `useValtioStoreVue` bound to this adapter's manager.
   * @example
   * const store = adapter.useValtioStoreVue(); // template: {{ store.user.profile.name }}
   */
  useValtioStoreVue = <S extends Record<string, unknown> = Record<string, unknown>>(): Readonly<S> => this.valtio.useStore<S>();
  /**
   * `useSelectorVue` bound to this adapter's manager.
   * @example
   * const itemCount = adapter.useSelectorVue((s) => s.cart.items.length);
   */
  useSelectorVue = <R>(selectorOrFn: SelectorLike<R> | SelectFn<R>, equality?: Equality<R>): Readonly<ShallowRef<R>> =>
    this.power.useSelector(selectorOrFn, equality);
  /**
   * `useWatchPathVue` bound to this adapter's manager.
   * @example
   * adapter.useWatchPathVue('user.profile.name', (name) => console.log(name));
   */
  useWatchPathVue = <T = unknown>(path: PathSpec, fn: WatchPathCallback<T>, options?: WatchPathOptions): (() => void) =>
    this.power.useWatchPath<T>(path, fn, options);
}

/**
 * The adapter installed with `app.use(adapter)`, from any component's setup().
 * @example
 * const { useGlobalState } = useVueAdapter();
 */
export function useVueAdapter(): VueAdapter {
  const adapter = inject(VUE_ADAPTER_KEY, null);
  if (adapter === null) throw new Error('useVueAdapter: no adapter provided. Call app.use(new VueAdapter(manager)) before mounting.');
  return adapter;
}

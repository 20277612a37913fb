/**
 * `@mfe/universal-state`: every name the legacy package exported (docs/api-contract.md section 2), both
 * managers, and the React and Vue bindings. The root pulls in both frameworks' glue; apps
 * that use one framework can import `/core`, `/react` or `/vue` and never load the other.
 *
 * @example
 * import { getGlobalStateManager, setGlobalStateManager, useGlobalState } from '@mfe/universal-state';
 * const manager = getGlobalStateManager({ useValtio: import.meta.env.VITE_USE_VALTIO_STATE === 'true' });
 * setGlobalStateManager(manager);
 */
export * from './core.js';

// React: the legacy hook names over setGlobalStateManager, and the Valtio-named set.
export {
  setGlobalStateManager, setGlobalValtioStateManagerReact,
  useGlobalState, useGlobalStates, useGlobalStateListener, useMFERegistration, useGlobalPath,
  useValtioGlobalState, useValtioGlobalStates, useValtioGlobalStateListener, useValtioMFERegistration,
  useValtioGlobalPath, useValtioStore, useSelector, useWatchPath,
  createReactAdapter, createValtioReactAdapter,
  type ReactAdapter,
} from './react/index.js';

// Vue 3: the adapter class and the Valtio-named set with the `Vue` suffix.
export {
  VueAdapter, ValtioVueAdapter, VUE_ADAPTER_KEY, useVueAdapter,
  setGlobalValtioStateManagerVue, useValtioGlobalStateVue, useValtioGlobalStatesVue,
  useValtioGlobalStateListenerVue, useValtioMFERegistrationVue, useValtioGlobalPathVue, useValtioStoreVue,
  useSelectorVue, useWatchPathVue,
  createValtioVueAdapter,
  type VueStore,
} from './vue/index.js';

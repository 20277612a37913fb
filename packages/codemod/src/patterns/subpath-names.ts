/**
 * Which subpath entry of @mfe/universal-state exports each name of the root entry. The root
 * re-exports `/core` whole, plus the React and Vue bindings listed here; an app that imports
 * from the subpath of its framework (or `/core`) never makes its bundler resolve the other
 * framework. tests/js/codemod-subpath-names.test.ts reads the real exports of the entries and
 * fails when a name is missing here or listed under the wrong entry.
 */

/** Root names that come from `@mfe/universal-state/react`. */
export const REACT_ROOT_NAMES: readonly string[] = [
  'ReactAdapter', 'createReactAdapter', 'createValtioReactAdapter',
  'setGlobalStateManager', 'setGlobalValtioStateManagerReact',
  'useGlobalPath', 'useGlobalState', 'useGlobalStateListener', 'useGlobalStates', 'useMFERegistration',
  'useSelector', 'useValtioGlobalPath', 'useValtioGlobalState', 'useValtioGlobalStateListener',
  'useValtioGlobalStates', 'useValtioMFERegistration', 'useValtioStore', 'useWatchPath',
];

/** Root names that come from `@mfe/universal-state/vue`. */
export const VUE_ROOT_NAMES: readonly string[] = [
  'VUE_ADAPTER_KEY', 'ValtioVueAdapter', 'VueAdapter', 'VueStore', 'createValtioVueAdapter',
  'setGlobalValtioStateManagerVue', 'useSelectorVue', 'useValtioGlobalPathVue', 'useValtioGlobalStateListenerVue',
  'useValtioGlobalStateVue', 'useValtioGlobalStatesVue', 'useValtioMFERegistrationVue', 'useValtioStoreVue',
  'useVueAdapter', 'useWatchPathVue',
];

/** Root names that come from `@mfe/universal-state/core` (framework-free). */
export const CORE_ROOT_NAMES: readonly string[] = [
  'AnyStateManager', 'CreateStateManagerConfig', 'DerivedState', 'ErrorReporter', 'FrameworkName',
  'GlobalStateListener', 'History', 'HistoryOptions', 'LEGACY_CHANNEL', 'MFEHandle', 'MFEMetadata',
  'MFEMetadataInput', 'Path', 'PathSegment', 'PathSubscribable', 'PathWatcher', 'Selector', 'SelectorFn',
  'StateAccessError', 'StateChangeEvent', 'StateCoreError', 'StateError', 'StateErrorCode', 'StateLimitError', 'StateListener',
  'StateManager', 'StateManagerConfig', 'StateMiddleware', 'StateStorageError', 'StateSyncError', 'StateTransactionError', 'StateValidationError',
  'StateValidator', 'StorageErrorCode', 'SyncErrorCode', 'DevtoolsMessageError', 'DevtoolsErrorCode', 'UniversalStateManager', 'Unsubscribe', 'ValtioStateManager', 'ValtioStateManagerConfig',
  'createMFEHandle', 'createStateManager', 'getGlobalStateManager', 'loggingMiddleware',
  'resetGlobalStateManager', 'validationMiddleware', 'WasmSource',
];

export const ROOT_MODULE = '@mfe/universal-state';
export type Subpath = '/core' | '/react' | '/vue';

const BY_NAME = new Map<string, Subpath>([
  ...CORE_ROOT_NAMES.map((n) => [n, '/core'] as const),
  ...REACT_ROOT_NAMES.map((n) => [n, '/react'] as const),
  ...VUE_ROOT_NAMES.map((n) => [n, '/vue'] as const),
]);

/** The subpath that exports a root name, or null when the root does not export it. */
export function subpathOf(name: string): Subpath | null {
  return BY_NAME.get(name) ?? null;
}

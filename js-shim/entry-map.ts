/**
 * Which subpath entry exports each name of the root entry `@mfe/universal-state`. The root
 * entry keeps every legacy name but needs both React and Vue installed; an app with one
 * framework (or none) imports the same names from the subpath listed here instead, and the
 * codemod rewrites root imports with this table. `value` names exist at run time (functions,
 * classes, constants); `type` names only in the .d.ts files (rewrite them as `import type`).
 * A test checks this table against what the built entries really export.
 */

export const ROOT_ENTRY = '@mfe/universal-state';
export const SUBPATH_ENTRIES = {
  core: '@mfe/universal-state/core',
  react: '@mfe/universal-state/react',
  vue: '@mfe/universal-state/vue',
} as const;

export type SubpathName = keyof typeof SUBPATH_ENTRIES;
export type SubpathEntry = (typeof SUBPATH_ENTRIES)[SubpathName];

/** The root entry's names, per subpath and kind. */
export const ROOT_NAMES_BY_SUBPATH: Readonly<Record<SubpathName, { readonly values: readonly string[]; readonly types: readonly string[] }>> = {
  core: {
    values: [
      'UniversalStateManager', 'LEGACY_CHANNEL', 'ValtioStateManager', 'createStateManager',
      'getGlobalStateManager', 'resetGlobalStateManager', 'loggingMiddleware', 'validationMiddleware',
      'StateError', 'StateValidationError', 'StateLimitError', 'StateAccessError', 'StateCoreError',
      'StateTransactionError', 'StateStorageError', 'StateSyncError', 'DevtoolsMessageError',
      'createMFEHandle',
    ],
    types: [
      'ValtioStateManagerConfig', 'AnyStateManager', 'CreateStateManagerConfig', 'StateValidator',
      'StateErrorCode', 'StorageErrorCode', 'SyncErrorCode', 'DevtoolsErrorCode', 'StateChangeEvent',
      'StateListener', 'GlobalStateListener', 'StateMiddleware', 'Unsubscribe', 'ErrorReporter',
      'StateManagerConfig', 'MFEMetadata', 'FrameworkName', 'StateManager', 'Path', 'PathSegment',
      'PathSubscribable', 'MFEMetadataInput', 'MFEHandle', 'Selector', 'SelectorFn', 'DerivedState',
      'PathWatcher', 'History', 'HistoryOptions', 'WasmSource',
    ],
  },
  react: {
    values: [
      'setGlobalStateManager', 'setGlobalValtioStateManagerReact', 'useGlobalState', 'useGlobalStates',
      'useGlobalStateListener', 'useMFERegistration', 'useGlobalPath', 'useValtioGlobalState',
      'useValtioGlobalStates', 'useValtioGlobalStateListener', 'useValtioMFERegistration',
      'useValtioGlobalPath', 'useValtioStore', 'useSelector', 'useWatchPath', 'createReactAdapter',
      'createValtioReactAdapter',
    ],
    types: [
      'ReactAdapter',
    ],
  },
  vue: {
    values: [
      'VueAdapter', 'ValtioVueAdapter', 'VUE_ADAPTER_KEY', 'useVueAdapter', 'setGlobalValtioStateManagerVue',
      'useValtioGlobalStateVue', 'useValtioGlobalStatesVue', 'useValtioGlobalStateListenerVue',
      'useValtioMFERegistrationVue', 'useValtioGlobalPathVue', 'useValtioStoreVue', 'useSelectorVue',
      'useWatchPathVue', 'createValtioVueAdapter',
    ],
    types: [
      'VueStore',
    ],
  },
};

/** The subpath entry that exports `name` of the root entry, or undefined for a name the root does not have. */
export function subpathOf(name: string): { entry: SubpathEntry; kind: 'value' | 'type' } | undefined {
  for (const subpath of Object.keys(ROOT_NAMES_BY_SUBPATH) as SubpathName[]) {
    const names = ROOT_NAMES_BY_SUBPATH[subpath];
    if (names.values.includes(name)) return { entry: SUBPATH_ENTRIES[subpath], kind: 'value' };
    if (names.types.includes(name)) return { entry: SUBPATH_ENTRIES[subpath], kind: 'type' };
  }
  return undefined;
}

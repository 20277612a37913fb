/**
 * `@mfe/universal-state/core`: both managers, the flag, middleware, errors and types,
 * without any framework code, for vanilla MFEs and apps that want a small bundle.
 *
 * @example
 * import { createStateManager } from '@mfe/universal-state/core';
 * const manager = createStateManager({ useValtio: true, persistent: false });
 */
export { UniversalStateManager, LEGACY_CHANNEL } from './legacy/universal-state-manager.js';
export { ValtioStateManager, type ValtioStateManagerConfig } from './manager/valtio-state-manager.js';
export {
  createStateManager, getGlobalStateManager, resetGlobalStateManager,
  type AnyStateManager, type CreateStateManagerConfig,
} from './factory.js';
export { loggingMiddleware, validationMiddleware, type StateValidator } from './middleware.js';
export {
  StateError, StateValidationError, StateLimitError, StateAccessError, StateCoreError, StateTransactionError,
  type StateErrorCode,
} from './errors.js';
// What only ever arrives through `onError`: storage, other tabs, the DevTools extension.
export { StateStorageError, type StorageErrorCode } from './persist/storage-error.js';
export { StateSyncError, type SyncErrorCode } from './sync/sync-error.js';
export { DevtoolsMessageError, type DevtoolsErrorCode } from './devtools/time-travel.js';
export type {
  StateChangeEvent, StateListener, GlobalStateListener, StateMiddleware, Unsubscribe, ErrorReporter,
  StateManagerConfig, MFEMetadata, FrameworkName, StateManager,
} from './types.js';
export type { Path, PathSegment, PathSubscribable } from './internal/path-subscription.js';
export type { MFEMetadataInput } from './internal/mfe-registry.js';
export { createMFEHandle, type MFEHandle } from './access/index.js';
export type { Selector, SelectorFn, DerivedState } from './manager/selectors.js';
export type { PathWatcher } from './manager/watch-path.js';
export type { History, HistoryOptions } from './manager/history.js';
export type { WasmSource } from './wasm/wasm-source.js';

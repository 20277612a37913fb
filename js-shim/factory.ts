/**
 * The feature flag (docs/api-contract.md section 3): one call decides which manager runs.
 */
import type { StateManagerConfig } from './types.js';
import { UniversalStateManager } from './legacy/universal-state-manager.js';
import { ValtioStateManager, type ValtioStateManagerConfig } from './manager/valtio-state-manager.js';
import { peekGlobalManager, storeGlobalManager } from './internal/global-manager.js';
import { refuseRemoteOnLegacy } from './manager/remote-link.js';

export interface CreateStateManagerConfig extends ValtioStateManagerConfig {
  /** true: the new wasm-backed ValtioStateManager; false/absent: the legacy manager. */
  useValtio?: boolean;
}

export type AnyStateManager = UniversalStateManager | ValtioStateManager;

/**
 * Creates a manager; `useValtio` picks the implementation.
 *
 * @example
 * const manager = createStateManager({
 *   initialState: { theme: 'light' },
 *   useValtio: import.meta.env.VITE_USE_VALTIO_STATE === 'true',
 * });
 * console.log(manager.constructor.name); // 'ValtioStateManager' or 'UniversalStateManager'
 */
export function createStateManager(config: CreateStateManagerConfig & { useValtio: true }): ValtioStateManager;
export function createStateManager(config?: CreateStateManagerConfig & { useValtio?: false }): UniversalStateManager;
export function createStateManager(config?: CreateStateManagerConfig): AnyStateManager;
export function createStateManager(config: CreateStateManagerConfig = {}): AnyStateManager {
  const { useValtio, ...rest } = config;
  if (useValtio !== true) refuseRemoteOnLegacy(rest);
  return useValtio === true ? new ValtioStateManager(rest) : new UniversalStateManager(rest as StateManagerConfig);
}

/**
 * The process-wide manager: created by the first call (normally the container's), and
 * returned unchanged afterwards, whatever config later calls pass. Kept on globalThis
 * (internal/global-manager.ts), so an MFE that bundles its own copy of this package gets the
 * container's manager too.
 *
 * @example
 * const manager = getGlobalStateManager({ useValtio: true, initialState: { sharedCounter: 0 } });
 * getGlobalStateManager() === manager; // true
 */
export function getGlobalStateManager(config?: CreateStateManagerConfig): AnyStateManager {
  const existing = peekGlobalManager() as AnyStateManager | undefined;
  if (existing !== undefined) {
    if (config?.useValtio !== undefined && config.useValtio !== existing instanceof ValtioStateManager) {
      console.warn(`[universal-state] getGlobalStateManager: a ${existing.constructor.name} already exists; useValtio=${config.useValtio} ignored`);
    }
    return existing;
  }
  const manager = createStateManager(config);
  storeGlobalManager(manager);
  return manager;
}

/** Destroys and forgets the global manager (tests, hot reload). */
export function resetGlobalStateManager(): void {
  peekGlobalManager()?.destroy();
  storeGlobalManager(undefined);
}

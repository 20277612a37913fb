/**
 * The module-level managers the global hooks read. Two slots because the legacy platform
 * shipped two setters (`setGlobalStateManager` for the legacy names,
 * `setGlobalValtioStateManagerReact` for the Valtio names); an app may point both at the same
 * manager. Each hook's error names the setter of its own slot.
 */
import type { StateManager } from '../types.js';
import type { PathSubscribable } from '../internal/path-subscription.js';

/** What the hooks need: the public contract plus the one subscription type. */
export type AdapterManager = StateManager & PathSubscribable;

export interface ManagerSlot {
  readonly setter: string;
  manager: AdapterManager | null;
}

export const legacySlot: ManagerSlot = { setter: 'setGlobalStateManager', manager: null };
export const valtioSlot: ManagerSlot = { setter: 'setGlobalValtioStateManagerReact', manager: null };

export function requireManager(slot: ManagerSlot, hook: string): AdapterManager {
  const manager = slot.manager;
  if (manager === null) {
    throw new Error(
      `${hook}: no state manager is set. Call ${slot.setter}(manager) once at start-up, before rendering, ` +
        `or use the hooks of createReactAdapter(manager).`,
    );
  }
  return manager;
}

/** Fails early with a clear message when something that is not a manager is passed. */
export function assertAdapterManager(manager: unknown, where: string): asserts manager is AdapterManager {
  const m = manager as Partial<AdapterManager> | null;
  if (m === null || typeof m !== 'object' || typeof m.subscribePath !== 'function' || typeof m.readAt !== 'function' || typeof m.set !== 'function') {
    throw new TypeError(`${where}: expected a UniversalStateManager or ValtioStateManager (get/set/subscribePath/readAt).`);
  }
}

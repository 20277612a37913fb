/**
 * The module-level managers the global hooks read. Two slots because the legacy platform
 * shipped two setters (`setGlobalStateManager` for the legacy names,
 * `setGlobalValtioStateManagerReact` for the Valtio names); an app may point both at the same
 * manager. Each hook's error names the setter of its own slot. With neither set, hooks use
 * the page's global manager (`getGlobalStateManager`) when one exists.
 */
import type { AdapterManager } from '../adapters-shared/adapter-manager.js';
import { peekGlobalManager } from '../internal/global-manager.js';

export { assertAdapterManager, type AdapterManager } from '../adapters-shared/adapter-manager.js';

export interface ManagerSlot {
  readonly setter: string;
  manager: AdapterManager | null;
}

export const legacySlot: ManagerSlot = { setter: 'setGlobalStateManager', manager: null };
export const valtioSlot: ManagerSlot = { setter: 'setGlobalValtioStateManagerReact', manager: null };

/**
 * The slot's manager, else the page's global manager once `getGlobalStateManager` created it
 * (an app may set the slot in an effect, after the first render's hooks ran).
 */
export function requireManager(slot: ManagerSlot, hook: string): AdapterManager {
  const manager = slot.manager ?? globalFallback();
  if (manager === null) {
    throw new Error(
      `${hook}: no state manager is set. Call ${slot.setter}(manager) once at start-up, before rendering, ` +
        `or use the hooks of createReactAdapter(manager).`,
    );
  }
  return manager;
}

/**
 * For hooks that have one name only (`useSelector`, `useWatchPath`): the Valtio slot's
 * manager, else the legacy slot's, so an app that set either one works.
 */
export function requireAnyManager(hook: string): AdapterManager {
  const manager = valtioSlot.manager ?? legacySlot.manager ?? globalFallback();
  if (manager === null) {
    throw new Error(
      `${hook}: no state manager is set. Call ${valtioSlot.setter}(manager) or ${legacySlot.setter}(manager) once at ` +
        `start-up, before rendering, or use the hooks of createReactAdapter(manager).`,
    );
  }
  return manager;
}

function globalFallback(): AdapterManager | null {
  return (peekGlobalManager() as AdapterManager | undefined) ?? null;
}

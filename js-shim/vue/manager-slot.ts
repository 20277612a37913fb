/**
 * The module-level manager the Valtio-named composables read
 * (`setGlobalValtioStateManagerVue`). The legacy Vue API never had a global: it is the
 * `VueAdapter` instance an MFE creates with the manager. Parallel to react/manager-slot.ts;
 * the manager type and its check are shared (adapters-shared/adapter-manager.ts).
 */
import type { AdapterManager } from '../adapters-shared/adapter-manager.js';
import { peekGlobalManager } from '../internal/global-manager.js';

export { assertAdapterManager, type AdapterManager } from '../adapters-shared/adapter-manager.js';

export const valtioVueSlot: { manager: AdapterManager | null } = { manager: null };

/** The set manager, else the page's global manager once `getGlobalStateManager` created it. */
export function requireValtioVueManager(composable: string): AdapterManager {
  const manager = valtioVueSlot.manager ?? (peekGlobalManager() as AdapterManager | undefined) ?? null;
  if (manager === null) {
    throw new Error(
      `${composable}: no state manager is set. Call setGlobalValtioStateManagerVue(manager) once at start-up, ` +
        `before mounting, or use the composables of createValtioVueAdapter(manager).`,
    );
  }
  return manager;
}

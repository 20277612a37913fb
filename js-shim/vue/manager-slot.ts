/**
 * The module-level manager the Valtio-named composables read
 * (`setGlobalValtioStateManagerVue`). The legacy Vue API never had a global: it is the
 * `VueAdapter` instance an MFE creates with the manager. Parallel to react/manager-slot.ts.
 */
import type { AdapterManager } from '../react/manager-slot.js';

export type { AdapterManager } from '../react/manager-slot.js';
export { assertAdapterManager } from '../react/manager-slot.js';

export const valtioVueSlot: { manager: AdapterManager | null } = { manager: null };

export function requireValtioVueManager(composable: string): AdapterManager {
  const manager = valtioVueSlot.manager;
  if (manager === null) {
    throw new Error(
      `${composable}: no state manager is set. Call setGlobalValtioStateManagerVue(manager) once at start-up, ` +
        `before mounting, or use the composables of createValtioVueAdapter(manager).`,
    );
  }
  return manager;
}

/**
 * Both managers for the adapter tests, with side effects off (node / happy-dom: no real
 * storage or channel needed here; the browser tier covers those).
 */
import { UniversalStateManager } from '../../js-shim/legacy/universal-state-manager.js';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import type { StateManager, StateManagerConfig } from '../../js-shim/types.js';
import type { PathSubscribable } from '../../js-shim/internal/path-subscription.js';

export type TestManager = StateManager & PathSubscribable;

const QUIET: StateManagerConfig = { persistent: false, crossTab: false, devtools: false };

export const managers: Array<{ name: string; create(config?: StateManagerConfig): TestManager }> = [
  { name: 'UniversalStateManager', create: (config) => new UniversalStateManager({ ...QUIET, ...config }) },
  { name: 'ValtioStateManager', create: (config) => new ValtioStateManager({ ...QUIET, ...config }) },
];

/** Waits for the end-of-task commit (and the core, on the new manager). */
export async function settle(manager: StateManager): Promise<void> {
  if (manager instanceof ValtioStateManager) await manager.ready;
  await Promise.resolve();
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

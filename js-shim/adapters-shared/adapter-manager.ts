/**
 * What every adapter needs from a manager, defined once for React and Vue (docs/conventions.md, convention 7): the
 * public contract plus the one subscription type. Framework-free, so neither adapter folder
 * imports the other; each keeps its own module-level slot and error wording.
 */
import type { StateManager } from '../types.js';
import type { PathSubscribable } from '../internal/path-subscription.js';

/** What the hooks and composables need: the public contract plus the one subscription type. */
export type AdapterManager = StateManager & PathSubscribable;

/** Fails early with a clear message when something that is not a manager is passed. */
export function assertAdapterManager(manager: unknown, where: string): asserts manager is AdapterManager {
  const m = manager as Partial<AdapterManager> | null;
  const needed = ['set', 'readAt', 'snapshotAt', 'subscribePath', 'keys'] as const;
  if (m === null || typeof m !== 'object' || needed.some((name) => typeof m[name] !== 'function')) {
    throw new TypeError(`${where}: expected a UniversalStateManager or ValtioStateManager (${needed.join('/')}).`);
  }
}

/**
 * Where the page's global manager lives: on globalThis under a `Symbol.for` key, so every copy
 * of the package on the page (each MFE may bundle its own) finds the same manager, and the
 * React hooks and Vue composables can fall back to it without importing the managers.
 */
import type { StateManager } from '../types.js';
import { announceCopy } from './copies.js';

const GLOBAL_SLOT = Symbol.for('@mfe/universal-state/global-manager');
type Holder = { [GLOBAL_SLOT]?: StateManager };

/** The page's global manager, or undefined before `getGlobalStateManager` created one. */
export function peekGlobalManager(): StateManager | undefined {
  announceCopy();
  return (globalThis as Holder)[GLOBAL_SLOT];
}

export function storeGlobalManager(manager: StateManager | undefined): void {
  const holder = globalThis as Holder;
  if (manager === undefined) delete holder[GLOBAL_SLOT];
  else holder[GLOBAL_SLOT] = manager;
}

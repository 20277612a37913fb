/**
 * The run-time contract between the container and its MFEs, as on the real platform: the
 * container `import()`s an MFE bundle by URL and calls `mount(element, services)`.
 * Types only, so every bundle can import it without sharing any code.
 */
import type { AnyStateManager } from '@mfe/universal-state';

export interface MfeServices {
  /** The one manager the container created; the same object for every MFE. */
  stateManager: AnyStateManager;
}

export interface MfeModule {
  mount(element: HTMLElement, services: MfeServices): void;
  unmount(element: HTMLElement): void;
}

/** Keys the MFEs share; each MFE also owns `mfe:<id>:...` keys. */
export const SHARED_KEYS = { user: 'user', theme: 'theme', counter: 'sharedCounter' } as const;

export interface UserProfile {
  name: string;
  email: string;
}

/** `theme` may be absent after "clear all": every MFE treats that as light. */
export type Theme = 'light' | 'dark';

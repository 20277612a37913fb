/**
 * Public types shared by both managers (docs/api-contract.md section 1). Kept in one file so the legacy
 * and the new manager cannot drift apart.
 */
import type { Path, PathSubscribable } from './internal/path-subscription.js';

/** One change of one key, as listeners and middleware see it. */
export interface StateChangeEvent<T = unknown> {
  key: string;
  value: T;
  previousValue: T;
  source: string;
  timestamp: number;
}

export type StateListener<T = unknown> = (value: T, event: StateChangeEvent<T>) => void;
export type GlobalStateListener = (event: StateChangeEvent) => void;
export type StateMiddleware = (event: StateChangeEvent, next: () => void) => void;
export type Unsubscribe = () => void;

/** Where errors from outside (storage, other tabs, devtools) are reported; never thrown. */
export type ErrorReporter = (error: Error) => void;

export interface StateManagerConfig {
  /** localStorage persistence, one entry per key at `${storagePrefix}:${key}`. Default true. */
  persistent?: boolean;
  /** Default 'mfe-state'. */
  storagePrefix?: string;
  /**
   * When localStorage is written. 'coalesced' (default, new manager): the changed keys are
   * written together in the next idle moment, and at once before the page is hidden or
   * unloaded and on `flush()`. 'sync': every write is in localStorage when `set` returns,
   * as the legacy manager always did (it ignores this option), at the cost of a storage
   * write per `set`. For code and tests that read localStorage right after writing.
   */
  storageWrites?: 'coalesced' | 'sync';
  /** Cross-tab sync over BroadcastChannel 'mfe-state-sync'. Default true. */
  crossTab?: boolean;
  /** Redux DevTools + `window.__MFE_STATE__` debug handle. Default true. */
  devtools?: boolean;
  initialState?: Record<string, unknown>;
  middleware?: StateMiddleware[];
  /** Receives every error from storage, other tabs and devtools. Default: console.warn. */
  onError?: ErrorReporter;
}

export interface MFEMetadata {
  id: string;
  framework: string;
  version: string;
  registeredAt: number;
  [extra: string]: unknown;
}

export type FrameworkName = 'react' | 'vue' | 'vanilla';

/**
 * The contract both managers implement. An MFE written against this runs on either, and
 * can hand it to the React and Vue adapters as it is: the path reads and subscriptions they
 * build on (PathSubscribable) are part of it, at key granularity on the legacy manager.
 */
export interface StateManager extends PathSubscribable {
  get<T = unknown>(key: string): T | undefined;
  /**
   * Stores `value` as JSON carries it. A `Date` (any `toJSON` object) is stored as its JSON
   * form (the ISO string) and `new Number(5)` as `5`: at once on ValtioStateManager, after
   * a reload on UniversalStateManager, which keeps the object in memory until then.
   * `source` must be a string.
   */
  set<T = unknown>(key: string, value: T, source?: string): void;
  delete(key: string): void;
  clear(): void;
  subscribe<T = unknown>(key: string, listener: StateListener<T>): Unsubscribe;
  subscribeAll(listener: GlobalStateListener): Unsubscribe;
  registerMFE(id: string, metadata?: Partial<Omit<MFEMetadata, 'id' | 'registeredAt'>> & Record<string, unknown>): void;
  unregisterMFE(id: string): void;
  getSnapshot(): Record<string, unknown>;
  restoreSnapshot(snapshot: Record<string, unknown>): void;
  getAdapter(framework: FrameworkName): Promise<unknown>;
  /**
   * Writes `value` at `path` inside `key` (`value === undefined` removes the member), through
   * the same middleware and listeners as `set`. The parents on the path must exist
   * (StateValidationError 'BAD_PATH' otherwise). The new manager commits one nested change;
   * the legacy manager sets a copy of the whole key with the member replaced.
   */
  writePath(key: string, path: Path, value: unknown, source?: string): void;
  /** Every key currently in the state. */
  keys(): string[];
  /** Removes listeners, timers and channels. The manager must not be used afterwards. */
  destroy(): void;
}

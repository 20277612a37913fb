/**
 * The console handle (`window.__MFE_VALTIO_STATE__`, `window.__MFE_STATE__` for the legacy
 * manager): lets a developer read and poke the shared state from the browser console
 * without the extension. Each manager decides its name; both use this helper so the two
 * handles behave the same.
 *
 * Two generations of members live on it. The legacy platform's handle had `manager`,
 * `getState()`, `setState(key, value)` (source 'devtools'), `subscribe(key, cb)` and
 * `mfes()`, plus `state` (the live store) on the Valtio manager's; end-to-end tests and
 * runbooks of platform teams call those, so they keep their names, arguments and results.
 * `get`/`set`/`delete`/`keys`/`watch` are the newer helpers.
 */
import type { MFEMetadata, StateChangeEvent, StateListener, Unsubscribe } from '../types.js';
import { browserWindow } from './extension.js';

/** The name the new manager uses; the legacy manager used `__MFE_STATE__`. */
export const VALTIO_HANDLE_NAME = '__MFE_VALTIO_STATE__';
export const LEGACY_HANDLE_NAME = '__MFE_STATE__';

/** What the handle needs from a manager: both StateManager classes fit. */
export interface DebugHandleTarget {
  get(key: string): unknown;
  getSnapshot(): Record<string, unknown>;
  set?(key: string, value: unknown, source?: string): void;
  delete?(key: string): void;
  subscribeAll?(listener: (event: StateChangeEvent) => void): () => void;
  subscribe?(key: string, listener: StateListener<any>): Unsubscribe;
  getRegisteredMFEs?(): MFEMetadata[];
  /** The new manager's live store: what the legacy Valtio handle's `state` was. */
  getProxyStore?(): Record<string, any>;
}

export interface DebugHandle {
  /** The manager itself, for anything the helpers below do not cover. */
  readonly manager: DebugHandleTarget;
  /**
   * On a manager with a proxy store (the new manager), that live store, as the legacy Valtio
   * handle had it: `state.theme = 'dark'` writes. Otherwise a plain copy of the whole state
   * (changing it changes nothing).
   */
  readonly state: Record<string, unknown>;
  /** Legacy: the whole state as a plain object (the manager's getSnapshot()). */
  getState(): Record<string, unknown>;
  /** Legacy: writes with source 'devtools', as the legacy handle did. */
  setState(key: string, value: unknown): void;
  /** Legacy: the manager's `subscribe(key, cb)`; returns the unsubscribe function. */
  subscribe<T = unknown>(key: string, listener: StateListener<T>): Unsubscribe;
  /** Legacy: metadata of every registered MFE. */
  mfes(): MFEMetadata[];
  get(key: string): unknown;
  /** Writes with source 'console', so listeners and the devtools history say who did it. */
  set(key: string, value: unknown): void;
  delete(key: string): void;
  keys(): string[];
  /** Logs every change to the console until the returned function is called. */
  watch(): () => void;
}

export const CONSOLE_SOURCE = 'console';
/** The source the legacy handle's `setState` wrote with; kept so listeners that filter on it still work. */
export const LEGACY_HANDLE_SOURCE = 'devtools';

function createHandle(target: DebugHandleTarget): DebugHandle {
  const unsupported = (what: string) => () => {
    throw new TypeError(`this manager does not support ${what} from the debug handle`);
  };
  return Object.freeze({
    manager: target,
    get state() {
      return target.getProxyStore ? target.getProxyStore() : target.getSnapshot();
    },
    getState: () => target.getSnapshot(),
    setState: target.set
      ? (key: string, value: unknown) => target.set!(key, value, LEGACY_HANDLE_SOURCE)
      : unsupported('setState'),
    subscribe: target.subscribe
      ? <T>(key: string, listener: StateListener<T>) => target.subscribe!(key, listener as StateListener<any>)
      : unsupported('subscribe'),
    mfes: () => (target.getRegisteredMFEs ? target.getRegisteredMFEs() : []),
    get: (key: string) => target.get(key),
    set: target.set ? (key: string, value: unknown) => target.set!(key, value, CONSOLE_SOURCE) : unsupported('set'),
    delete: target.delete ? (key: string) => target.delete!(key) : unsupported('delete'),
    keys: () => Object.keys(target.getSnapshot()),
    watch: target.subscribeAll
      ? () =>
          target.subscribeAll!((e) => {
            // The handle exists to be used from the console: logging is its job here.
            console.log(`[state] ${e.key} =`, e.value, `(${e.source})`);
          })
      : unsupported('watch'),
  });
}

/**
 * Installs the handle as `window[name]` and returns a function that removes it again (only
 * if it is still this handle: a newer manager may have taken the name). No-op under SSR.
 *
 * @example
 * const remove = exposeDebugHandle(manager, '__MFE_STATE__');
 * // in the console: __MFE_STATE__.get('theme'); __MFE_STATE__.set('theme', 'dark')
 */
export function exposeDebugHandle(
  target: DebugHandleTarget,
  name: string = VALTIO_HANDLE_NAME,
  win: Record<string, unknown> | undefined = browserWindow(),
): () => void {
  if (!win || !name) return () => {};
  const handle = createHandle(target);
  try {
    Object.defineProperty(win, name, { value: handle, configurable: true, writable: true, enumerable: false });
  } catch {
    return () => {}; // A frozen or proxied window: the handle is a convenience, not a contract.
  }
  return () => {
    if (win[name] === handle) delete win[name];
  };
}

/**
 * The slice of the Redux DevTools extension API this module uses, typed loosely enough that
 * a test (or a page init script) can inject a plain object in its place.
 * Everything the extension sends back is untrusted: it is validated in time-travel.ts.
 */

/** What `__REDUX_DEVTOOLS_EXTENSION__.connect()` returns. */
export interface ReduxDevtoolsConnection {
  /** Sets the base state (clears the extension's history). */
  init(state: unknown, liftedState?: unknown): void;
  /** Records one action and the state after it; `action === null` sends a lifted state. */
  send(action: unknown, state: unknown): void;
  /** Messages from the extension's UI (time travel, import...). May return an unsubscribe. */
  subscribe(listener: (message: unknown) => void): (() => void) | void;
  unsubscribe?(): void;
  error?(message: string): void;
}

export interface ReduxDevtoolsConnectOptions {
  name?: string;
  features?: Record<string, boolean | string>;
}

export interface ReduxDevtoolsExtensionLike {
  connect(options?: ReduxDevtoolsConnectOptions): ReduxDevtoolsConnection;
}

/** The global the real extension installs. */
export const EXTENSION_GLOBAL = '__REDUX_DEVTOOLS_EXTENSION__';

/** `window`, or undefined under SSR / node. */
export function browserWindow(): Record<string, unknown> | undefined {
  return typeof window === 'undefined' ? undefined : (window as unknown as Record<string, unknown>);
}

/** The installed extension, if any and if it looks usable. */
export function findExtension(win = browserWindow()): ReduxDevtoolsExtensionLike | null {
  const candidate = win?.[EXTENSION_GLOBAL] as Partial<ReduxDevtoolsExtensionLike> | undefined;
  return candidate && typeof candidate.connect === 'function' ? (candidate as ReduxDevtoolsExtensionLike) : null;
}

/**
 * Guarded access to browser globals, so the managers run unchanged under SSR and in node:
 * a missing or throwing global turns the feature off instead of failing construction.
 */

/** window.localStorage when it exists and can be touched (private mode may throw). */
export function getLocalStorage(): Storage | null {
  try {
    const storage = (globalThis as { localStorage?: Storage }).localStorage;
    return storage !== undefined && storage !== null && typeof storage.getItem === 'function' ? storage : null;
  } catch {
    return null;
  }
}

/** The subset of BroadcastChannel the managers use. */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

/** A BroadcastChannel, or null where the platform has none (SSR, old browsers). */
export function openBroadcastChannel(name: string): BroadcastChannelLike | null {
  try {
    const Ctor = (globalThis as { BroadcastChannel?: new (n: string) => BroadcastChannelLike }).BroadcastChannel;
    return typeof Ctor === 'function' ? new Ctor(name) : null;
  } catch {
    return null;
  }
}

/** `window` in a browser, null elsewhere (node exposes no window). */
export function getWindow(): (Window & Record<string, unknown>) | null {
  return typeof window !== 'undefined' ? (window as unknown as Window & Record<string, unknown>) : null;
}

/** The Redux DevTools extension hook when installed. */
export interface ReduxDevtoolsConnection {
  init(state: unknown): void;
  send(action: unknown, state: unknown): void;
  subscribe?(listener: (message: unknown) => void): (() => void) | void;
  unsubscribe?(): void;
}

export function connectReduxDevtools(name: string): ReduxDevtoolsConnection | null {
  const win = getWindow();
  const ext = win?.['__REDUX_DEVTOOLS_EXTENSION__'] as { connect?: (o: { name: string }) => ReduxDevtoolsConnection } | undefined;
  if (ext === undefined || typeof ext.connect !== 'function') return null;
  try {
    return ext.connect({ name });
  } catch {
    return null;
  }
}

/** Default error channel: console.warn, as docs/api-contract.md section 5 asks. */
export function defaultReportError(error: Error): void {
  console.warn('[universal-state]', error.message, error);
}

/**
 * Redux DevTools for ValtioStateManager: the console handle (debug-handle.ts) and, when the
 * extension is installed, its connection (connection.ts): every committed change is sent
 * with an action that says what changed and who changed it, and the extension's time travel
 * (jump, commit, reset, rollback, import, pause) is applied back through `host.replaceState`.
 * Without the extension (or under SSR) only the handle is installed, and nothing is paid per
 * write.
 *
 * Who changed it: `CommittedChange.source` when the manager sets it, else the key's event in
 * `FlushInfo.legacyEvents`; remote changes are marked '(cross-tab)'. An optional `writer`
 * (the MFE id of a forMFE handle) is shown in the action's detail when present.
 */
import type { ManagerHost } from '../internal/manager-host.js';
import { exposeDebugHandle, VALTIO_HANDLE_NAME, type DebugHandleTarget } from './debug-handle.js';
import { browserWindow, findExtension, type ReduxDevtoolsExtensionLike } from './extension.js';
import { connectExtension, type ExtensionLink } from './connection.js';

export { describeFlush, formatPath } from './action-name.js';
export { exposeDebugHandle, VALTIO_HANDLE_NAME, LEGACY_HANDLE_NAME, type DebugHandle, type DebugHandleTarget } from './debug-handle.js';
export { interpretMessage, DevtoolsMessageError, type DevtoolsCommand } from './time-travel.js';
export { findExtension, type ReduxDevtoolsExtensionLike, type ReduxDevtoolsConnection } from './extension.js';
export { DEVTOOLS_SOURCE, connectExtension, type ExtensionLink } from './connection.js';

export interface DevtoolsOptions {
  /** The extension; `undefined` looks for `window.__REDUX_DEVTOOLS_EXTENSION__`, `null` disables it. */
  extension?: ReduxDevtoolsExtensionLike | null;
  /** Instance name shown in the extension. */
  name?: string;
  /** Console handle name; `null` or '' installs none. Default `__MFE_VALTIO_STATE__`. */
  windowHandleName?: string | null;
  /** What the console handle drives; defaults to the host when it is a full manager. */
  manager?: DebugHandleTarget;
  /** Where the handle is installed and the extension looked up (tests); default `window`. */
  window?: Record<string, unknown>;
}

export interface DevtoolsAttachment {
  /** True while an extension connection is open. */
  readonly connected: boolean;
  /** False while the extension has paused recording. */
  readonly recording: boolean;
  /** Stops sending, unsubscribes from the extension and removes the console handle. */
  detach(): void;
}

function isManagerLike(value: unknown): value is DebugHandleTarget {
  const v = value as Partial<DebugHandleTarget>;
  return typeof v.get === 'function' && typeof v.getSnapshot === 'function';
}

/** The console handle's target: the host itself when it is a full manager. */
function handleTargetOf(host: ManagerHost, given?: DebugHandleTarget): DebugHandleTarget {
  if (given) return given;
  if (isManagerLike(host)) return host;
  return {
    get: (k) => host.peek(k),
    getSnapshot: () => Object.fromEntries(host.keys().map((key) => [key, host.peek(key)])),
  };
}

/**
 * The console handle and, when the extension is there, its connection, both at once. (The
 * manager itself uses attachDevtoolsOnDemand, which loads the connection only when needed.)
 *
 * @example
 * const devtools = attachDevtools(manager, { name: 'container' });
 * // later:
 * devtools.detach();
 */
export function attachDevtools(host: ManagerHost, opts: DevtoolsOptions = {}): DevtoolsAttachment {
  const win = opts.window ?? browserWindow();
  const handleName = opts.windowHandleName === undefined ? VALTIO_HANDLE_NAME : (opts.windowHandleName ?? '');
  const removeHandle = exposeDebugHandle(handleTargetOf(host, opts.manager), handleName, win);
  const extension = opts.extension === undefined ? findExtension(win) : opts.extension;
  const link: ExtensionLink | null = extension ? connectExtension(host, extension, opts.name ?? 'MFE Universal State') : null;
  if (!link) return { connected: false, recording: false, detach: removeHandle };
  return {
    get connected() {
      return link.connected;
    },
    get recording() {
      return link.recording;
    },
    detach() {
      if (!link.connected) return;
      link.detach();
      removeHandle();
    },
  };
}

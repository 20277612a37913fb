/**
 * Redux DevTools for ValtioStateManager: every committed change is sent with an action
 * that says what changed and who changed it, and the extension's time travel (jump,
 * commit, reset, rollback, import, pause) is applied back through `host.replaceState`.
 * Also installs the console handle. Without the extension (or under SSR) it only installs
 * the handle, and costs nothing per write.
 *
 * Who changed it: `CommittedChange.source` when the manager sets it, else the key's event in
 * `FlushInfo.legacyEvents`; remote changes are marked '(cross-tab)'. An optional `writer`
 * (the MFE id of a forMFE handle) is shown in the action's detail when present.
 */
import type { FlushInfo, ManagerHost } from '../internal/manager-host.js';
import { describeFlush } from './action-name.js';
import { exposeDebugHandle, VALTIO_HANDLE_NAME, type DebugHandleTarget } from './debug-handle.js';
import {
  browserWindow,
  findExtension,
  type ReduxDevtoolsConnection,
  type ReduxDevtoolsExtensionLike,
} from './extension.js';
import { DevtoolsMessageError, interpretMessage, type DevtoolsCommand, type StateObject } from './time-travel.js';

export { describeFlush, formatPath } from './action-name.js';
export { exposeDebugHandle, VALTIO_HANDLE_NAME, LEGACY_HANDLE_NAME, type DebugHandle, type DebugHandleTarget } from './debug-handle.js';
export { interpretMessage, DevtoolsMessageError, type DevtoolsCommand } from './time-travel.js';
export { findExtension, type ReduxDevtoolsExtensionLike, type ReduxDevtoolsConnection } from './extension.js';

/** The source of writes made by time travel; such flushes are not sent back as actions. */
export const DEVTOOLS_SOURCE = 'devtools';

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

const FEATURES = {
  pause: true,
  export: true,
  import: 'custom',
  jump: true,
  skip: false,
  reorder: false,
  persist: false,
  dispatch: false,
  lock: false,
  test: false,
};

function isManagerLike(value: unknown): value is DebugHandleTarget {
  const v = value as Partial<DebugHandleTarget>;
  return typeof v.get === 'function' && typeof v.getSnapshot === 'function';
}

/** The whole state as a plain object of the host's (immutable) values. */
function currentState(host: ManagerHost): StateObject {
  const state: StateObject = {};
  for (const key of host.keys()) state[key] = host.peek(key);
  return state;
}

/**
 * @example
 * const devtools = attachDevtools(this, { name: 'container' }); // inside ValtioStateManager
 * // later, in destroy():
 * devtools.detach();
 */
export function attachDevtools(host: ManagerHost, opts: DevtoolsOptions = {}): DevtoolsAttachment {
  const win = opts.window ?? browserWindow();
  const handleTarget: DebugHandleTarget =
    opts.manager ?? (isManagerLike(host) ? host : { get: (k) => host.peek(k), getSnapshot: () => currentState(host) });
  const handleName = opts.windowHandleName === undefined ? VALTIO_HANDLE_NAME : (opts.windowHandleName ?? '');
  const removeHandle = exposeDebugHandle(handleTarget, handleName, win);

  const extension = opts.extension === undefined ? findExtension(win) : opts.extension;
  let connection: ReduxDevtoolsConnection | null = null;
  if (extension) {
    try {
      connection = extension.connect({ name: opts.name ?? 'MFE Universal State', features: FEATURES });
    } catch (error) {
      host.reportError(wrap(error, 'devtools: connect failed'));
    }
  }
  if (!connection) return { connected: false, recording: false, detach: removeHandle };

  const conn = connection;
  let recording = true;
  let attached = true;
  // RESET goes back to the state the page had when devtools attached; ROLLBACK to the last COMMIT.
  const initialState = currentState(host);
  let committedState = initialState;

  const call = (what: string, fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      host.reportError(wrap(error, `devtools: ${what} failed`));
    }
  };
  /** Applies a state from the extension; false when the manager refused it (reported). */
  const replace = (state: StateObject): boolean => {
    try {
      host.replaceState(state, DEVTOOLS_SOURCE);
      return true;
    } catch (error) {
      host.reportError(wrap(error, 'devtools: the state from the extension was refused'));
      return false;
    }
  };

  const run = (command: DevtoolsCommand): void => {
    switch (command.kind) {
      case 'jump':
        replace(command.state);
        return;
      case 'commit':
        committedState = currentState(host);
        call('init', () => conn.init(committedState));
        return;
      case 'reset':
      case 'rollback': {
        const target = command.kind === 'reset' ? initialState : command.state;
        if (!replace(target)) return;
        committedState = currentState(host);
        call('init', () => conn.init(committedState));
        return;
      }
      case 'import':
        if (replace(command.state)) call('send', () => conn.send(null, command.liftedState));
        return;
      case 'pause':
        recording = command.status ?? !recording;
        return;
      case 'error':
        host.reportError(command.error);
        return;
      case 'ignore':
        return;
    }
  };

  call('init', () => conn.init(initialState));
  let unsubscribeMessages: (() => void) | void = undefined;
  call('subscribe', () => {
    unsubscribeMessages = conn.subscribe((message) => {
      if (attached) run(interpretMessage(message));
    });
  });

  const offFlush = host.onFlush((info: FlushInfo) => {
    if (!recording) return;
    const action = describeFlush(info, DEVTOOLS_SOURCE);
    if (action) call('send', () => conn.send(action, currentState(host)));
  });

  return {
    get connected() {
      return attached;
    },
    get recording() {
      return attached && recording;
    },
    detach() {
      if (!attached) return;
      attached = false;
      offFlush();
      call('unsubscribe', () => {
        if (typeof unsubscribeMessages === 'function') unsubscribeMessages();
        else conn.unsubscribe?.();
      });
      removeHandle();
    },
  };
}

function wrap(error: unknown, message: string): DevtoolsMessageError {
  return new DevtoolsMessageError(`${message}: ${error instanceof Error ? error.message : String(error)}`, error, 'DEVTOOLS_FAILED');
}

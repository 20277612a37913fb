/**
 * The Redux DevTools extension connection of a ValtioStateManager: every committed change is
 * sent with an action that says what changed and who changed it, and the extension's time
 * travel (jump, commit, reset, rollback, import, pause) is applied back through
 * `host.replaceState`. Its own module so that a page without the extension never downloads
 * it: the manager imports it on demand (attach-on-demand.ts).
 */
import type { FlushInfo, ManagerHost } from '../internal/manager-host.js';
import { describeFlush } from './action-name.js';
import { alreadyShownFilter } from './shown-at-attach.js';
import type { ReduxDevtoolsConnection, ReduxDevtoolsExtensionLike } from './extension.js';
import { DevtoolsMessageError, interpretMessage, type DevtoolsCommand, type StateObject } from './time-travel.js';

/** The source of writes made by time travel; such flushes are not sent back as actions. */
export const DEVTOOLS_SOURCE = 'devtools';

export interface ExtensionLink {
  /** True while the extension connection is open. */
  readonly connected: boolean;
  /** False while the extension has paused recording. */
  readonly recording: boolean;
  /** Stops sending and unsubscribes from the extension. */
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

/** The whole state as a plain object of the host's (immutable) values. */
function currentState(host: ManagerHost): StateObject {
  const state: StateObject = {};
  for (const key of host.keys()) state[key] = host.peek(key);
  return state;
}

/**
 * Connects `host` to the extension; null when `connect` throws (reported to the host).
 *
 * @example
 * const link = connectExtension(manager, window.__REDUX_DEVTOOLS_EXTENSION__, 'container');
 * link?.detach();
 */
export function connectExtension(host: ManagerHost, extension: ReduxDevtoolsExtensionLike, name: string): ExtensionLink | null {
  let connection: ReduxDevtoolsConnection | null = null;
  try {
    connection = extension.connect({ name, features: FEATURES });
  } catch (error) {
    host.reportError(wrap(error, 'devtools: connect failed'));
  }
  if (!connection) return null;
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

  // Taken with the base state: the writes it shows that the core has not committed yet.
  const queued = host.pendingLocalKeys ? host.pendingLocalKeys() : new Set<string>();
  const unseen = alreadyShownFilter(initialState, queued === null ? null : new Set(queued));
  const offFlush = host.onFlush((info: FlushInfo) => {
    info = unseen(info);
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
    },
  };
}

function wrap(error: unknown, message: string): DevtoolsMessageError {
  return new DevtoolsMessageError(`${message}: ${error instanceof Error ? error.message : String(error)}`, error, 'DEVTOOLS_FAILED');
}

/**
 * How the manager attaches devtools at construction: the console handle at once (it is
 * small, and scripts and runbooks expect it right after the manager exists), the extension
 * connection only when the Redux DevTools extension is installed, fetched as its own chunk.
 * A page without the extension (every user's page) never downloads the connection's code.
 *
 * The connection attaches a few tasks after construction, so its base state (`init`) is the
 * state at that moment, including writes made meanwhile; actions are sent from then on.
 */
import type { ManagerHost } from '../internal/manager-host.js';
import { exposeDebugHandle, VALTIO_HANDLE_NAME, type DebugHandleTarget } from './debug-handle.js';
import { browserWindow, findExtension } from './extension.js';
import type { ExtensionLink } from './connection.js';

export interface OnDemandDevtools {
  /**
   * Settles once the extension is connected, or at once when there is no extension
   * (tests and tools that must wait for the connection).
   */
  readonly attached: Promise<void>;
  /** Removes the handle; closes the connection, or cancels it while it is still loading. */
  detach(): void;
}

/** `host` is the manager: the console handle drives it directly. */
export function attachDevtoolsOnDemand(host: ManagerHost & DebugHandleTarget, name: string): OnDemandDevtools {
  const win = browserWindow();
  const removeHandle = exposeDebugHandle(host, VALTIO_HANDLE_NAME, win);
  const extension = findExtension(win);
  let detached = false;
  let link: ExtensionLink | null = null;
  const attached = extension === null ? Promise.resolve() : import('./connection.js').then(
    ({ connectExtension }) => {
      if (!detached) link = connectExtension(host, extension, name);
    },
    (error: unknown) => {
      // The chunk did not load (offline, a deploy replaced it): devtools are a convenience,
      // the state is unaffected, so this is reported and nothing else happens.
      host.reportError(error instanceof Error ? error : new Error(String(error)));
    },
  );
  return {
    attached,
    detach() {
      if (detached) return;
      detached = true;
      link?.detach();
      removeHandle();
    },
  };
}

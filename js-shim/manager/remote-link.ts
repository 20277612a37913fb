/**
 * The new manager's hook for a connector to other devices (config `remote`, e.g.
 * `natsRemote(...)` from '@mfe/universal-state/remote-nats'). The manager only checks the
 * option up front and attaches the connector once it exists; the connector talks to the
 * manager through ManagerHost like cross-tab sync does, so the core decides every merge.
 */
import type { ManagerHost } from '../internal/manager-host.js';
import type { RemoteConnector } from '../remote/types.js';
import { StateValidationError } from '../errors.js';

/** Throws before anything is attached when `remote` is not a connector. */
export function checkRemote(remote: unknown): RemoteConnector | null {
  if (remote === undefined) return null;
  if (typeof remote !== 'object' || remote === null || typeof (remote as RemoteConnector).attach !== 'function') {
    throw new StateValidationError('BAD_OPTION', 'remote must be a connector such as natsRemote({ servers, bucket }) from @mfe/universal-state/remote-nats');
  }
  return remote as RemoteConnector;
}

/** Attaches the connector; returns its detach. A connector that throws is reported, never fatal. */
export function attachRemote(host: ManagerHost, remote: RemoteConnector): () => void {
  try {
    const detach = remote.attach(host);
    return typeof detach === 'function' ? detach : () => undefined;
  } catch (error) {
    host.reportError(error instanceof Error ? error : new Error(String(error)));
    return () => undefined;
  }
}

/** The legacy manager has no core to merge other devices' writes with: it refuses `remote`. */
export function refuseRemoteOnLegacy(config: { remote?: unknown } | undefined): void {
  if (config?.remote !== undefined) {
    throw new StateValidationError('BAD_OPTION', 'remote (state across devices) needs the new manager: pass useValtio: true');
  }
}

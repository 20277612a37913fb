/**
 * The seam between the new manager and a connector that carries state to other devices. The
 * manager knows only this: it hands the connector its host once the manager exists and calls
 * the returned detach when it is destroyed. Everything about the server lives in the
 * connector's own entry, so apps without one load none of it.
 */
import type { ManagerHost } from '../internal/manager-host.js';

/** What the app can show: connected and caught up, catching up or pushing, or no server. */
export type RemoteStatus = 'connected' | 'offline' | 'syncing';

export interface RemoteConnector {
  /** Starts carrying the host's state; returns what stops it. Must not throw for server trouble. */
  attach(host: ManagerHost): () => void;
}

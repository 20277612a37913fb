/**
 * `@mfe/universal-state/remote-nats`: state that follows the user to other devices, through
 * NATS JetStream. Its own entry, so apps without it load nothing of it; the NATS client
 * packages (@nats-io/nats-core and @nats-io/kv, which brings @nats-io/jetstream) are
 * optional peer dependencies, needed only by apps that import this.
 *
 * @example
 * const remote = natsRemote({ servers: 'wss://nats.example.com', bucket: 'user-42', user: 'u42', pass });
 * const manager = createStateManager({ useValtio: true, remote });
 * remote.onStatus((status) => badge.textContent = status); // 'connected' | 'syncing' | 'offline'
 */
import type { ManagerHost } from '../internal/manager-host.js';
import { elect, type Election } from './election.js';
import { keyFilter, type KeySelection } from './key-entry.js';
import { startSession } from './nats-session.js';
import { StateRemoteError } from './remote-error.js';
import type { RemoteConnector, RemoteStatus } from './types.js';

export type { RemoteConnector, RemoteStatus } from './types.js';
export type { KeySelection } from './key-entry.js';
export { StateRemoteError, type RemoteErrorCode } from './remote-error.js';

export interface NatsRemoteOptions {
  /** WebSocket URL(s) of the NATS servers, e.g. 'wss://nats.example.com' or a cluster's list. */
  servers: string | string[];
  /** The KV bucket holding this user's (or team's) state; the server's permissions confine the credentials to it. */
  bucket: string;
  user?: string;
  pass?: string;
  token?: string;
  /**
   * Which keys travel: a list, or `{ prefix }` (one or several). Default: every key but the
   * `mfe:<id>:registered` flags, which describe what this page loaded.
   */
  keys?: KeySelection;
  /**
   * Where the server sends this client's replies. Default `_INBOX_<user>` when `user` is given
   * (so permissions can keep users' replies apart), else the client's default.
   */
  inboxPrefix?: string;
  /** One connection per browser, elected with Web Locks. Default true. */
  singleConnection?: boolean;
  /** Wait between reconnection attempts. Default 1000 ms. */
  reconnectWaitMs?: number;
  /** Largest server entry accepted, in characters. Default 1 MiB (the server's default message limit). */
  maxEntryBytes?: number;
}

export interface NatsRemote extends RemoteConnector {
  /** 'offline' until connected; 'syncing' while catching up or publishing; then 'connected'. */
  readonly status: RemoteStatus;
  /** Calls `listener` on every status change; returns an unsubscribe. */
  onStatus(listener: (status: RemoteStatus) => void): () => void;
}

export function natsRemote(options: NatsRemoteOptions): NatsRemote {
  if (typeof options !== 'object' || options === null || typeof options.bucket !== 'string' || options.bucket === '') {
    throw new StateRemoteError('MISUSED', 'natsRemote needs { servers, bucket }');
  }
  const servers = options.servers;
  if (typeof servers !== 'string' && !Array.isArray(servers)) throw new StateRemoteError('MISUSED', 'natsRemote needs servers: a URL or a list of URLs');
  const travels = keyFilter(options.keys);
  const listeners = new Set<(status: RemoteStatus) => void>();
  let status: RemoteStatus = 'offline';
  let attached = false;
  const setStatus = (next: RemoteStatus): void => {
    if (next === status) return;
    status = next;
    for (const listener of [...listeners]) {
      try {
        listener(next);
      } catch (error) {
        console.error('[universal-state] remote status listener threw', error);
      }
    }
  };

  return {
    get status() {
      return status;
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    attach(host: ManagerHost) {
      if (attached) {
        host.reportError(new StateRemoteError('MISUSED', 'this natsRemote connector already serves a manager; create one per manager'));
        return () => undefined;
      }
      attached = true;
      // The session may start (and report a status) before elect returns, when no lock is needed.
      let election: Election | null = null;
      election = elect(`${options.bucket}@${String(servers)}`, () => startSession(host, {
        servers, bucket: options.bucket, user: options.user, pass: options.pass, token: options.token,
        inboxPrefix: options.inboxPrefix ?? (options.user !== undefined ? `_INBOX_${options.user}` : undefined),
        travels,
        reconnectWaitMs: options.reconnectWaitMs ?? 1000,
        maxEntryBytes: options.maxEntryBytes ?? 1024 * 1024,
        setStatus: (next) => {
          setStatus(next);
          election?.announce(next);
        },
      }), setStatus, options.singleConnection !== false);
      election.announce(status);
      return () => {
        election?.resign();
        setStatus('offline');
      };
    },
  };
}

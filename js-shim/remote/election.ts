/**
 * One connection per browser: the tabs of a browser already share every write over
 * BroadcastChannel, so only one of them needs to talk to the server. The Web Locks API is the
 * election: the tab holding the lock connects; when it closes (or its manager is destroyed)
 * the lock is released and a waiting tab takes over. Where Web Locks are missing (old
 * browsers, node) every manager leads, which is correct, only less frugal.
 *
 * The leader tells the other tabs its status over a small channel, so every tab can show
 * whether the state is reaching the server.
 */
import { openBroadcastChannel, type BroadcastChannelLike } from '../internal/environment.js';
import type { RemoteStatus } from './types.js';

interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
}

export interface Election {
  /** Ends leadership (or the wait for it) and stops listening. */
  resign(): void;
  /** Leader only: tells the other tabs the status. */
  announce(status: RemoteStatus): void;
}

/**
 * Calls `lead()` once this tab is elected; `lead` returns what ends its session. `follow` gets
 * the leader's status while this tab waits.
 */
export function elect(name: string, lead: () => () => void, follow: (status: RemoteStatus) => void, useLocks: boolean): Election {
  const locks = useLocks ? (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks : undefined;
  const channel: BroadcastChannelLike | null = locks === undefined ? null : openBroadcastChannel(`mfe-state-remote:${name}`);
  let leading = false;
  let lastStatus: RemoteStatus | null = null;
  let endSession: (() => void) | null = null;
  let release: (() => void) | null = null;
  const abort = typeof AbortController === 'function' ? new AbortController() : null;

  if (channel !== null) {
    channel.onmessage = (event: MessageEvent) => {
      const data = event.data as { status?: unknown; ask?: unknown } | null;
      if (leading) {
        if (data?.ask === true && lastStatus !== null) channel.postMessage({ status: lastStatus });
      } else if (data?.status === 'connected' || data?.status === 'offline' || data?.status === 'syncing') {
        follow(data.status);
      }
    };
    channel.postMessage({ ask: true });
  }

  const start = (): void => {
    leading = true;
    endSession = lead();
  };
  if (locks === undefined || typeof locks.request !== 'function') start();
  else {
    locks.request(`mfe-state-remote:${name}`, { signal: abort?.signal }, () => new Promise<void>((resolve) => {
      release = resolve;
      start();
    })).catch(() => undefined); // aborted before it was granted: this tab resigned while waiting
  }

  return {
    resign(): void {
      abort?.abort();
      endSession?.();
      endSession = null;
      if (leading && channel !== null) channel.postMessage({ status: 'offline' });
      leading = false;
      release?.();
      if (channel !== null) {
        channel.onmessage = null;
        channel.close();
      }
    },
    announce(status: RemoteStatus): void {
      lastStatus = status;
      if (leading && channel !== null) channel.postMessage({ status });
    },
  };
}

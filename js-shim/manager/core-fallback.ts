/**
 * What the new manager does when the wasm core cannot load (a CSP without
 * 'wasm-unsafe-eval', a .wasm answering 404, offline, no WebAssembly): it keeps every promise
 * the legacy manager made, the legacy way, so no write is silently lost.
 *
 * - Storage: each written key is stored as `${prefix}:${key}` = its JSON, the format the
 *   legacy manager writes and every manager reads; the key's core metadata is removed, since
 *   it no longer describes the value (a later load with a core treats the entry as a legacy
 *   write and rebuilds the metadata).
 * - Other tabs: each write is posted on the legacy channel as a StateChangeEvent; legacy
 *   tabs apply it, and tabs whose core did load merge it through their legacy bridge. Events
 *   arriving on the legacy channel are applied to this tab's view, including the ones tabs
 *   with a core bridge there (the protocol-v2 channel needs a core to read).
 *
 * Writes are stored and posted at the end of the task, with the value the key has then.
 */
import type { BroadcastChannelLike } from '../internal/environment.js';
import { metaKeyOf, valueKeyOf, listStorageKeys } from '../persist/read.js';
import { StateStorageError } from '../persist/storage-error.js';
import { StateSyncError } from '../sync/sync-error.js';

/** What the fallback needs from the manager. */
export interface FallbackHost {
  /** The key's current (frozen) value, undefined when absent. */
  peek(key: string): unknown;
  keys(): string[];
  reportError(error: Error): void;
  /** Applies a change from another tab to the view and tells listeners. */
  applyLegacyChange(key: string, value: unknown, source: string): void;
}

export interface FallbackOptions {
  /** null: persistence is off. */
  storage: Storage | null;
  prefix: string;
  /** The legacy channel, or null when cross-tab sync is off. */
  channel: BroadcastChannelLike | null;
}

export interface LegacyFallback {
  /** Records a local write of `key`; stored and posted at the end of the task. */
  write(key: string, source: string): void;
  /** Stores every key as the view holds it and removes stored keys it no longer holds. */
  writeAll(source: string): void;
  /** Stores and posts what is pending now. */
  flush(): void;
  detach(): void;
}

export function attachLegacyFallback(host: FallbackHost, opts: FallbackOptions): LegacyFallback {
  const pending = new Map<string, string>();
  let scheduled = false;
  let detached = false;

  const store = (key: string, value: unknown): void => {
    const storage = opts.storage;
    if (storage === null) return;
    try {
      if (value === undefined) storage.removeItem(valueKeyOf(opts.prefix, key));
      else storage.setItem(valueKeyOf(opts.prefix, key), JSON.stringify(value));
      storage.removeItem(metaKeyOf(opts.prefix, key));
    } catch (error) {
      host.reportError(new StateStorageError('STORAGE_FAILED', `could not persist "${key}"`, key, error));
    }
  };

  const post = (key: string, value: unknown, source: string): void => {
    if (opts.channel === null) return;
    try {
      opts.channel.postMessage({ key, value, source, timestamp: Date.now() });
    } catch (error) {
      host.reportError(new StateSyncError('CHANNEL_FAILED', `could not post "${key}" to other tabs`, error));
    }
  };

  const flush = (): void => {
    scheduled = false;
    if (detached) return;
    const batch = [...pending];
    pending.clear();
    for (const [key, source] of batch) {
      const value = host.peek(key);
      store(key, value);
      post(key, value, source);
    }
  };

  if (opts.channel !== null) {
    opts.channel.onmessage = (event: MessageEvent) => {
      if (detached) return;
      const data = event.data as { key?: unknown; value?: unknown; source?: unknown } | null;
      if (data === null || typeof data !== 'object' || typeof data.key !== 'string' || data.key === '') {
        host.reportError(new StateSyncError('MALFORMED_MESSAGE', 'dropped a malformed legacy cross-tab message'));
        return;
      }
      try {
        host.applyLegacyChange(data.key, data.value, `${typeof data.source === 'string' ? data.source : 'unknown'} (cross-tab)`);
      } catch (error) {
        host.reportError(error instanceof Error ? error : new Error(String(error)));
      }
    };
  }

  return {
    write(key: string, source: string): void {
      if (detached) return;
      pending.set(key, source);
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(flush);
      }
    },
    writeAll(source: string): void {
      const held = new Set(host.keys());
      if (opts.storage !== null) {
        const head = `${opts.prefix}:`;
        try {
          for (const name of listStorageKeys(opts.storage)) {
            if (name.startsWith(head) && !held.has(name.slice(head.length))) this.write(name.slice(head.length), source);
          }
        } catch (error) {
          host.reportError(new StateStorageError('STORAGE_FAILED', 'could not list storage entries', undefined, error));
        }
      }
      for (const key of held) this.write(key, source);
    },
    flush,
    detach(): void {
      if (detached) return;
      flush();
      detached = true;
      if (opts.channel !== null) {
        opts.channel.onmessage = null;
        opts.channel.close();
      }
    },
  };
}

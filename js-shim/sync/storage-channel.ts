/**
 * A BroadcastChannel stand-in over `storage` events, for browsers without BroadcastChannel.
 * Posting writes the text under one key and removes it at once: other tabs of the origin
 * get a `storage` event carrying the new value, nothing stays behind, and the entry name
 * does not start with the state prefix, so no manager ever loads it as state.
 */
import type { BroadcastChannelLike } from '../internal/environment.js';

/** Minimal event target: `window` in browsers, a fake in tests. */
export interface StorageEventSource {
  addEventListener(type: 'storage', listener: (event: StorageEvent) => void): void;
  removeEventListener(type: 'storage', listener: (event: StorageEvent) => void): void;
}

let sequence = 0;

/** Each post must change the stored value, or the browser sends no event for it. */
function nonce(): string {
  sequence = (sequence + 1) % Number.MAX_SAFE_INTEGER;
  return `${Math.random().toString(36).slice(2, 10)}.${sequence}`;
}

export function createStorageChannel(name: string, storage: Storage, source: StorageEventSource): BroadcastChannelLike {
  const entry = `${name}:message`;
  const channel: BroadcastChannelLike = {
    onmessage: null,
    postMessage(message: unknown): void {
      if (typeof message !== 'string') throw new TypeError('the storage channel carries text only');
      storage.setItem(entry, `${nonce()}|${message}`);
      storage.removeItem(entry);
    },
    close(): void {
      source.removeEventListener('storage', onStorage);
      channel.onmessage = null;
    },
  };
  function onStorage(event: StorageEvent): void {
    if (event.key !== entry || event.newValue === null) return;
    if (event.storageArea !== undefined && event.storageArea !== null && event.storageArea !== storage) return;
    const bar = event.newValue.indexOf('|');
    if (bar < 0) return;
    channel.onmessage?.({ data: event.newValue.slice(bar + 1) } as MessageEvent);
  }
  source.addEventListener('storage', onStorage);
  return channel;
}

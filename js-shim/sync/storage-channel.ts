/**
 * A BroadcastChannel stand-in over `storage` events, for browsers without BroadcastChannel.
 * Posting writes the text under one key and removes it at once: other tabs of the origin
 * get a `storage` event carrying the new value, nothing stays behind, and the entry name
 * does not start with the state prefix, so no manager ever loads it as state. Bytes (binary
 * messages) travel as one character per byte after a `#` instead of the text's `|`.
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

function bytesToText(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  return out;
}

function textToBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export function createStorageChannel(name: string, storage: Storage, source: StorageEventSource): BroadcastChannelLike {
  const entry = `${name}:message`;
  const channel: BroadcastChannelLike = {
    onmessage: null,
    postMessage(message: unknown): void {
      if (message instanceof Uint8Array) {
        storage.setItem(entry, `${nonce()}#${bytesToText(message)}`);
        storage.removeItem(entry);
        return;
      }
      if (typeof message !== 'string') throw new TypeError('the storage channel carries text and bytes only');
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
    const text = event.newValue;
    const bar = text.indexOf('|');
    const hash = text.indexOf('#');
    if (hash >= 0 && (bar < 0 || hash < bar)) {
      channel.onmessage?.({ data: textToBytes(text.slice(hash + 1)) } as MessageEvent);
      return;
    }
    if (bar < 0) return;
    channel.onmessage?.({ data: text.slice(bar + 1) } as MessageEvent);
  }
  source.addEventListener('storage', onStorage);
  return channel;
}

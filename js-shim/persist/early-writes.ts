/**
 * Writes made before the core has loaded live only in the manager's view and queue. If the
 * page goes away then (pagehide, hidden tab), the normal storage pass has no core to ask
 * for values and metadata, and those acknowledged writes would be lost. This pass writes
 * them from the view instead: the value as the legacy manager writes it, plus metadata the
 * core reads later (`{"v","c","h"}` with this tab's wall clock and the core's value hash).
 * As in the normal pass, an entry another tab stored with a later clock is left alone.
 *
 * It runs in batches while the core loads and once more when the page is hidden. `written`
 * (kept by the caller across passes) holds the value each key was last stored with: values
 * in the view are immutable, so an identical reference means the stored pair is current and
 * the key is skipped. The pass at pagehide, when the renderer may go away at any moment,
 * then writes only the writes of the last moments.
 */
import type { ManagerHost } from '../internal/manager-host.js';
import { compareClocks, parseMeta, type MetaClock } from './meta.js';
import { DEFAULT_SCHEMA_VERSION, type PersistOptions, listStorageKeys, metaKeyOf, valueKeyOf } from './read.js';
import { valueHashHex } from './value-hash.js';


/** Writes every pending local write to storage from the view. Throws what Storage throws. */
export function persistPendingWithoutCore(host: ManagerHost, storage: Storage, opts: PersistOptions,
  written: Map<string, unknown> = new Map()): void {
  if (host.core !== null || typeof host.pendingLocalKeys !== 'function') return;
  const pending = host.pendingLocalKeys();
  if (pending !== null && pending.size === 0) return;
  const clock: MetaClock = [Date.now(), 0, host.origin];
  const version = opts.schemaVersion ?? DEFAULT_SCHEMA_VERSION;
  let keys: Iterable<string>;
  if (pending === null) {
    // A clear is queued: every stored key not in the view goes, every view key is written.
    const head = `${opts.prefix}:`;
    const all = new Set(host.keys());
    for (const name of listStorageKeys(storage)) if (name.startsWith(head) && name.length > head.length) all.add(name.slice(head.length));
    keys = all;
  } else {
    keys = pending;
  }
  for (const key of keys) {
    const value = host.peek(key);
    if (written.has(key) && written.get(key) === value) continue; // stored by an earlier pass
    const metaKey = metaKeyOf(opts.prefix, key);
    const stored = storage.getItem(metaKey);
    const theirs = stored === null ? null : parseMeta(stored);
    if (theirs !== null && compareClocks(theirs.clock, clock) > 0) continue; // a later write is stored
    if (value === undefined) {
      storage.removeItem(valueKeyOf(opts.prefix, key));
      storage.removeItem(metaKey);
    } else {
      storage.setItem(valueKeyOf(opts.prefix, key), JSON.stringify(value));
      storage.setItem(metaKey, JSON.stringify({ v: version, c: clock, h: valueHashHex(value) }));
    }
    written.set(key, value);
  }
}

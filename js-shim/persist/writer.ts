/**
 * Writes the core's state to storage, off the hot path. A `set` only marks its key dirty
 * (from the manager's flush report); the dirty keys are written once per batch (an idle
 * callback or short timeout), and at once when the page is hidden or unloaded or on
 * `flush()`, so an acknowledged write survives closing the tab.
 *
 * Per key: the value first (plain JSON, what the legacy manager reads), then the core's
 * metadata. A tab that dies between the two leaves a pair whose hash does not match, which
 * the next load repairs. Before writing, the clock of the metadata already in storage is
 * compared with ours: if another tab stored a later write, ours is older and is not
 * written, so storage ends with the converged winner rather than the last tab to flush.
 */
import type { CoreHandle } from '../wasm/core-api.js';
import type { ManagerHost } from '../internal/manager-host.js';
import { compareClocks, isCredibleClock, parseMeta, type ParsedMeta } from './meta.js';
import { DEFAULT_SCHEMA_VERSION, type PersistOptions, type PersistedEntry, listStorageKeys, metaKeyOf, readPersistedEntries, readPersistedEntry, resolveStorage, valueKeyOf } from './read.js';
import { StateStorageError, isQuotaError } from './storage-error.js';
import { persistPendingWithoutCore } from './early-writes.js';

export interface PersistenceHandle {
  /** Commits queued writes to the core and writes every dirty key now. */
  flush(): void;
  /**
   * Sync mode, before the core has loaded: writes the key's plain value (the legacy format,
   * no metadata) so it is in storage at once. Once the core is there, the commit writes
   * the pair, and a value without metadata loads like a legacy tab's write.
   */
  writeValueNow(key: string, value: unknown): void;
  /**
   * Batched mode, before the core has loaded: a local write was made. The writes made so far
   * are written from the view in the next batch, as the core's would be, instead of waiting
   * for the page to be hidden: a tab that closes (or crashes) while a slow wasm still loads
   * then has little or nothing left to write at that moment.
   */
  noteEarlyWrite(): void;
  /** Writes what is pending, then stops listening. */
  detach(): void;
}

/** How long a batch may wait for an idle moment before it is written anyway. */
const BATCH_TIMEOUT_MS = 100;

type Cancel = () => void;

function scheduleBatch(run: () => void): Cancel {
  const g = globalThis as { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => number; cancelIdleCallback?: (id: number) => void };
  if (typeof g.requestIdleCallback === 'function' && typeof g.cancelIdleCallback === 'function') {
    const id = g.requestIdleCallback(run, { timeout: BATCH_TIMEOUT_MS });
    return () => g.cancelIdleCallback!(id);
  }
  const id = setTimeout(run, 16);
  return () => clearTimeout(id);
}

export function attachPersistence(host: ManagerHost, opts: PersistOptions): PersistenceHandle {
  const storage = resolveStorage(opts.storage);
  if (storage === null) {
    if (opts.storage !== null) {
      host.reportError(new StateStorageError('STORAGE_UNAVAILABLE', 'localStorage is not available; state is kept in memory only'));
    }
    return { flush: () => host.flush(), writeValueNow: () => undefined, noteEarlyWrite: () => undefined, detach: () => undefined };
  }
  const dirty = new Set<string>();
  /** Keys to rewrite without the clock check (pairs repaired at load; see repairStoredEntries). */
  const forced = new Set<string>();
  let cancelBatch: Cancel | null = null;
  let detached = false;

  const schedule = (): void => {
    if (cancelBatch === null && !detached) {
      cancelBatch = scheduleBatch(() => {
        cancelBatch = null;
        if (host.core === null) writeEarly();
        else writeDirty();
      });
    }
  };

  const writeKey = (core: CoreHandle, key: string): void => {
    const valueKey = valueKeyOf(opts.prefix, key);
    const metaKey = metaKeyOf(opts.prefix, key);
    const ours = core.keyMeta(key);
    const valueText = core.keyJson(key);
    const storedMeta = storage.getItem(metaKey);
    if (forced.delete(key)) {
      // rewritten as the core repaired it
    } else if (storedMeta !== null && ours !== null) {
      if (storedMeta === ours && storage.getItem(valueKey) === valueText) return; // already there
      const theirs = parseMeta(storedMeta);
      const mine = parseMeta(ours);
      // A later write from another tab is already stored: it is the winner our core will
      // merge too (its op is on the way), so overwriting it would only regress storage.
      // Metadata from the future is not such a winner: its op is refused everywhere, and
      // deferring to it would silently keep every later write of the key out of storage.
      if (theirs !== null && mine !== null && compareClocks(theirs.clock, mine.clock) > 0 && isCredibleClock(theirs.clock, Date.now())) return;
    }
    if (valueText === null) {
      // Value first, then metadata: a tab dying in between leaves metadata alone, which the
      // next load drops, rather than a value without metadata, which would resurrect the key.
      storage.removeItem(valueKey);
      storage.removeItem(metaKey);
      return;
    }
    storage.setItem(valueKey, valueText);
    if (ours !== null) storage.setItem(metaKey, ours);
    else storage.removeItem(metaKey);
  };

  const writeDirty = (): void => {
    const core = host.core;
    if (core === null || dirty.size === 0) return;
    if (cancelBatch !== null) { cancelBatch(); cancelBatch = null; }
    const quotaKeys: string[] = [];
    for (const key of [...dirty]) {
      try {
        writeKey(core, key);
        dirty.delete(key);
      } catch (error) {
        if (isQuotaError(error)) {
          // Kept dirty: written at the next flush, once something has made room.
          quotaKeys.push(key);
        } else {
          dirty.delete(key);
          host.reportError(new StateStorageError('STORAGE_FAILED', `could not persist "${key}"`, key, error));
        }
      }
    }
    if (quotaKeys.length > 0) {
      host.reportError(new StateStorageError('QUOTA_EXCEEDED',
        `storage quota exhausted; ${quotaKeys.length} key(s) kept in memory only for now: ${quotaKeys.slice(0, 5).join(', ')}`,
        quotaKeys[0]));
    }
  };

  // Re-entrancy guard: a manager whose public flush() calls this handle's flush() (so that
  // `manager.flush()` also makes writes durable) is called back through host.flush().
  let flushing = false;
  const flushNow = (): void => {
    if (flushing) return;
    flushing = true;
    try {
      host.flush(); // commits queued writes; the flush report marks their keys dirty
      if (host.core === null) writeEarly();
      else writeDirty();
    } finally {
      flushing = false;
    }
  };

  // No core yet (a batch while the wasm loads, or the page going away then): write from the
  // view. `early` remembers what is already stored, so the pass at pagehide only writes what
  // changed since the last batch.
  const early = new Map<string, unknown>();
  const writeEarly = (): void => {
    try {
      persistPendingWithoutCore(host, storage, opts, early);
    } catch (error) {
      host.reportError(isQuotaError(error)
        ? new StateStorageError('QUOTA_EXCEEDED', 'storage quota exhausted while saving writes made before the core loaded', undefined, error)
        : new StateStorageError('STORAGE_FAILED', 'could not save writes made before the core loaded', undefined, error));
    }
  };

  const stopFlush = host.onFlush((info) => {
    for (const key of info.changedKeys) dirty.add(key);
    if (opts.sync) writeDirty();
    else schedule();
  });

  const noteEarlyWrite = (): void => {
    if (host.core === null) schedule();
  };

  const writeValueNow = (key: string, value: unknown): void => {
    if (detached || host.core !== null) return;
    try {
      if (value === undefined) storage.removeItem(valueKeyOf(opts.prefix, key));
      else storage.setItem(valueKeyOf(opts.prefix, key), JSON.stringify(value));
    } catch (error) {
      host.reportError(new StateStorageError(isQuotaError(error) ? 'QUOTA_EXCEEDED' : 'STORAGE_FAILED', `could not persist "${key}"`, key, error));
    }
  };

  // Once the core holds what the manager loaded, rewrite entries whose metadata is missing,
  // torn or older than the core's (a legacy tab's write, a tab killed mid-write, a migration).
  host.whenCoreReady().then((core) => {
    if (detached) return;
    repairStoredEntries(host, storage, opts, core, dirty, forced);
    schedule();
  }, (error: unknown) => host.reportError(error instanceof Error ? error : new Error(String(error))));

  const onVisibility = (): void => {
    if ((globalThis as { document?: Document }).document?.visibilityState === 'hidden') flushNow();
  };
  const target = globalThis as { addEventListener?: typeof addEventListener; removeEventListener?: typeof removeEventListener };
  const doc = (globalThis as { document?: Document }).document;
  doc?.addEventListener('visibilitychange', onVisibility);
  target.addEventListener?.('pagehide', flushNow);

  return {
    flush: flushNow,
    writeValueNow,
    noteEarlyWrite,
    detach(): void {
      if (detached) return;
      flushNow();
      detached = true;
      cancelBatch?.();
      cancelBatch = null;
      stopFlush();
      doc?.removeEventListener('visibilitychange', onVisibility);
      target.removeEventListener?.('pagehide', flushNow);
    },
  };
}

/** JSON equality, whatever the member order each side wrote. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const isZeroClock = (meta: ParsedMeta | null): boolean => meta !== null && meta.clock[0] === 0 && meta.clock[1] === 0 && meta.clock[2] === '';

/**
 * Runs once the core holds what the manager loaded. A stored pair the core had to repair
 * (no metadata, a hash that does not match the value, an older schema version) was loaded
 * with the zero clock, so the usual "is storage newer?" check would keep the broken pair:
 * while storage still holds the value the core loaded, the pair is rewritten outright
 * (`forced`). Keys whose stored value differs from the core's go through the normal clock
 * check. Metadata whose value is gone is dropped. Bad entries are never touched.
 */
function repairStoredEntries(host: ManagerHost, storage: Storage, opts: PersistOptions, core: CoreHandle,
  dirty: Set<string>, forced: Set<string>): void {
  try {
    // Only entries the core repaired at load can differ from its metadata: when the manager
    // says which, only those are read again (100,000 stored keys: 100,000 crossings saved).
    const repaired = (host as { repairedAtLoad?: () => ReadonlySet<string> }).repairedAtLoad?.();
    const entries = repaired === undefined ? readPersistedEntries(opts, () => undefined)
      : [...repaired].map((key) => readPersistedEntry(opts, key)).filter((e): e is PersistedEntry => e !== null);
    for (const entry of entries) {
      const ours = core.keyMeta(entry.key);
      if (ours === null || ours === entry.metaText) continue;
      const held = core.keyValue(entry.key);
      dirty.add(entry.key);
      if (held === undefined || !sameJson(held, entry.value) || !isZeroClock(parseMeta(ours))) continue;
      forced.add(entry.key);
      const stored = entry.metaText === null ? null : parseMeta(entry.metaText);
      const current = opts.schemaVersion ?? DEFAULT_SCHEMA_VERSION;
      if (stored === null || stored.version === current) {
        host.reportError(new StateStorageError('TORN_ENTRY', entry.metaText === null
          ? `"${entry.key}" had no metadata (a legacy tab's write or a torn write); rebuilt`
          : `"${entry.key}" did not match its metadata (a torn write); repaired`, entry.key));
      }
    }
    const metaHead = `${opts.prefix}#meta:`;
    for (const name of listStorageKeys(storage)) {
      if (!name.startsWith(metaHead)) continue;
      const key = name.slice(metaHead.length);
      if (storage.getItem(valueKeyOf(opts.prefix, key)) !== null) continue;
      storage.removeItem(name);
      host.reportError(new StateStorageError('TORN_ENTRY', `metadata of "${key}" had no value (a torn delete); removed`, key));
    }
  } catch (error) {
    host.reportError(new StateStorageError('STORAGE_FAILED', 'could not check stored entries', undefined, error));
  }
}

/**
 * Persistence for ValtioStateManager: one localStorage entry per key, readable by the legacy
 * manager, with the core's clock and schema version beside it.
 *
 * How the manager uses it (see docs/internals/contracts.md section 5):
 * ```ts
 * const entries = readPersistedEntries({ storage, prefix, schemaVersion, migrate }, report);
 * // view: initialState, then each entry.value overrides it (usable at once);
 * // once the core is loaded, before whenCoreReady() resolves: for each entry,
 * //   core.loadEntry(entry.key, entry.valueText, entry.metaText, Date.now())
 * // and create the core with the same schemaVersion.
 * const persistence = attachPersistence(host, { storage, prefix, schemaVersion, migrate });
 * persistence.flush();   // manager.flush() / before the page goes away
 * persistence.detach();  // manager.destroy()
 * ```
 *
 * Asked of the manager (js-shim/valtio/startup.ts), relayed by the lead:
 * 1. When `persistent !== false` but no usable localStorage exists (SSR, a private mode that
 *    throws on access), still call `attachPersistence(host, { ...opts, storage: undefined })`:
 *    it then reports STORAGE_UNAVAILABLE once through onError and does nothing else.
 *    RELIABILITY scenario 10 requires the report; today persistence is silently skipped.
 * 2. Let the public `manager.flush()` also call this handle's `flush()`, so an on-demand flush
 *    makes writes durable (safe: the handle guards against being re-entered via host.flush()).
 */
export {
  readPersistedEntries,
  resolveStorage,
  checkStoredValue,
  valueKeyOf,
  metaKeyOf,
  DEFAULT_SCHEMA_VERSION,
  type PersistOptions,
  type PersistedEntry,
} from './read.js';
export { attachPersistence, type PersistenceHandle } from './writer.js';
export { StateStorageError, isQuotaError, type StorageErrorCode } from './storage-error.js';
export { parseMeta, compareClocks, type ParsedMeta, type MetaClock } from './meta.js';

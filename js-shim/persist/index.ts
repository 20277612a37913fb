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
 * Storage is written by an idle batch after each commit, on visibilitychange hidden, on
 * pagehide, on destroy(), and at once by the public `manager.flush()`, which calls this
 * handle's `flush()` (the handle guards against being re-entered via host.flush()).
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

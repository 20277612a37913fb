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
 * Asked of the manager (js-shim/valtio/), relayed by the lead: let the public
 * `manager.flush()` also call this handle's `flush()`, so an on-demand flush makes writes
 * durable at once (safe: the handle guards against being re-entered via host.flush()).
 * Until then storage is written by the idle batch, on visibilitychange hidden, on pagehide
 * and on destroy().
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

/**
 * What the new manager does once at construction, apart from its own fields: gather the
 * initial entries (initialState, then stored entries override it, docs/api-contract.md section 1) and
 * attach the side-effect modules the config turns on. Each module is guarded for SSR: with
 * no localStorage, BroadcastChannel or window, the feature is silently off.
 */
import type { ErrorReporter, StateManagerConfig } from '../types.js';
import type { CoreFactory } from '../wasm/core-api.js';
import type { WasmSource } from '../wasm/wasm-source.js';
import type { ManagerHost } from '../internal/manager-host.js';
import type { DebugHandleTarget } from '../devtools/debug-handle.js';
import { checkKey, cloneForState } from '../internal/validate.js';
import { getLocalStorage, getWindow, openBroadcastChannel } from '../internal/environment.js';
import { CHANNEL_LEGACY as LEGACY_CHANNEL_NAME } from '../sync/envelope.js';
import { StateValidationError } from '../errors.js';
import { attachPersistence, readPersistedEntries, type PersistOptions } from '../persist/index.js';
import { StateStorageError } from '../persist/storage-error.js';
import { attachDevtoolsOnDemand } from '../devtools/attach-on-demand.js';
import { attachSync, type BroadcastChannelLike } from '../sync/index.js';
import type { RemoteConnector } from '../remote/types.js';

/** Options of the new manager beyond the shared StateManagerConfig. */
export interface ValtioStateManagerConfig extends StateManagerConfig {
  /** 'namespaces': `forMFE(id)` handles may only write their own `mfe:<id>:` keys. */
  accessControl?: 'off' | 'namespaces';
  /** The Storage to persist to; default window.localStorage (tests inject one). */
  storage?: Storage | null;
  /** Version of the app's data shape, recorded with each stored entry. Default 1. */
  schemaVersion?: number;
  /** Turns a value stored under an older schemaVersion into the current shape. */
  migrate?: (value: unknown, fromVersion: number) => unknown;
  /** Opens a cross-tab channel by name (tests inject one); default BroadcastChannel. */
  channelFactory?: (name: string) => BroadcastChannelLike | null;
  /** Also speak the legacy event format on 'mfe-state-sync' (mixed rollouts). Default true. */
  legacyBridge?: boolean;
  /**
   * Where the core comes from. Default: the package's own wasm (`loadCore`), shared by every
   * manager of the page. For custom hosting of the .wasm, and for tests of the loading path.
   */
  loadCore?: () => Promise<CoreFactory>;
  /**
   * Where the .wasm comes from, for hosts that serve it themselves (a CDN, a remote on
   * another origin): its URL (string or `URL`), its bytes, a `Response` (e.g. `fetch(url)`),
   * a Promise of one, or a compiled `WebAssembly.Module`. Default: the file beside the
   * package's loader (or the embedded copy with `@mfe/universal-state/inline`). Ignored once
   * a core is loaded on the page: every manager of a page shares one.
   */
  wasm?: WasmSource;
  /** Carries the state to the user's other devices, e.g. natsRemote(...) from '@mfe/universal-state/remote-nats'. */
  remote?: RemoteConnector;
}

/** One key as handed to the core at load: its value in the view and the texts to load. */
export interface InitialEntry {
  value: unknown;
  valueText: string;
  metaText: string | null;
}

/** The storage persistence will use, or null when persistence is off or impossible. */
export function persistenceStorage(config: ValtioStateManagerConfig): Storage | null {
  if (config.persistent === false) return null;
  return config.storage === undefined ? getLocalStorage() : config.storage;
}

export function persistOptions(config: ValtioStateManagerConfig, storage: Storage): PersistOptions {
  return {
    storage, prefix: config.storagePrefix ?? 'mfe-state', schemaVersion: config.schemaVersion, migrate: config.migrate,
    sync: config.storageWrites === 'sync',
  };
}

/**
 * initialState first (caller input: validated, a bad value throws), then every stored
 * entry overrides it (outside input: a bad one is reported and skipped).
 */
export function collectInitialEntries(config: ValtioStateManagerConfig, report: ErrorReporter): Map<string, InitialEntry> {
  const entries = new Map<string, InitialEntry>();
  for (const [key, value] of Object.entries(config.initialState ?? {})) {
    if (!checkKey(key)) {
      report(new StateValidationError('FORBIDDEN_KEY', `dropped initial state key ${JSON.stringify(key)}`, key));
      continue;
    }
    if (value === undefined) continue;
    const clone = cloneForState(key, value, undefined, report);
    entries.set(key, { value: clone, valueText: JSON.stringify(clone), metaText: null });
  }
  const storage = persistenceStorage(config);
  if (storage === null) return entries;
  for (const entry of readPersistedEntries(persistOptions(config, storage), report)) {
    try {
      if (!checkKey(entry.key)) throw new StateValidationError('FORBIDDEN_KEY', `dropped stored key ${JSON.stringify(entry.key)}`, entry.key);
      // Fresh from JSON.parse and checked by the reader (depth, names, surrogates, size):
      // nobody else holds it, so the view adopts it without a second copy. With 100,000
      // stored keys the copy was a large share of the start-up time.
      entries.set(entry.key, { value: entry.value, valueText: entry.valueText, metaText: entry.metaText });
    } catch (error) {
      report(error as Error);
    }
  }
  return entries;
}

export interface SideEffects {
  detachers: Array<() => void>;
  /** The ones that work through the core, replaced by the legacy fallback when it cannot load. */
  coreBound: Array<() => void>;
  flushStorage: (() => void) | null;
  /** `storageWrites: 'sync'` only: writes a key's value before the core has loaded. */
  writeValueNow: ((key: string, value: unknown) => void) | null;
  /** Batched storage writes only: a local write was made (stored in the next batch while the core loads). */
  noteEarlyWrite: (() => void) | null;
}

/** Attaches persistence, sync and devtools as configured; returns their detach functions and the storage flush. */
export function attachSideEffects(
  host: ManagerHost & DebugHandleTarget,
  config: ValtioStateManagerConfig,
): SideEffects {
  const detachers: Array<() => void> = [];
  const coreBound: Array<() => void> = [];
  let flushStorage: (() => void) | null = null;
  let writeValueNow: SideEffects['writeValueNow'] = null;
  let noteEarlyWrite: SideEffects['noteEarlyWrite'] = null;
  const storage = persistenceStorage(config);
  // Sync before persistence: flush listeners run in the order they were attached, and the
  // other tabs' copy of a write should leave before this tab schedules its storage write.
  // A browser realm or an injected channel: on a server, node's BroadcastChannel would sync
  // unrelated requests with each other.
  if (config.crossTab !== false && (config.channelFactory !== undefined || getWindow() !== null)) {
    const sync = attachSync(host, { channelFactory: config.channelFactory, legacyBridge: config.legacyBridge, storage });
    coreBound.push(() => sync.detach());
  }
  if (storage !== null) {
    const persistence = attachPersistence(host, persistOptions(config, storage));
    coreBound.push(() => persistence.detach());
    flushStorage = () => persistence.flush();
    if (config.storageWrites === 'sync') writeValueNow = (key, value) => persistence.writeValueNow(key, value);
    else noteEarlyWrite = () => persistence.noteEarlyWrite();
  } else if (config.persistent !== false && config.storage === undefined && getWindow() !== null) {
    // A page asked for persistence and localStorage is missing or throws (sandboxed frame,
    // private mode): say so once, keep the state in memory. On a server (no window) there is
    // nothing to persist to, so SSR stays quiet.
    host.reportError(new StateStorageError('STORAGE_UNAVAILABLE', 'localStorage is not available; state is kept in memory only'));
  }
  if (config.devtools !== false) {
    const devtools = attachDevtoolsOnDemand(host, 'MFE Universal State');
    detachers.push(() => devtools.detach());
  }
  return { detachers, coreBound, flushStorage, writeValueNow, noteEarlyWrite };
}

/** The legacy channel the fallback speaks on, or null when cross-tab sync is off here. */
export function fallbackChannel(config: ValtioStateManagerConfig): BroadcastChannelLike | null {
  if (config.crossTab === false || (config.channelFactory === undefined && getWindow() === null)) return null;
  try {
    return (config.channelFactory ?? openBroadcastChannel)(LEGACY_CHANNEL_NAME);
  } catch {
    return null;
  }
}

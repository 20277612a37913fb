/**
 * ValtioStateManager: the docs/api-contract.md section 1 contract over the wasm core, plus getProxyStore()
 * and path-level subscriptions. It is a facade over composed parts, built and wired in
 * manager-parts.ts: state-view.ts (the view, what reads hand out, snapshots), notifier.ts
 * (listeners), transaction.ts, core-link.ts (the core, the queue, the flush, other tabs) and
 * writer.ts (the write path). This file is the public API, handed to those parts, and how
 * the manager starts and stops.
 *
 * Loading: the wasm module loads asynchronously, but the API is fully usable synchronously
 * from the first line after construction. Reads come from the JS view; writes update the
 * view, notify listeners, and queue for the core. `ready` resolves once the core holds the
 * initial state, the stored entries and every write made so far; await it before relying on
 * cross-tab sync or persistence metadata (both attach to the core).
 */
import type {
  ErrorReporter, FrameworkName, GlobalStateListener, MFEMetadata, StateListener, StateManager, Unsubscribe,
} from '../types.js';
import type { Path, PathSubscribable } from '../internal/path-subscription.js';
import type { CoreFactory, CoreHandle, V2Message } from '../wasm/core-api.js';
import type { FlushInfo, ManagerHost } from '../internal/manager-host.js';
import { checkKey, cloneForState } from '../internal/validate.js';
import { reportListenerError } from '../internal/listeners.js';
import { defaultReportError } from '../internal/environment.js';
import { guardReporter } from '../internal/safe-reporter.js';
import { loadAdapter } from '../internal/adapters.js';
import { brandManagerClass } from '../internal/brand.js';
import { StateAccessError, StateCoreError, StateValidationError } from '../errors.js';
import { getLoadedCore, loadCore } from '../wasm/load-core.js';
import { createProxyStore } from './proxy-store.js';
import { createManagerParts, type ManagerParts } from './manager-parts.js';
import type { StateView } from './state-view.js';
import type { Notifier } from './notifier.js';
import type { CoreLink } from './core-link.js';
import type { Transaction } from './transaction.js';
import type { Writer } from './writer.js';
import { encodeLegacyEvent, LegacyArrivals } from './legacy-bridge.js';
import { MFERegistry, type MFEMetadataInput } from '../internal/mfe-registry.js';
import { createMFEHandle, type MFEHandle } from '../access/index.js';
import { createDerived, createTrackedSelector, type DerivedState, type Selector, type SelectorFn } from './selectors.js';
import { watchPathOn, type PathWatcher } from './watch-path.js';
import { createHistoryOn, type History, type HistoryOptions } from './history.js';
import {
  attachSideEffects, collectInitialEntries, fallbackChannel, persistenceStorage, type InitialEntry, type ValtioStateManagerConfig,
} from './startup.js';
import type { LegacyFallback } from './core-fallback.js';
import { checkWasmSource } from '../wasm/wasm-source.js';
import { attachRemote, checkRemote } from './remote-link.js';

export type { ValtioStateManagerConfig } from './startup.js';

/**
 * Starts loading the core for a new manager. The promise is marked handled at once: the
 * constructor may still throw (a bad initialState) before it attaches its own handlers.
 */
function startLoading(config: ValtioStateManagerConfig): Promise<CoreFactory> {
  let loading: Promise<CoreFactory>;
  try {
    loading = config.loadCore ? config.loadCore() : loadCore(config.wasm === undefined ? {} : { wasm: config.wasm });
  } catch (error) {
    loading = Promise.reject(error);
  }
  loading.catch(() => undefined);
  return loading;
}

/** Load failures already reported: every manager of a page shares one failed load. */
const announced = new WeakSet<object>();

/**
 * Reports a failed load once: to the app's onError when it gave one (every manager), else as
 * one console.error per failed load, however many managers waited for it.
 */
function announceLoadFailure(original: unknown, failure: StateCoreError, report: ((e: Error) => void) | null): void {
  if (report !== null) return report(failure);
  const token = typeof original === 'object' && original !== null ? original : failure;
  if (announced.has(token)) return;
  announced.add(token);
  console.error('[universal-state]', failure.message);
}

/** Stored entries handed to the core per task at start-up (see connectInSlices). */
const LOAD_SLICE = 2000;

/** Resolves in a later task, letting the page handle input and paint in between. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

let originCounter = 0;
/** A random id per manager instance: the core's replica origin (ties broken by it). */
function newOrigin(): string {
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `${random}-${(originCounter++).toString(36)}`;
}

/**
 * The new manager. Same API as UniversalStateManager; `get` never crosses into wasm.
 *
 * @example
 * const manager = new ValtioStateManager({ persistent: false, initialState: { count: 0 } });
 * manager.set('count', 1);          // listeners already ran when this returns
 * await manager.ready;              // the core now holds { count: 1 }
 * manager.getProxyStore().user = { name: 'Ann' };
 */
export class ValtioStateManager implements StateManager, PathSubscribable, ManagerHost {
  static {
    brandManagerClass(this, 'ValtioStateManager');
  }

  private readonly report: ErrorReporter;
  /** The view, the copies reads hand out and the cached snapshot (state-view.ts). */
  private readonly state: StateView;
  /** The view's values (`state.values`), held here for `get`. */
  private readonly values: Map<string, unknown>;
  /** Listeners of every kind and the end-of-task schedule (notifier.ts). */
  private readonly notifier: Notifier;
  /** The core, the queue of local ops for it and the remote backlog (core-link.ts). */
  private readonly link: CoreLink;
  /** The running transaction, if any (transaction.ts). */
  private readonly tx: Transaction;
  /** The write path (writer.ts). */
  private readonly writer: Writer;
  private destroyed = false;

  readonly origin = newOrigin();
  /** Resolves once the core holds everything written so far; rejects if the wasm cannot load. */
  readonly ready: Promise<void>;
  private readonly mfes = new MFERegistry();
  /** The namespace policy `forMFE` handles enforce (read by access/mfe-handle.ts). */
  readonly accessControl: 'off' | 'namespaces';
  private readonly schemaVersion: number | undefined;
  private proxyStore: Record<string, any> | null = null;
  private readonly detachers: Array<() => void> = [];
  /** The persistence handle's flush, when persistence is attached. */
  private flushStorage: (() => void) | null;
  /** Persistence and sync through the core; replaced by `fallback` if the core cannot load. */
  private readonly coreBound: Array<() => void> = [];
  /** Legacy-format persistence and legacy-channel sync, once the core failed to load. */
  private fallback: LegacyFallback | null = null;
  /** Whether the app gave its own onError (the load failure then goes there, not to the console). */
  private readonly ownReporter: boolean;
  /** Set with `storageWrites: 'sync'`: puts one local write in storage before `set` returns. */
  private readonly storeNow: ((key: string, value: unknown) => void) | null;
  /** Batched storage writes: tells persistence of a write made while the core loads. */
  private readonly noteEarlyWrite: (() => void) | null;
  /** Orders same-millisecond legacy events by arrival (legacy-bridge.ts). */
  private readonly legacyArrivals = new LegacyArrivals();

  constructor(config: ValtioStateManagerConfig = {}) {
    this.report = guardReporter(config.onError ?? defaultReportError);
    const parts = ValtioStateManager.createParts(this, config);
    this.state = parts.state;
    this.values = parts.state.values;
    this.notifier = parts.notifier;
    this.link = parts.link;
    this.tx = parts.tx;
    this.writer = parts.writer;
    this.accessControl = config.accessControl ?? 'off';
    this.schemaVersion = config.schemaVersion;
    this.ownReporter = config.onError !== undefined;
    if (config.wasm !== undefined) checkWasmSource(config.wasm);
    const remote = checkRemote(config.remote);
    const factory = config.loadCore === undefined ? getLoadedCore() : null;
    // The core starts loading (glue import, wasm fetch and compile) before the stored entries
    // are read, so the network and the compiler work while this constructor still runs.
    const loading = factory === null ? startLoading(config) : null;
    const loaded = collectInitialEntries(config, this.report);
    for (const [key, entry] of loaded) this.state.values.set(key, entry.value);
    if (factory !== null && loaded.size <= LOAD_SLICE) {
      this.connect(factory, loaded);
      this.ready = Promise.resolve();
    } else {
      this.ready = (loading ?? Promise.resolve(factory!)).then((f) => this.connectInSlices(f, loaded), async (error: unknown) => {
        throw await this.coreFailed(error, config);
      });
      this.ready.catch(() => undefined); // the failure is reported once by coreFailed
    }
    const effects = attachSideEffects(this, config);
    this.detachers.push(...effects.detachers);
    this.coreBound.push(...effects.coreBound);
    this.flushStorage = effects.flushStorage;
    if (remote !== null) this.coreBound.push(attachRemote(this, remote));
    this.storeNow = effects.writeValueNow === null ? null : ValtioStateManager.storeNowFor(this, effects.writeValueNow);
    this.noteEarlyWrite = effects.noteEarlyWrite;
  }

  /**
   * With a core, committing runs the persistence's flush report, which (sync mode) writes
   * the changed keys at once; before it loads, the plain value is written directly.
   * (Made outside the constructor for the reason given at createParts.)
   */
  private static storeNowFor(manager: ValtioStateManager, writeValueNow: (key: string, value: unknown) => void): (key: string, value: unknown) => void {
    return (key, value) => (manager.link.core !== null ? manager.commit() : writeValueNow(key, value));
  }

  /**
   * Builds the parts outside the constructor on purpose: a closure the parts keep for the
   * manager's lifetime, made in the constructor, would keep alive what the constructor's
   * other closures capture, among them the stored entries it loaded. Those hold the first
   * value node of every key, and the proxy store caches one proxy per node, so every key's
   * first proxy would outlive its value (about 1 KB per key written; the bounded-memory
   * test in tests/js/manager-power.test.ts catches it).
   */
  private static createParts(manager: ValtioStateManager, config: ValtioStateManagerConfig): ManagerParts {
    return createManagerParts({
      report: manager.report,
      middleware: config.middleware ?? [],
      afterWrite: (key, value, source) => manager.afterWrite(key, value, source),
    });
  }

  /**
   * The core will never come: keep the view serving reads, writes and listeners, and keep
   * writes durable and shared the legacy way (core-fallback.ts) instead of losing them.
   * Returns the error `ready` rejects with; it is reported once per failed load.
   * The fallback's code is a chunk of its own, loaded only here (a page whose core loads
   * never fetches it); until it arrives, writes keep queueing and are handed over with the rest.
   */
  private async coreFailed(error: unknown, config: ValtioStateManagerConfig): Promise<StateCoreError> {
    const cause = error instanceof StateCoreError ? error
      : new StateCoreError('NOT_LOADED', `the wasm core could not load: ${String((error as Error)?.message ?? error)}`, undefined, error);
    const failure = new StateCoreError(cause.code, `${cause.message} Meanwhile the manager keeps working without the core: ` +
      'writes are stored in the legacy format and reach other tabs on the legacy channel.', undefined, error);
    if (this.destroyed) return failure;
    let attachLegacyFallback: typeof import('./core-fallback.js').attachLegacyFallback;
    try {
      ({ attachLegacyFallback } = await import('./core-fallback.js'));
    } catch (chunkError) {
      // Neither the core nor the fallback's chunk: the view keeps working in memory only.
      this.report(chunkError instanceof Error ? chunkError : new Error(String(chunkError)));
      this.link.abandon();
      announceLoadFailure(error, failure, this.ownReporter ? this.report : null);
      return failure;
    }
    if (this.destroyed) return failure;
    // Stop queueing for a core that will never come, so memory does not grow with every write.
    const touched = this.link.abandon();
    for (const detach of this.coreBound.splice(0)) detach();
    const fallback = attachLegacyFallback({
      peek: (key) => this.peek(key),
      keys: () => this.keys(),
      reportError: (e) => this.report(e),
      applyLegacyChange: (key, value, source) => this.applyFallbackChange(key, value, source),
    }, { storage: persistenceStorage(config), prefix: config.storagePrefix ?? 'mfe-state', channel: fallbackChannel(config) });
    this.fallback = fallback;
    this.flushStorage = () => fallback.flush();
    this.detachers.unshift(() => fallback.detach());
    if (touched === null) fallback.writeAll('unknown');
    else for (const key of touched) fallback.write(key, 'unknown');
    announceLoadFailure(error, failure, this.ownReporter ? this.report : null);
    return failure;
  }

  /** A write from another tab while running without the core (legacy channel). */
  private applyFallbackChange(key: string, value: unknown, source: string): void {
    if (!checkKey(key)) return this.writer.dropForbidden(key);
    if (this.accessControl === 'namespaces' && key.startsWith('mfe:')) {
      this.report(new StateAccessError(`dropped a legacy-channel write to "${key}": with accessControl 'namespaces', MFE keys only sync between new managers`, key));
      return;
    }
    const previous = this.state.values.get(key);
    const next = value === undefined ? undefined : cloneForState(key, value, previous, this.report);
    if (next === previous) return;
    if (next === undefined) this.state.values.delete(key);
    else this.state.values.set(key, next);
    this.state.changed();
    this.notifier.notify(this.notifier.makeEvent(key, next, previous, source));
  }

  /**
   * Every local write, once listeners (or the running transaction) have it: without a core it
   * goes the legacy way; outside a transaction (its commit writes through its flush) with
   * `storageWrites: 'sync'` it reaches storage now; batched, while the core loads, it reaches
   * storage in the next batch (a transaction's writes too: the batch runs after it ends).
   */
  private afterWrite(key: string, value: unknown, source: string): void {
    if (this.fallback !== null) {
      this.fallback.write(key, source);
      if (this.storeNow) this.fallback.flush();
    } else if (this.storeNow) {
      if (!this.tx.active) this.storeNow(key, value);
    } else if (this.noteEarlyWrite && this.link.core === null) this.noteEarlyWrite(); // both unset while the constructor runs
  }

  /**
   * Commits every queued write to the core and writes the changed keys to storage now,
   * instead of in the next idle period: once it returns, the writes survive the tab closing.
   * (Writes are committed at the end of every task anyway; call this before handing control
   * to something that may end the page.)
   *
   * @example
   * manager.set('draft', text);
   * manager.flush(); // in storage now
   */
  flush(): void {
    this.commit();
    this.flushStorage?.();
  }

  /**
   * Applies the queued writes to the core now, in one crossing (no-op before the core is
   * loaded). Internal: the public `flush()` also writes storage.
   */
  private commit(): void {
    this.link.flush();
  }

  /** Called after every flush that committed something (ManagerHost). */
  onFlush(listener: (info: FlushInfo) => void): () => void {
    return this.notifier.onFlush(listener);
  }

  /**
   * Calls `listener` at the end of every task in which some key changed, with those keys.
   * Selectors and derived state build on it: one evaluation per task, not one per write.
   */
  onTaskEnd(listener: (keys: ReadonlySet<string>) => void): () => void {
    return this.notifier.onTaskEnd(listener);
  }

  reportError(error: Error): void {
    this.report(error);
  }

  /** The frozen view value (ManagerHost: persistence, sync and devtools keep it as is). */
  peek(key: string): unknown {
    return this.state.peek(key);
  }

  keys(): string[] {
    return this.state.keys();
  }

  /** Keys with local writes no core has taken yet; null when a clear is queued (persist/early-writes.ts). */
  pendingLocalKeys(): ReadonlySet<string> | null {
    return this.link.pendingKeys();
  }

  /**
   * The current value. Objects and arrays come back mutable, as on the legacy manager: the
   * same copy until the key is written (mutable-mirror.ts), so `get`, change in place, `set`
   * works; the change reaches the state only through `set`. getSnapshot() is the frozen view.
   */
  get<T = unknown>(key: string): T | undefined {
    // StateView.get written out over the view's own Map: one load and one call less on the
    // most frequent call of all. One test on the fast path: null is an 'object' too, and
    // mutable() hands it back as it is.
    const value = this.values.get(key);
    return (typeof value !== 'object' ? value : this.state.mutable(value)) as T | undefined;
  }

  set<T = unknown>(key: string, value: T, source = 'unknown'): void {
    this.writer.set(key, value, source);
  }

  /**
   * A write at `path` inside `key` (the proxy store and MFE handles use it). Runs the same
   * validation, middleware and listeners as `set`; queues a nested op for the core.
   */
  writePath(key: string, path: Path, value: unknown, source = 'unknown'): void {
    this.writer.writePath(key, path, value, source);
  }

  delete(key: string): void {
    this.writer.delete(key);
  }

  clear(): void {
    this.writer.clear();
  }

  /** Replaces the whole state as local writes (devtools time travel, import). */
  replaceState(state: Record<string, unknown>, source: string): void {
    this.writer.replaceState(state, source);
  }

  /** Runs `write` with every op it queues attributed to MFE `writer` (access/mfe-handle.ts). */
  withWriter<T>(writer: string, write: () => T): T {
    return this.writer.withWriter(writer, write);
  }

  /**
   * Runs `fn` as one atomic transaction: every write inside it (set, delete, clear, proxy
   * store) runs its middleware as usual, but listeners hear nothing until the end; then the
   * writes reach the core in one batch (one message to other tabs, one persistence pass) and
   * each key listener is called once with the key's final value. If `fn` throws or a
   * middleware vetoes, every write is undone and nobody is notified. Nested calls join the
   * outer transaction. `fn` must be synchronous.
   *
   * @example
   * manager.transaction(() => {
   *   manager.set('cart', [...cart, item]);
   *   manager.set('cartTotal', total + item.price);
   * }); // listeners run here, once per key
   */
  transaction<T>(fn: () => T): T {
    return this.tx.run(fn);
  }

  /** Alias of transaction(), the name other state libraries use. */
  batch<T>(fn: () => T): T {
    return this.transaction(fn);
  }

  /** Hands the initial entries and every queued write to a freshly created core. */
  private connect(factory: CoreFactory, loaded: Map<string, InitialEntry>): void {
    if (this.destroyed) return;
    const core = factory.create({ origin: this.origin, schemaVersion: this.schemaVersion });
    core.setAccessPolicy(this.accessControl);
    const acknowledged = new Map<string, unknown>();
    this.loadInto(core, loaded, acknowledged);
    this.attachCore(core, loaded, acknowledged);
  }

  /**
   * connect() for many stored entries: they reach the core LOAD_SLICE at a time, one slice
   * per task, so a page with 100,000 stored keys is not blocked for seconds (each entry is
   * one crossing into wasm). Until the last slice the manager works as before the core
   * loaded: reads from the view, writes queued, other tabs' messages kept for later.
   */
  private async connectInSlices(factory: CoreFactory, loaded: Map<string, InitialEntry>): Promise<void> {
    if (loaded.size <= LOAD_SLICE) return this.connect(factory, loaded);
    if (this.destroyed) return;
    const core = factory.create({ origin: this.origin, schemaVersion: this.schemaVersion });
    core.setAccessPolicy(this.accessControl);
    const acknowledged = new Map<string, unknown>();
    const entries = [...loaded];
    for (let start = 0; start < entries.length; start += LOAD_SLICE) {
      if (start > 0) await nextTask();
      if (this.destroyed) {
        core.dispose();
        return;
      }
      this.loadInto(core, entries.slice(start, start + LOAD_SLICE), acknowledged);
    }
    this.attachCore(core, loaded, acknowledged);
  }

  /** Stored keys the core had to repair (or refused) at load; persistence rewrites only those. */
  private readonly repairedKeys = new Set<string>();

  repairedAtLoad(): ReadonlySet<string> {
    return this.repairedKeys;
  }

  private loadInto(core: CoreHandle, entries: Iterable<[string, InitialEntry]>, acknowledged: Map<string, unknown>): void {
    const now = Date.now();
    for (const [key, entry] of entries) {
      const result = core.loadEntry(key, entry.valueText, entry.metaText, now);
      if (result.repaired || !result.ok) this.repairedKeys.add(key);
      if (result.ok) acknowledged.set(key, entry.value);
      else this.report(new StateCoreError(result.error?.code ?? 'BAD_ENTRY', `could not load "${key}": ${result.error?.message ?? ''}`, key));
    }
  }

  /** The core holds the entries: it takes the queued writes and the remote backlog. */
  private attachCore(core: CoreHandle, loaded: Map<string, InitialEntry>, acknowledged: Map<string, unknown>): void {
    this.notifier.acknowledge(acknowledged);
    this.link.attach(core);
    // Keys the core refused and nobody has rewritten since must leave the view too.
    const touched = this.link.pendingKeys();
    for (const key of loaded.keys()) {
      if (!acknowledged.has(key) && touched !== null && !touched.has(key)) this.link.resyncKey(key, 'load');
    }
    this.commit();
    this.link.drainRemoteBacklog();
  }

  /** The core once loaded, else null (ManagerHost). */
  get core(): CoreHandle | null {
    return this.link.core;
  }

  whenCoreReady(): Promise<CoreHandle> {
    // Destroyed meanwhile, or no core at all: never settle, so no waiting module wakes up
    // to a disposed core or to an unhandled rejection (the failure is reported once).
    const never = () => new Promise<CoreHandle>(() => {});
    return this.ready.then(() => {
      const core = this.link.core;
      if (core === null) return never();
      this.commit();
      return core;
    }, never);
  }

  subscribe<T = unknown>(key: string, listener: StateListener<T>): Unsubscribe {
    checkKey(key);
    if (typeof listener !== 'function') throw new StateValidationError('BAD_VALUE', `listener for "${key}" must be a function`, key);
    const unsubscribe = this.notifier.listeners.addKey(key, listener as StateListener<any>);
    const current = this.state.mutable(this.state.values.get(key)) as T | undefined;
    if (current !== undefined) {
      try {
        listener(current, { key, value: current, previousValue: undefined as T, source: 'initial', timestamp: Date.now() });
      } catch (error) {
        reportListenerError(`listener of key "${key}"`, error);
      }
    }
    return unsubscribe;
  }

  subscribeAll(listener: GlobalStateListener): Unsubscribe {
    if (typeof listener !== 'function') throw new StateValidationError('BAD_VALUE', 'listener must be a function');
    return this.notifier.listeners.addGlobal(listener);
  }

  registerMFE(id: string, metadata: MFEMetadataInput = {}): void {
    this.mfes.register(id, metadata);
    this.set(`mfe:${id}:registered`, true, 'system');
  }

  unregisterMFE(id: string): void {
    this.mfes.unregister(id);
    const prefix = `mfe:${id}:`;
    for (const key of [...this.state.values.keys()]) if (key.startsWith(prefix)) this.delete(key);
  }

  /** Metadata of every registered MFE. */
  getRegisteredMFEs(): MFEMetadata[] {
    return this.mfes.list();
  }

  /**
   * A frozen, structurally shared snapshot of every key, cached until the next change.
   * Nested objects are frozen too: they are the view's own immutable nodes, frozen the first
   * time a snapshot includes them, so a snapshot after one change freezes only the nodes
   * that write replaced, and every unchanged subtree keeps its identity. Changing a snapshot
   * throws in strict mode and never changes the state; changing a `get` result in place
   * never changes a snapshot (get hands out copies, see mutable-mirror.ts).
   */
  getSnapshot(): Record<string, unknown> {
    return this.state.snapshot();
  }

  restoreSnapshot(snapshot: Record<string, unknown>): void {
    if (snapshot === null || typeof snapshot !== 'object' || Array.isArray(snapshot)) {
      throw new StateValidationError('BAD_VALUE', 'restoreSnapshot expects a plain object of keys');
    }
    // Validate everything before clearing, so a bad snapshot leaves the state as it was.
    const entries: Array<[string, unknown]> = [];
    for (const [key, value] of Object.entries(snapshot)) {
      if (!checkKey(key)) {
        this.writer.dropForbidden(key);
        continue;
      }
      if (value !== undefined) entries.push([key, cloneForState(key, value, undefined, this.report)]);
    }
    this.clear();
    for (const [key, value] of entries) this.set(key, value, 'snapshot');
  }

  /** A live proxy over the whole store; see proxy-store.ts. */
  getProxyStore(): Record<string, any> {
    this.proxyStore ??= createProxyStore({
      readKey: (key) => this.state.values.get(key),
      keys: () => this.keys(),
      writePath: (key, path, value, source) => this.writePath(key, path, value, source),
      reportError: (error) => this.report(error),
      interop: this,
    });
    return this.proxyStore;
  }

  getAdapter(framework: FrameworkName): Promise<unknown> {
    return loadAdapter(this, framework, true);
  }

  /** The value at `key` + `path`, mutable like `get` (the same copies). */
  readAt(key: string, path: Path): unknown {
    return this.state.readAt(key, path);
  }

  /**
   * The value at `key` + `path` as it is in getSnapshot(): frozen and structurally shared,
   * so its identity changes exactly when the value does (useValtioStore, selectors).
   */
  snapshotAt(key: string, path: Path): unknown {
    return this.state.snapshotAt(key, path);
  }

  subscribePath(key: string, path: Path, onChange: () => void, options?: { sync?: boolean }): () => void {
    return this.notifier.watchers.add(key, path, onChange, options?.sync === true);
  }

  listenerCount(): number {
    // End-of-task listeners are selectors and derived state: counted so leak checks see them.
    return this.notifier.count;
  }

  /** Merges a legacy StateChangeEvent from the legacy channel; see legacy-bridge.ts. */
  applyLegacyEvent(event: unknown): void {
    // A legacy event names no writer, so with namespace access control on it cannot prove
    // which MFE wrote an `mfe:<id>:` key: such events are dropped (reported), never applied.
    const key = (event as { key?: unknown } | null)?.key;
    if (this.accessControl === 'namespaces' && typeof key === 'string' && key.startsWith('mfe:')) {
      this.report(new StateAccessError(`dropped a legacy-channel write to "${key}": with accessControl 'namespaces', MFE keys only sync between new managers`, key));
      return;
    }
    const text = encodeLegacyEvent(event, this.report, this.legacyArrivals);
    if (text !== null) this.link.applyRemoteMessage(text);
  }

  /**
   * Merges a protocol-v2 message from another tab (ManagerHost). Local writes are flushed
   * first so the core orders them against the remote ones; never throws.
   */
  applyRemoteMessage(message: V2Message | ArrayBuffer): void {
    this.link.applyRemoteMessage(message);
  }

  /**
   * The manager as MFE `id` sees it: writes are attributed to the MFE and, with
   * `accessControl: 'namespaces'`, writes to another MFE's `mfe:<other>:` keys throw
   * StateAccessError before anything changes.
   *
   * @example
   * const cart = manager.forMFE('cart');
   * cart.set('mfe:cart:items', []);      // fine
   * cart.set('mfe:profile:name', 'x');   // StateAccessError when accessControl is 'namespaces'
   */
  forMFE(id: string): MFEHandle {
    return createMFEHandle(this, id);
  }

  /**
   * Calls `fn(value, previous)` when the value at a nested path changes, and only then.
   * Deferred to the end of the task (one call for several writes) unless `{ sync: true }`.
   *
   * @example
   * const stop = manager.watchPath('user.profile.name', (name, before) => console.log(before, '->', name));
   * manager.getProxyStore().user.profile.name = 'Bob'; // logs once, at the end of the task
   * manager.set('other', 1);                          // does not call it
   */
  watchPath<T = unknown>(path: string | readonly (string | number)[], fn: PathWatcher<T>, options?: { sync?: boolean }): () => void {
    return watchPathOn(this, path, fn, options);
  }

  /**
   * A memoised, usage-tracked selector over the whole state: re-run only when something it
   * read changed (not when other keys or members change).
   *
   * @example
   * const itemCount = manager.createSelector((s) => s.cart.items.length);
   * itemCount.get();                                  // runs the function
   * manager.set('theme', 'dark'); itemCount.get();    // cached: 'cart' was not touched
   * itemCount.subscribe((n) => badge.textContent = String(n));
   */
  createSelector<R>(fn: SelectorFn<R>, equality?: (a: R, b: R) => boolean): Selector<R> {
    return createTrackedSelector(this, fn, equality);
  }

  /**
   * Derived state: like a selector, but recomputed eagerly at the end of each task in which
   * what it read changed, and optionally written to `key` so every MFE can read it.
   *
   * @example
   * manager.createDerivedState((s) => s.cart.items.reduce((t, i) => t + i.price, 0), { key: 'cartTotal' });
   * manager.get('cartTotal'); // kept up to date, written with source 'derived'
   */
  createDerivedState<R>(fn: SelectorFn<R>, options?: { key?: string; equality?: (a: R, b: R) => boolean }): DerivedState<R> {
    return createDerived(this, fn, options);
  }

  /**
   * Undo/redo built from inverse change sets; a step is one task's writes or a transaction.
   *
   * @example
   * const history = manager.createHistory({ maxHistory: 50, keys: ['doc'] });
   * manager.set('doc', { title: 'B' });
   * await Promise.resolve();                          // the step is recorded at the end of the task
   * history.undo();                                   // doc is back to what it was
   */
  createHistory(options?: HistoryOptions): History {
    return createHistoryOn(this, options);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.flush();
    // The parts bound to the core (persistence, sync, remote) first: persistence writes what
    // is pending as it detaches, and sync closes its channels, so a destroyed manager neither
    // hears other tabs nor answers them.
    for (const detach of [...this.coreBound.splice(0).reverse(), ...this.detachers.splice(0).reverse()]) {
      try {
        detach();
      } catch (error) {
        this.report(error as Error);
      }
    }
    this.destroyed = true;
    this.notifier.clear();
    this.link.close();
  }
}

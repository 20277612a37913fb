/**
 * The legacy manager (docs/api-contract.md section 1), plain JS as the original package wrote it: a Map of
 * keys, the middleware chain, one localStorage entry per key, a BroadcastChannel posting
 * every change, and a devtools hook. Kept deliberately simple: it is the baseline the new
 * manager is measured against and the fallback when the feature flag is off.
 */
import type {
  ErrorReporter, FrameworkName, GlobalStateListener, MFEMetadata, StateChangeEvent, StateListener,
  StateManager, StateManagerConfig, StateMiddleware, Unsubscribe,
} from '../types.js';
import type { Path, PathSubscribable } from '../internal/path-subscription.js';
import { ListenerRegistry, reportListenerError, runMiddleware } from '../internal/listeners.js';
import {
  connectReduxDevtools, defaultReportError, getLocalStorage, getWindow, openBroadcastChannel,
  type BroadcastChannelLike, type ReduxDevtoolsConnection,
} from '../internal/environment.js';
import { loadAdapter } from '../internal/adapters.js';
import { brandManagerClass } from '../internal/brand.js';
import { checkWritablePath, readAtPath, writeAtPath } from '../internal/paths.js';
import { isForbiddenName } from '../internal/validate.js';
import { StateValidationError } from '../errors.js';
import { exposeDebugHandle, LEGACY_HANDLE_NAME } from '../devtools/debug-handle.js';
import { guardReporter } from '../internal/safe-reporter.js';

/** The legacy channel name; the new manager bridges to it (docs/api-contract.md section 3). */
export const LEGACY_CHANNEL = 'mfe-state-sync';

/**
 * The legacy state manager.
 *
 * @example
 * const manager = new UniversalStateManager({ initialState: { theme: 'light' } });
 * manager.subscribe('theme', (value) => console.log(value)); // logs 'light' at once
 * manager.set('theme', 'dark', 'settings-mfe');
 */
export class UniversalStateManager implements StateManager, PathSubscribable {
  static {
    brandManagerClass(this, 'UniversalStateManager');
  }

  private readonly state = new Map<string, unknown>();
  private readonly listeners = new ListenerRegistry();
  private readonly middleware: StateMiddleware[];
  private readonly mfes = new Map<string, MFEMetadata>();
  private readonly prefix: string;
  private readonly storage: Storage | null;
  private readonly channel: BroadcastChannelLike | null;
  private readonly devtools: ReduxDevtoolsConnection | null;
  private readonly reportError: ErrorReporter;
  private removeDebugHandle: () => void = () => {};

  constructor(config: StateManagerConfig = {}) {
    this.prefix = config.storagePrefix ?? 'mfe-state';
    this.middleware = [...(config.middleware ?? [])];
    this.reportError = guardReporter(config.onError ?? defaultReportError);
    this.storage = config.persistent === false ? null : getLocalStorage();
    for (const [key, value] of Object.entries(config.initialState ?? {})) this.state.set(key, value);
    this.loadFromStorage();
    // Browsers only: node has BroadcastChannel too, and on a server it would join every
    // request's manager into one "tab" (SSR must stay request-local).
    this.channel = config.crossTab === false || getWindow() === null ? null : openBroadcastChannel(LEGACY_CHANNEL);
    if (this.channel !== null) this.channel.onmessage = (message) => this.handleCrossTab(message.data);
    this.devtools = config.devtools === false ? null : connectReduxDevtools('MFE Universal State');
    this.devtools?.init(this.getSnapshot());
    if (config.devtools !== false) this.removeDebugHandle = exposeDebugHandle(this, LEGACY_HANDLE_NAME);
  }

  get<T = unknown>(key: string): T | undefined {
    return this.state.get(key) as T | undefined;
  }

  set<T = unknown>(key: string, value: T, source = 'unknown'): void {
    const event: StateChangeEvent = { key, value, previousValue: this.state.get(key), source, timestamp: Date.now() };
    runMiddleware(this.middleware, event, () => {
      this.state.set(key, value);
      this.persist(key, value);
      this.listeners.emit(event);
      this.broadcast(event);
      this.devtools?.send({ type: `SET ${key}`, payload: value, source }, this.getSnapshot());
    });
  }

  delete(key: string): void {
    if (!this.state.has(key)) return;
    const previousValue = this.state.get(key);
    this.state.delete(key);
    this.unpersist(key);
    const event: StateChangeEvent = { key, value: undefined, previousValue, source: 'delete', timestamp: Date.now() };
    this.listeners.emit(event);
    this.broadcast(event);
    this.devtools?.send({ type: `DELETE ${key}` }, this.getSnapshot());
  }

  clear(): void {
    const entries = [...this.state.entries()];
    this.state.clear();
    for (const [key, previousValue] of entries) {
      this.unpersist(key);
      const event: StateChangeEvent = { key, value: undefined, previousValue, source: 'clear', timestamp: Date.now() };
      this.listeners.emit(event);
      this.broadcast(event);
    }
    this.devtools?.send({ type: 'CLEAR' }, {});
  }

  subscribe<T = unknown>(key: string, listener: StateListener<T>): Unsubscribe {
    const unsubscribe = this.listeners.addKey(key, listener as StateListener<any>);
    const current = this.state.get(key);
    if (current !== undefined) {
      try {
        listener(current as T, { key, value: current as T, previousValue: undefined as T, source: 'initial', timestamp: Date.now() });
      } catch (error) {
        reportListenerError(`listener of key "${key}"`, error);
      }
    }
    return unsubscribe;
  }

  subscribeAll(listener: GlobalStateListener): Unsubscribe {
    return this.listeners.addGlobal(listener);
  }

  registerMFE(id: string, metadata: Partial<Omit<MFEMetadata, 'id' | 'registeredAt'>> & Record<string, unknown> = {}): void {
    this.mfes.set(id, { framework: 'unknown', version: '0.0.0', ...metadata, id, registeredAt: Date.now() });
    this.set(`mfe:${id}:registered`, true, 'system');
  }

  unregisterMFE(id: string): void {
    this.mfes.delete(id);
    const prefix = `mfe:${id}:`;
    for (const key of [...this.state.keys()]) if (key.startsWith(prefix)) this.delete(key);
  }

  /** Metadata of every registered MFE. */
  getRegisteredMFEs(): MFEMetadata[] {
    return [...this.mfes.values()];
  }

  /** A deep copy: the legacy manager's values are mutable, so a shallow copy would leak them. */
  getSnapshot(): Record<string, unknown> {
    const snapshot: Record<string, unknown> = {};
    for (const [key, value] of this.state) snapshot[key] = deepCopy(value);
    return snapshot;
  }

  restoreSnapshot(snapshot: Record<string, unknown>): void {
    this.clear();
    for (const [key, value] of Object.entries(snapshot)) this.set(key, value, 'snapshot');
  }

  getAdapter(framework: FrameworkName): Promise<unknown> {
    return loadAdapter(this, framework, false);
  }

  destroy(): void {
    this.listeners.clear();
    if (this.channel !== null) {
      this.channel.onmessage = null;
      this.channel.close();
    }
    this.removeDebugHandle();
  }

  // PathSubscribable at key granularity: any write to the key notifies every path of it.
  readAt(key: string, path: Path): unknown {
    return readAtPath(this.state.get(key), path);
  }

  /** No immutable values here: the stored value itself, as readAt (identity changes on set). */
  snapshotAt(key: string, path: Path): unknown {
    return readAtPath(this.state.get(key), path);
  }

  /**
   * A nested write at key granularity: `set` of a copy of the key's value with `value` at
   * `path` (only the containers on the path are copied, so the object listeners received
   * before is not changed under them). Same path rule and forbidden names as the new manager.
   */
  writePath(key: string, path: Path, value: unknown, source = 'unknown'): void {
    if (path.length === 0) return this.set(key, value, source);
    if (path.some((segment) => typeof segment === 'string' && isForbiddenName(segment))) {
      this.reportError(new StateValidationError('FORBIDDEN_KEY', `dropped a write to forbidden path ${key}.${path.join('.')}`, key));
      return;
    }
    const root = this.state.get(key);
    const reason = checkWritablePath(root, path);
    if (reason !== null) throw new StateValidationError('BAD_PATH', `cannot write ${key}.${path.join('.')}: ${reason}`, key);
    this.set(key, writeAtPath(root, path, value), source);
  }

  keys(): string[] {
    return [...this.state.keys()];
  }

  subscribePath(key: string, _path: Path, onChange: () => void): () => void {
    return this.listeners.addKey(key, () => onChange());
  }

  listenerCount(): number {
    return this.listeners.count();
  }

  private loadFromStorage(): void {
    if (this.storage === null) return;
    const head = `${this.prefix}:`;
    let keys: string[];
    try {
      keys = Array.from({ length: this.storage.length }, (_, i) => this.storage!.key(i)).filter((k): k is string => k !== null);
    } catch (error) {
      this.reportError(error as Error);
      return;
    }
    for (const storageKey of keys) {
      if (!storageKey.startsWith(head)) continue;
      try {
        const text = this.storage.getItem(storageKey);
        if (text !== null) this.state.set(storageKey.slice(head.length), JSON.parse(text));
      } catch (error) {
        this.reportError(new Error(`could not load ${storageKey}: ${(error as Error).message}`));
      }
    }
  }

  private persist(key: string, value: unknown): void {
    if (this.storage === null) return;
    try {
      this.storage.setItem(`${this.prefix}:${key}`, JSON.stringify(value));
    } catch (error) {
      this.reportError(error as Error);
    }
  }

  private unpersist(key: string): void {
    if (this.storage === null) return;
    try {
      this.storage.removeItem(`${this.prefix}:${key}`);
    } catch (error) {
      this.reportError(error as Error);
    }
  }

  private broadcast(event: StateChangeEvent): void {
    if (this.channel === null) return;
    try {
      this.channel.postMessage(event);
    } catch (error) {
      this.reportError(error as Error); // e.g. a value structured clone cannot carry
    }
  }

  /** Applies a change from another tab; validated only as far as the legacy package did. */
  private handleCrossTab(data: unknown): void {
    const event = data as Partial<StateChangeEvent> | null;
    if (event === null || typeof event !== 'object' || typeof event.key !== 'string' || event.key === '') {
      this.reportError(new Error('dropped a malformed cross-tab message'));
      return;
    }
    const previousValue = this.state.get(event.key);
    const removed = event.value === undefined;
    if (removed) this.state.delete(event.key);
    else this.state.set(event.key, event.value);
    this.listeners.emit({
      key: event.key, value: event.value, previousValue,
      source: `${event.source ?? 'unknown'} (cross-tab)`, timestamp: Number(event.timestamp) || Date.now(),
    });
  }
}

function deepCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  try {
    return structuredClone(value);
  } catch {
    return JSON.parse(JSON.stringify(value)) as unknown;
  }
}

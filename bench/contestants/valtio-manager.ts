/**
 * The "Valtio" row of the seed PR, rebuilt for comparison only: the legacy API over a real
 * `valtio` proxy store. State lives in `proxy({})`, reads go through the proxy, one valtio
 * `subscribe` (in sync mode, because legacy listeners must run before `set` returns) drives
 * key listeners, persistence and the broadcast, and `getSnapshot()` is valtio's `snapshot`.
 * Bench-only: it is not shipped and not held to docs/api-contract.md section 5.
 */
import { proxy, snapshot, subscribe, unstable_enableOp } from 'valtio/vanilla';
import type { ManagerConfig } from '../lib/types.ts';

type Listener = (value: unknown, event: ChangeEvent) => void;
type GlobalListener = (event: ChangeEvent) => void;
type Middleware = (event: ChangeEvent, next: () => void) => void;

interface ChangeEvent {
  key: string;
  value: unknown;
  previousValue: unknown;
  source: string;
  timestamp: number;
}

export interface ValtioManagerConfig extends ManagerConfig {
  storagePrefix?: string;
  middleware?: Middleware[];
}

const CHANNEL = 'mfe-state-sync';

// valtio 2 made subscriber ops opt-in; the dispatcher needs them to know which key changed
// (valtio 1, which the seed PR used, always produced them).
unstable_enableOp(true);

export class ValtioBenchManager {
  private readonly store: Record<string, unknown>;
  private readonly keyListeners = new Map<string, Set<Listener>>();
  private readonly globalListeners = new Set<GlobalListener>();
  private readonly middleware: Middleware[];
  private readonly prefix: string;
  private readonly persistent: boolean;
  private readonly channel: BroadcastChannel | null = null;
  private readonly unsubscribeStore: () => void;
  /** The event of the `set` in progress; a write made straight on the proxy has none. */
  private pending: ChangeEvent | null = null;
  private applyingRemote = false;

  constructor(config: ValtioManagerConfig = {}) {
    this.prefix = config.storagePrefix ?? 'mfe-state';
    this.persistent = (config.persistent ?? true) && typeof localStorage !== 'undefined';
    this.middleware = config.middleware ?? [];
    const initial: Record<string, unknown> = { ...(config.initialState ?? {}) };
    if (this.persistent) {
      for (let i = 0; i < localStorage.length; i++) {
        const name = localStorage.key(i);
        if (!name || !name.startsWith(this.prefix + ':')) continue;
        try {
          initial[name.slice(this.prefix.length + 1)] = JSON.parse(localStorage.getItem(name) ?? 'null');
        } catch {
          // A corrupt entry is skipped, as the legacy manager does.
        }
      }
    }
    this.store = proxy(initial);
    this.unsubscribeStore = subscribe(this.store, (ops) => this.onOps(ops), true);
    if ((config.crossTab ?? true) && typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(CHANNEL);
      this.channel.onmessage = (msg) => this.onRemote(msg.data);
    }
  }

  get(key: string): unknown {
    return this.store[key];
  }

  set(key: string, value: unknown, source = 'unknown'): void {
    const event: ChangeEvent = { key, value, previousValue: this.store[key], source, timestamp: Date.now() };
    if (!this.runMiddleware(event)) return;
    this.pending = event;
    try {
      this.store[key] = value;
    } finally {
      this.pending = null;
    }
  }

  delete(key: string): void {
    if (!(key in this.store)) return;
    this.pending = { key, value: undefined, previousValue: this.store[key], source: 'delete', timestamp: Date.now() };
    try {
      delete this.store[key];
    } finally {
      this.pending = null;
    }
  }

  clear(): void {
    for (const key of Object.keys(this.store)) this.delete(key);
  }

  subscribe(key: string, listener: Listener): () => void {
    let set = this.keyListeners.get(key);
    if (!set) this.keyListeners.set(key, (set = new Set()));
    set.add(listener);
    const current = this.store[key];
    if (current !== undefined) {
      listener(current, { key, value: current, previousValue: undefined, source: 'initial', timestamp: Date.now() });
    }
    return () => void set!.delete(listener);
  }

  subscribeAll(listener: GlobalListener): () => void {
    this.globalListeners.add(listener);
    return () => void this.globalListeners.delete(listener);
  }

  getSnapshot(): Record<string, unknown> {
    return snapshot(this.store) as Record<string, unknown>;
  }

  restoreSnapshot(snap: Record<string, unknown>): void {
    this.clear();
    for (const [key, value] of Object.entries(snap)) this.set(key, value, 'snapshot');
  }

  getProxyStore(): Record<string, unknown> {
    return this.store;
  }

  destroy(): void {
    this.unsubscribeStore();
    this.channel?.close();
    this.keyListeners.clear();
    this.globalListeners.clear();
  }

  private runMiddleware(event: ChangeEvent): boolean {
    let index = 0;
    let reached = this.middleware.length === 0;
    const next = (): void => {
      if (index < this.middleware.length) this.middleware[index++](event, next);
      else reached = true;
    };
    next();
    return reached;
  }

  /** valtio calls this synchronously for every op on the store, nested ones included. */
  private onOps(ops: readonly unknown[]): void {
    for (const op of ops as Array<[string, (string | symbol)[], unknown, unknown?]>) {
      const key = String(op[1][0]);
      const value = this.store[key];
      const event = this.pending ?? {
        key,
        value,
        previousValue: op[0] === 'set' ? op[3] : op[2],
        source: 'proxy',
        timestamp: Date.now(),
      };
      if (this.persistent && !this.applyingRemote) {
        if (value === undefined) localStorage.removeItem(`${this.prefix}:${key}`);
        else localStorage.setItem(`${this.prefix}:${key}`, JSON.stringify(value));
      }
      if (this.channel && !this.applyingRemote) {
        this.channel.postMessage({ ...event, value: snapshotValue(value), previousValue: undefined });
      }
      this.notify(key, value, event);
    }
  }

  private notify(key: string, value: unknown, event: ChangeEvent): void {
    const set = this.keyListeners.get(key);
    if (set) {
      for (const listener of set) {
        try {
          listener(value, event);
        } catch (error) {
          console.error(error);
        }
      }
    }
    for (const listener of this.globalListeners) {
      try {
        listener(event);
      } catch (error) {
        console.error(error);
      }
    }
  }

  private onRemote(data: unknown): void {
    const event = data as ChangeEvent;
    if (!event || typeof event.key !== 'string') return;
    this.applyingRemote = true;
    this.pending = { ...event, source: `${event.source} (cross-tab)` };
    try {
      if (event.value === undefined) delete this.store[event.key];
      else this.store[event.key] = event.value;
    } finally {
      this.pending = null;
      this.applyingRemote = false;
    }
  }
}

/** Proxies cannot be structured-cloned; the message carries a plain snapshot. */
function snapshotValue(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? snapshot(value as object) : value;
}

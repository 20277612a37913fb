/**
 * `manager.forMFE(id)`: the manager as one MFE sees it. Every write through the handle is
 * attributed to the MFE (the core records it as the op's writer, so other tabs can check it
 * too), and with `accessControl: 'namespaces'` a write to another MFE's keys (`mfe:<other>:…`)
 * throws StateAccessError before anything changes; so does `clear()` (and `restoreSnapshot`,
 * which clears), since it would erase other MFEs' keys. Reads and subscriptions are the
 * manager's.
 *
 * What the handle needs from the manager (both optional, so it also wraps the legacy one):
 *   readonly accessControl?: 'off' | 'namespaces'   — from config; absent means 'off'.
 *   withWriter?<T>(writer: string, write: () => T): T — runs `write` synchronously; every
 *     write it makes (set, delete, clear, proxy-store writes, registerMFE's set) carries
 *     `LocalOp.writer = writer`. Without it writes are applied unattributed.
 */
import type { FrameworkName, GlobalStateListener, MFEMetadata, StateListener, StateManager, Unsubscribe } from '../types.js';
import { assertMayWrite, mayWrite, namespaceOwner, type AccessControl } from './policy.js';

export interface AccessControlledManager extends StateManager {
  readonly accessControl?: AccessControl;
  withWriter?<T>(writer: string, write: () => T): T;
  getProxyStore?(): Record<string, unknown>;
}

export interface MFEHandle extends StateManager {
  readonly mfeId: string;
  /** The manager's proxy store, guarded like `set` (new manager only). */
  getProxyStore(): Record<string, unknown>;
}

type MFEMeta = Partial<Omit<MFEMetadata, 'id' | 'registeredAt'>> & Record<string, unknown>;

export function createMFEHandle(manager: AccessControlledManager, mfeId: string): MFEHandle {
  if (typeof mfeId !== 'string' || mfeId === '' || mfeId.includes(':')) {
    throw new TypeError(`forMFE: an MFE id must be a non-empty string without ':', got ${JSON.stringify(mfeId)}`);
  }
  const policy = (): AccessControl => manager.accessControl ?? 'off';
  const asWriter = <T>(write: () => T): T => (manager.withWriter ? manager.withWriter(mfeId, write) : write());
  const check = (key: string | null, action?: string): void => assertMayWrite(policy(), mfeId, key, action);
  const subscriptions = new Set<Unsubscribe>();
  // One wrapper per store node, so `handleStore.user === handleStore.user` as on the manager.
  const storeCache = new WeakMap<object, object>();
  const track = (unsubscribe: Unsubscribe): Unsubscribe => {
    const once = (): void => { subscriptions.delete(once); unsubscribe(); };
    subscriptions.add(once);
    return once;
  };

  const handle: MFEHandle = {
    mfeId,
    get: <T>(key: string) => manager.get<T>(key),
    set<T>(key: string, value: T, source?: string): void {
      check(key);
      asWriter(() => manager.set(key, value, source));
    },
    delete(key: string): void {
      check(key, 'delete');
      asWriter(() => manager.delete(key));
    },
    clear(): void {
      check(null, 'clear the state');
      asWriter(() => manager.clear());
    },
    subscribe: <T>(key: string, listener: StateListener<T>) => track(manager.subscribe(key, listener)),
    subscribeAll: (listener: GlobalStateListener) => track(manager.subscribeAll(listener)),
    registerMFE(id: string, metadata?: MFEMeta): void {
      check(`mfe:${id}:registered`, 'register');
      asWriter(() => manager.registerMFE(id, metadata));
    },
    unregisterMFE(id: string): void {
      check(`mfe:${id}:`, 'unregister');
      asWriter(() => manager.unregisterMFE(id));
    },
    getSnapshot: () => manager.getSnapshot(),
    keys: () => manager.keys(),
    readAt: (key, path) => manager.readAt(key, path),
    snapshotAt: (key, path) => manager.snapshotAt(key, path),
    subscribePath: (key, path, onChange, options) => track(manager.subscribePath(key, path, onChange, options)),
    listenerCount: () => manager.listenerCount(),
    writePath(key, path, value, source): void {
      check(key);
      asWriter(() => manager.writePath(key, path, value, source));
    },
    restoreSnapshot(snapshot: Record<string, unknown>): void {
      check(null, 'restore a snapshot'); // it clears first
      asWriter(() => manager.restoreSnapshot(snapshot));
    },
    // 'vanilla' is the manager itself: here, the handle. Framework adapters wrap the manager.
    getAdapter: (framework: FrameworkName) => (framework === 'vanilla' ? Promise.resolve(handle) : manager.getAdapter(framework)),
    getProxyStore(): Record<string, unknown> {
      if (typeof manager.getProxyStore !== 'function') throw new TypeError('getProxyStore() needs the ValtioStateManager');
      return guardStore(manager.getProxyStore(), null, { policy, mfeId, asWriter, cache: storeCache });
    },
    /** Drops the subscriptions made through this handle; the manager lives on. */
    destroy(): void {
      for (const unsubscribe of [...subscriptions]) unsubscribe();
    },
  };
  return handle;
}

/**
 * Wraps the proxy store so writes at any depth are checked against the top-level key they
 * fall under and attributed to the MFE. Reads return wrapped children, so a nested write
 * (`store['mfe:b:x'].y = 1`) cannot slip past the check.
 */
interface GuardContext {
  policy: () => AccessControl;
  mfeId: string;
  asWriter: <R>(write: () => R) => R;
  cache: WeakMap<object, object>;
}

function guardStore<T extends object>(target: T, topKey: string | null, ctx: GuardContext): T {
  const cached = ctx.cache.get(target);
  if (cached !== undefined) return cached as T;
  const keyOf = (prop: string | symbol): string | null => (topKey ?? (typeof prop === 'string' ? prop : null));
  const guard = (prop: string | symbol, action: string): void => {
    const key = keyOf(prop);
    if (key !== null) assertMayWrite(ctx.policy(), ctx.mfeId, key, action);
  };
  const wrapped = new Proxy(target, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop) as unknown;
      const key = keyOf(prop);
      return value !== null && typeof value === 'object' && key !== null ? guardStore(value, key, ctx) : value;
    },
    // A descriptor's value is a way in too (`Object.getOwnPropertyDescriptor(store, key).value`):
    // it gets the same guarded wrapper as a read.
    getOwnPropertyDescriptor(obj, prop) {
      const descriptor = Reflect.getOwnPropertyDescriptor(obj, prop);
      const key = keyOf(prop);
      if (descriptor === undefined || key === null || descriptor.value === null || typeof descriptor.value !== 'object') return descriptor;
      return { ...descriptor, value: guardStore(descriptor.value as object, key, ctx) };
    },
    set(obj, prop, value) {
      guard(prop, 'write');
      return ctx.asWriter(() => Reflect.set(obj, prop, value));
    },
    deleteProperty(obj, prop) {
      guard(prop, 'delete');
      return ctx.asWriter(() => Reflect.deleteProperty(obj, prop));
    },
    defineProperty(obj, prop, descriptor) {
      guard(prop, 'write');
      return ctx.asWriter(() => Reflect.defineProperty(obj, prop, descriptor));
    },
  });
  ctx.cache.set(target, wrapped);
  return wrapped;
}

export { namespaceOwner, mayWrite };

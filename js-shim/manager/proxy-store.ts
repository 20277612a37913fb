/**
 * `getProxyStore()`: a live proxy over the whole store (docs/api-contract.md section 1). Proxies are bound
 * to a key and a path, not to an object, so a proxy kept in a variable keeps reading the
 * current value after the key is replaced. Every assignment or delete, at any depth, goes
 * through the manager's write path: validation, middleware, listeners, a nested LocalOp.
 */
import type { Path } from '../internal/path-subscription.js';
import { readAtPath } from '../internal/paths.js';
import { isForbiddenName } from '../internal/validate.js';
import { StateValidationError } from '../errors.js';

/** What the proxy needs from the manager. */
export interface ProxyStoreHost {
  readKey(key: string): unknown;
  keys(): string[];
  /** Whole-key or nested write; `value === undefined` deletes at `path`. Throws on bad input. */
  writePath(key: string, path: Path, value: unknown, source: string): void;
  reportError(error: Error): void;
  /**
   * What the `/valtio` entry's functions drive (the manager itself). Handed out under a
   * `Symbol.for` name so that a store made by one copy of the package is understood by the
   * functions of any other copy on the page.
   */
  interop?: StorePlaceManager;
}

/** The manager methods the `/valtio` entry uses; a stable shape across package copies. */
export interface StorePlaceManager {
  getSnapshot(): Record<string, unknown>;
  snapshotAt(key: string, path: Path): unknown;
  subscribeAll(listener: (event: { key: string; value: unknown; previousValue: unknown }) => void): () => void;
  subscribePath(key: string, path: Path, onChange: () => void, options?: { sync?: boolean }): () => void;
}

/** Where a proxy of the store sits: the whole store (`key` null) or a key and a path in it. */
export interface StorePlace {
  readonly manager: StorePlaceManager;
  readonly key: string | null;
  readonly path: Path;
}

/** Registered name, so every copy of the package reads the same member. */
export const STORE_PLACE = Symbol.for('@mfe/universal-state:store-place');

export const PROXY_SOURCE = 'proxy';

/**
 * Prototype methods (array methods, toString, the iterator) handed out through a proxy that
 * answers `undefined` for `constructor`, `prototype` and `__proto__`: a method's
 * `.constructor.prototype` is Function.prototype, which a path of member accesses must not
 * reach either. Calls pass straight through. One wrapper per function for the realm.
 */
const guardedMethods = new WeakMap<Function, Function>();
function guardMethod(fn: Function): Function {
  let guarded = guardedMethods.get(fn);
  if (guarded === undefined) {
    guarded = new Proxy(fn, {
      get: (target, prop, receiver) => (typeof prop === 'string' && isForbiddenName(prop) ? undefined : Reflect.get(target, prop, receiver)),
      set: () => true,
      defineProperty: () => false,
      setPrototypeOf: () => false,
    });
    guardedMethods.set(fn, guarded);
  }
  return guarded;
}

const INDEX = /^(?:0|[1-9]\d*)$/;

/** Same key and same path: a proxy made for one serves the other. */
function samePlace(a: { key: string; path: Path }, key: string, path: Path): boolean {
  if (a.key !== key || a.path.length !== path.length) return false;
  for (let i = 0; i < path.length; i++) if (a.path[i] !== path[i]) return false;
  return true;
}

export function createProxyStore(host: ProxyStoreHost): Record<string, any> {
  // One proxy per view node while it stays at its place, so `store.user === store.user`
  // holds until user changes (and memoisation by identity works). Weak: no leak.
  const cache = new WeakMap<object, { key: string; path: Path; proxy: unknown }>();
  const wrap = (key: string, path: Path, value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const hit = cache.get(value);
    if (hit !== undefined && samePlace(hit, key, path)) return hit.proxy;
    const proxy = nestedProxy(host, key, path, value);
    cache.set(value, { key, path, proxy });
    return proxy;
  };

  const rejectName = (name: string): boolean => {
    if (!isForbiddenName(name)) return false;
    host.reportError(new StateValidationError('FORBIDDEN_KEY', `dropped a write to forbidden name ${JSON.stringify(name)} through the proxy store`));
    return true;
  };

  const rootPlace: StorePlace | undefined = host.interop && Object.freeze({ manager: host.interop, key: null, path: [] });
  return new Proxy({} as Record<string, any>, {
    get(_t, prop) {
      if (typeof prop !== 'string') return prop === STORE_PLACE ? rootPlace : undefined;
      return wrap(prop, [], host.readKey(prop));
    },
    set(_t, prop, value) {
      if (typeof prop !== 'string' || rejectName(prop)) return true;
      host.writePath(prop, [], value, PROXY_SOURCE);
      return true;
    },
    deleteProperty(_t, prop) {
      if (typeof prop === 'string' && !isForbiddenName(prop)) host.writePath(prop, [], undefined, PROXY_SOURCE);
      return true;
    },
    has: (_t, prop) => typeof prop === 'string' && host.readKey(prop) !== undefined,
    ownKeys: () => host.keys(),
    getOwnPropertyDescriptor(_t, prop) {
      if (typeof prop !== 'string') return undefined;
      const value = host.readKey(prop);
      if (value === undefined) return undefined;
      return { value: wrap(prop, [], value), writable: true, enumerable: true, configurable: true };
    },
    defineProperty: () => false,
    setPrototypeOf: () => false,
  });

  function nestedProxy(h: ProxyStoreHost, key: string, path: Path, shape: object): unknown {
    const current = (): unknown => readAtPath(h.readKey(key), path);
    const isArray = Array.isArray(shape);
    const child = (prop: string): Path => [...path, isArray ? Number(prop) : prop];
    const place: StorePlace | undefined = h.interop && Object.freeze({ manager: h.interop, key, path });
    // An empty, extensible target of the right kind keeps Array.isArray and the proxy
    // invariants happy while every answer comes from the current view.
    return new Proxy(isArray ? [] : {}, {
      get(_t, prop, receiver) {
        if (prop === STORE_PLACE) return place;
        const node = current();
        if (node === null || typeof node !== 'object') return undefined;
        if (typeof prop === 'string' && Object.prototype.hasOwnProperty.call(node, prop)) {
          if (isArray && prop === 'length') return (node as unknown[]).length;
          return wrap(key, child(prop), (node as Record<string, unknown>)[prop]);
        }
        // `__proto__`, `constructor`, `prototype` would hand out Object.prototype or
        // Array.prototype (and `x.constructor.prototype.y = 1` pollutes every object of the
        // page): the state holds no such members, so they read as absent.
        if (typeof prop === 'string' && isForbiddenName(prop)) return undefined;
        // Prototype members (array methods, iterator) run against the proxy itself, so
        // `store.list.push(x)` turns into writes through the traps below.
        const inherited = Reflect.get(node, prop, receiver) as unknown;
        return typeof inherited === 'function' ? guardMethod(inherited) : inherited;
      },
      set(_t, prop, value) {
        if (typeof prop !== 'string' || rejectName(prop)) return true;
        const node = current();
        if (Array.isArray(node)) {
          if (prop === 'length') {
            if (typeof value !== 'number' || value > node.length) {
              throw new StateValidationError('BAD_PATH', `cannot grow an array through length (key "${key}"): JSON has no holes`, key);
            }
            if (value < node.length) h.writePath(key, path, node.slice(0, value), PROXY_SOURCE);
            return true;
          }
          if (!INDEX.test(prop)) throw new StateValidationError('BAD_PATH', `arrays in the state only take index members, not "${prop}"`, key);
        }
        h.writePath(key, child(prop), value, PROXY_SOURCE);
        return true;
      },
      deleteProperty(_t, prop) {
        if (typeof prop !== 'string' || isForbiddenName(prop)) return true;
        const node = current();
        if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, prop)) return true;
        if (Array.isArray(node)) {
          // pop/shift/splice delete from the end; a hole in the middle is not JSON.
          if (Number(prop) !== node.length - 1) {
            throw new StateValidationError('BAD_PATH', `cannot delete index ${prop} of an array (key "${key}"): JSON has no holes`, key);
          }
          h.writePath(key, path, node.slice(0, -1), PROXY_SOURCE);
          return true;
        }
        h.writePath(key, child(prop), undefined, PROXY_SOURCE);
        return true;
      },
      has(_t, prop) {
        const node = current();
        return node !== null && typeof node === 'object' && prop in node;
      },
      ownKeys() {
        const node = current();
        const keys = node !== null && typeof node === 'object' ? Reflect.ownKeys(node) : [];
        return isArray && !keys.includes('length') ? [...keys, 'length'] : keys;
      },
      getOwnPropertyDescriptor(_t, prop) {
        const node = current();
        if (isArray && prop === 'length') {
          // The target's own length is non-configurable: it must always be reported.
          const length = Array.isArray(node) ? node.length : 0;
          return { value: length, writable: true, enumerable: false, configurable: false };
        }
        if (node === null || typeof node !== 'object' || typeof prop !== 'string') return undefined;
        if (!Object.prototype.hasOwnProperty.call(node, prop)) return undefined;
        const value = wrap(key, child(prop), (node as Record<string, unknown>)[prop]);
        return { value, writable: true, enumerable: true, configurable: true };
      },
      defineProperty: () => false,
      setPrototypeOf: () => false,
    });
  }
}

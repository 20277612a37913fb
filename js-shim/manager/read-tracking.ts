/**
 * Which parts of a snapshot a function read, and whether a later snapshot changed any of
 * them: what selectors and derived state need to re-run only when something they read
 * changed. The manager's snapshots are frozen plain objects and arrays, structurally shared
 * (an unchanged subtree keeps its identity), so "changed" is an identity check along the
 * paths that were read.
 *
 * Written for those snapshots alone, it replaces the general library the React bindings use
 * (proxy-compare), which would otherwise be in the start-up chunk of every container for
 * a feature most never call. The log has the same meaning: per object read, the members
 * read (`get`), tested (`in`, own-property checks) and whether its key list was read.
 */

interface Reads {
  /** Members whose value was read. */
  readonly values: Set<PropertyKey>;
  /** Members tested with `in` or for being own properties. */
  readonly presence: Set<PropertyKey>;
  /** The key list was read (Object.keys, for...in, spread, JSON.stringify). */
  keyList: boolean;
}

/** What a function read, keyed by the snapshot objects it read them from. */
export type ReadLog = WeakMap<object, Reads>;

/** Tracking proxies -> the snapshot object each stands for. */
const originals = new WeakMap<object, object>();

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

function readsOf(log: ReadLog, original: object): Reads {
  let reads = log.get(original);
  if (reads === undefined) log.set(original, (reads = { values: new Set(), presence: new Set(), keyList: false }));
  return reads;
}

/**
 * A proxy of `root` that records into `log` what is read through it, at any depth. Each
 * object gets one proxy per tracking run, so `s.a === s.a` holds inside the function.
 */
export function trackReads<T extends object>(root: T, log: ReadLog): T {
  const proxies = new WeakMap<object, object>();
  const wrap = (original: object): object => {
    const known = proxies.get(original);
    if (known !== undefined) return known;
    // A frozen target's members must be returned as they are (a Proxy invariant), so the
    // proxy stands on an unfrozen shallow copy and hands out proxies of the members.
    const target = Object.isFrozen(original)
      ? (Array.isArray(original) ? [...original] : Object.assign(Object.create(Object.getPrototypeOf(original)), original))
      : original;
    const proxy: object = new Proxy(target, {
      get(t, key) {
        readsOf(log, original).values.add(key);
        const value = Reflect.get(t, key);
        return isObject(value) ? wrap(value) : value;
      },
      has(t, key) {
        readsOf(log, original).presence.add(key);
        return Reflect.has(t, key);
      },
      getOwnPropertyDescriptor(t, key) {
        readsOf(log, original).presence.add(key);
        return Reflect.getOwnPropertyDescriptor(t, key);
      },
      ownKeys(t) {
        readsOf(log, original).keyList = true;
        return Reflect.ownKeys(t);
      },
    });
    proxies.set(original, proxy);
    originals.set(proxy, original);
    return proxy;
  };
  return wrap(root) as T;
}

/** The snapshot object behind a tracking proxy; anything else as it is. */
export function untracked<T>(value: T): T {
  return (isObject(value) ? (originals.get(value) as T | undefined) ?? value : value);
}

function sameKeyList(a: object, b: object): boolean {
  const x = Reflect.ownKeys(a);
  const y = Reflect.ownKeys(b);
  return x.length === y.length && x.every((key, i) => key === y[i]);
}

/**
 * True when `next` differs from `previous` in anything the log says was read from
 * `previous`. An object nothing was read from counts as changed when its identity changed.
 */
export function changedSince(previous: unknown, next: unknown, log: ReadLog): boolean {
  if (Object.is(previous, next)) return false;
  if (!isObject(previous) || !isObject(next)) return true;
  const reads = log.get(previous);
  if (reads === undefined) return true;
  if (reads.keyList && !sameKeyList(previous, next)) return true;
  for (const key of reads.presence) {
    if (Reflect.has(previous, key) !== Reflect.has(next, key)
      || Object.prototype.hasOwnProperty.call(previous, key) !== Object.prototype.hasOwnProperty.call(next, key)) return true;
  }
  for (const key of reads.values) {
    if (changedSince(Reflect.get(previous, key), Reflect.get(next, key), log)) return true;
  }
  return false;
}

/**
 * The write path of ValtioStateManager: `set`, nested writes (proxy store), `delete`,
 * `clear`, whole-state replacement, and MFE attribution. Every write validates and copies
 * first (nothing changes on bad input), runs the middleware, updates the view by path
 * copying, notifies listeners synchronously, and queues one op for the core.
 *
 * Hot path (`set` of a primitive with no middleware): no event object is built unless a
 * listener or an attached module will read it, and repeated writes of a key reuse one op.
 */
import type { ErrorReporter, StateChangeEvent, StateMiddleware } from '../types.js';
import type { Path } from '../internal/path-subscription.js';
import { checkKey, cloneForState, isForbiddenName, isWellFormed, jsonBytes } from '../internal/validate.js';
import { MAX_DEPTH, MAX_VALUE_BYTES } from '../internal/core-limits.js';
import { checkWritablePath, readAtPath, writeAtPath } from '../internal/paths.js';
import { runMiddleware } from '../internal/listeners.js';
import { StateLimitError, StateValidationError } from '../errors.js';
import { frozenEvent, ViewBase } from './view-base.js';

export abstract class WriteBase extends ViewBase {
  protected readonly middleware: readonly StateMiddleware[];
  /** The MFE id of the forMFE handle whose write is running, if any (LocalOp.writer). */
  private writer: string | undefined;

  protected constructor(report: ErrorReporter, middleware: readonly StateMiddleware[]) {
    super(report);
    this.middleware = [...middleware];
  }

  /**
   * The current value. Objects and arrays come back mutable, as on the legacy manager: the
   * same copy until the key is written (mutable-mirror.ts), so `get`, change in place, `set`
   * works; the change reaches the state only through `set`. getSnapshot() is the frozen view.
   */
  get<T = unknown>(key: string): T | undefined {
    return this.state.get(key) as T | undefined;
  }

  set<T = unknown>(key: string, value: T, source = 'unknown'): void {
    // Fast checks first: the common key is a short, ordinary string.
    if (typeof key !== 'string' || key.length === 0 || key.length > 300 || isForbiddenName(key) || !isWellFormed(key)) {
      if (!checkKey(key)) return this.dropForbidden(key);
    }
    if (typeof source !== 'string') throw badSource(key, source);
    const previous = this.state.values.get(key);
    let next: unknown;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new StateValidationError('NON_FINITE', `cannot store ${value} at key "${key}": JSON cannot carry it faithfully`, key);
      next = value === 0 ? 0 : value;
    } else if (typeof value === 'boolean' || value === null || (typeof value === 'string' && value.length * 6 < MAX_VALUE_BYTES && isWellFormed(value))) {
      // (a string that short fits even if every unit is escaped as \u0000: six bytes)
      next = value;
    } else if (value === undefined) {
      return this.removeKey(key, source, true);
    } else {
      next = cloneForState(key, value, previous, this.report);
    }
    if (this.middleware.length === 0) return this.commitKey(key, next, previous, source, null);
    const event = frozenEvent(key, next, previous, source);
    this.throughMiddleware(event, () => this.commitKey(key, next, this.state.values.get(key), source, event));
  }

  /**
   * Runs the middleware chain. Inside a transaction a veto aborts the whole transaction:
   * it is recorded and thrown, so the caller's function stops and everything rolls back.
   */
  private throughMiddleware(event: StateChangeEvent, commit: () => void): void {
    let committed = false;
    runMiddleware(this.middleware, event, () => {
      committed = true;
      commit();
    });
    if (!committed) this.tx.vetoed(event.key);
  }

  private commitKey(key: string, next: unknown, previous: unknown, source: string, event: StateChangeEvent | null): void {
    this.state.values.set(key, next);
    // (no core any more, destroyed or the wasm never loaded: the link drops it, the view alone)
    if (this.writer === undefined) this.link.queueKeySet(key, next, source);
    else this.link.queueOp({ kind: 'set', key, path: [], value: next, source, writer: this.writer });
    this.afterWrite(key, next, previous, source, event);
  }

  /** set(key, undefined) and delete(key): the key leaves the state (JSON has no undefined). */
  private removeKey(key: string, source: string, viaMiddleware: boolean): void {
    if (!this.state.values.has(key)) return;
    const previous = this.state.values.get(key);
    const commit = (event: StateChangeEvent | null) => {
      if (!this.state.values.has(key)) return;
      this.state.values.delete(key);
      this.link.queueOp({ kind: 'delete', key, path: [], source, writer: this.writer });
      this.afterWrite(key, undefined, previous, source, event);
    };
    if (!viaMiddleware || this.middleware.length === 0) return commit(null);
    const event = frozenEvent(key, undefined, previous, source);
    this.throughMiddleware(event, () => commit(event));
  }

  protected dropForbidden(key: string): void {
    this.report(new StateValidationError('FORBIDDEN_KEY', `dropped a write to forbidden key ${JSON.stringify(key)}`, key));
  }

  /**
   * A write at `path` inside `key` (the proxy store and MFE handles use it). Runs the same
   * validation, middleware and listeners as `set`; queues a nested op for the core.
   */
  writePath(key: string, path: Path, value: unknown, source = 'unknown'): void {
    if (!checkKey(key)) return this.dropForbidden(key);
    for (const segment of path) {
      if (typeof segment === 'string' && isForbiddenName(segment)) return this.dropForbidden(`${key}.${path.join('.')}`);
    }
    if (typeof source !== 'string') throw badSource(key, source);
    if (path.length === 0) return this.set(key, value, source);
    if (path.length >= MAX_DEPTH) throw new StateLimitError('TOO_DEEP', `cannot write ${key} at a path of ${path.length} steps: the limit is ${MAX_DEPTH} with the value's nesting`, key);
    const root = this.state.values.get(key);
    const reason = checkWritablePath(root, path);
    if (reason !== null) throw new StateValidationError('BAD_PATH', `cannot write ${key}.${path.join('.')}: ${reason}`, key);
    const before = readAtPath(root, path);
    if (value === undefined && before === undefined) return;
    if (value === undefined) {
      const parentPath = path.slice(0, -1);
      const parent = readAtPath(root, parentPath);
      if (Array.isArray(parent)) {
        // Removing an element: JSON has no holes, and the core would keep a null there.
        // The last one is a pop (the parent without it, as the proxy's `pop` does); any
        // other is refused, so the view, the core and storage always hold the same array.
        if (path[path.length - 1] !== parent.length - 1) {
          throw new StateValidationError('BAD_PATH', `cannot remove index ${String(path[path.length - 1])} of an array (key "${key}"): only the last element, as pop() does`, key);
        }
        return this.writePath(key, parentPath, parent.slice(0, -1), source);
      }
    }
    const child = value === undefined ? undefined : cloneForState(key, value, before, this.report, path.length);
    // Assigning what is already there (`store.user.name = store.user.name`) changes nothing:
    // like a Valtio proxy, no listener runs and no op is queued.
    if (child === before && child !== undefined) return;
    const next = writeAtPath(root, path, child);
    this.checkGrownSize(key, root, path, before, child, next);
    const commit = (event: StateChangeEvent | null) => {
      this.state.values.set(key, next);
      const writer = this.writer;
      this.link.queueOp(child === undefined ? { kind: 'delete', key, path, source, writer } : { kind: 'set', key, path, value: child, source, writer });
      this.afterWrite(key, next, root, source, event);
    };
    if (this.middleware.length === 0) return commit(null);
    const event = frozenEvent(key, next, root, source);
    this.throughMiddleware(event, () => commit(event));
  }

  /** JSON sizes of view nodes already measured (nodes never change, so it stays right). */
  private readonly jsonSizes = new WeakMap<object, number>();

  private sizeOf(node: unknown): number {
    if (node === null || typeof node !== 'object') return jsonBytes(node);
    let size = this.jsonSizes.get(node);
    if (size === undefined) {
      size = jsonBytes(node);
      this.jsonSizes.set(node, size);
    }
    return size;
  }

  /**
   * A nested write must not grow its key past the value limit: the core would store it,
   * then refuse it as corrupt on the next load. The new size is the old one with `before`
   * swapped for `child` (a member added or removed also adds or drops its name and comma),
   * so only the changed subtree is measured once the key's size is known.
   */
  private checkGrownSize(key: string, root: unknown, path: Path, before: unknown, child: unknown, next: unknown): void {
    let size = this.sizeOf(root) - (before === undefined ? 0 : this.sizeOf(before)) + (child === undefined ? 0 : this.sizeOf(child));
    if ((before === undefined) !== (child === undefined)) {
      const parent = readAtPath(root, path.slice(0, -1)) as Record<string, unknown> | unknown[];
      const last = path[path.length - 1]!;
      const siblings = Array.isArray(parent) ? parent.length : Object.keys(parent).length;
      const others = before === undefined ? siblings : siblings - 1;
      const overhead = (typeof last === 'string' && !Array.isArray(parent) ? jsonBytes(last) + 1 : 0) + (others > 0 ? 1 : 0);
      size += before === undefined ? overhead : -overhead;
    }
    if (size > MAX_VALUE_BYTES) {
      throw new StateLimitError('TOO_LARGE', `cannot write ${key}.${path.join('.')}: the key would hold ${size} bytes of JSON, over the ${MAX_VALUE_BYTES} limit`, key);
    }
    if (next !== null && typeof next === 'object') this.jsonSizes.set(next, size);
  }

  delete(key: string): void {
    if (!checkKey(key)) return this.dropForbidden(key);
    this.removeKey(key, 'delete', false);
  }

  clear(): void {
    const entries = [...this.state.values];
    if (entries.length === 0) {
      // Nothing visible changes, but the core (and every tab) still forgets the deleted
      // keys it remembers, so the catch-up state shrinks.
      if (this.link.accepting) {
        this.link.queueOp({ kind: 'clear', source: 'clear', writer: this.writer });
        this.schedule();
      }
      return;
    }
    this.state.values.clear();
    this.link.queueOp({ kind: 'clear', source: 'clear', writer: this.writer });
    for (const [key, previous] of entries) this.afterWrite(key, undefined, previous, 'clear', null);
  }

  /** Replaces the whole state as local writes (devtools time travel, import). */
  replaceState(state: Record<string, unknown>, source: string): void {
    const entries = Object.entries(state).filter(([key]) => checkKey(key) || (this.dropForbidden(key), false));
    const clones = entries.map(([key, value]) => [key, value === undefined ? undefined : cloneForState(key, value, this.state.values.get(key), this.report)] as const);
    const wanted = new Set(clones.filter(([, v]) => v !== undefined).map(([k]) => k));
    for (const key of [...this.state.values.keys()]) if (!wanted.has(key)) this.removeKey(key, source, false);
    for (const [key, value] of clones) {
      if (value !== undefined && value !== this.state.values.get(key)) this.commitKey(key, value, this.state.values.get(key), source, null);
    }
  }

  /** Runs `write` with every op it queues attributed to MFE `writer` (access/mfe-handle.ts). */
  withWriter<T>(writer: string, write: () => T): T {
    const outer = this.writer;
    this.writer = writer;
    try {
      return write();
    } finally {
      this.writer = outer;
    }
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
}

function badSource(key: unknown, source: unknown): StateValidationError {
  return new StateValidationError('BAD_VALUE', `the source of a write to ${JSON.stringify(String(key))} must be a string, got ${source === null ? 'null' : typeof source}`, typeof key === 'string' ? key : undefined);
}

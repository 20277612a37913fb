/**
 * The write path of the new manager: `set`, nested writes (proxy store), `delete`, `clear`,
 * whole-state replacement, and MFE attribution. Every write validates and copies first
 * (nothing changes on bad input), runs the middleware, updates the view by path copying,
 * queues one op for the core, and reports the write to the host, which tells listeners
 * (or the running transaction) synchronously.
 *
 * It owns the middleware chain, the MFE writer of the running write and the JSON sizes of
 * view nodes, and reaches everything else through `WriterHost`, so it can be tested alone
 * over a plain Map and a recording queue (tests/js/writer.test.ts).
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
import { frozenEvent } from './notifier.js';
import type { PendingOp } from './write-queue.js';

/** The queue of ops for the core, as the write path uses it (core-link.ts). */
export interface WriterQueue {
  /** False once no core will ever take queued ops. */
  readonly accepting: boolean;
  /** A whole-key set; repeated writes of a key may reuse one op. */
  queueKeySet(key: string, value: unknown, source: string): void;
  queueOp(op: PendingOp): void;
}

/** What the write path needs from the manager around it. */
export interface WriterHost {
  /** The view's values (written in place; every value in it is immutable). */
  readonly values: Map<string, unknown>;
  readonly queue: WriterQueue;
  readonly report: ErrorReporter;
  /**
   * A whole-key change is in the view: tell everyone (or the running transaction).
   * `checked` is the frozen event the middleware saw, if any.
   */
  written(key: string, value: unknown, previous: unknown, source: string, checked: StateChangeEvent | null): void;
  /** A middleware vetoed the write of `key` (inside a transaction this aborts it). */
  vetoed(key: string): void;
  /** Something was queued that no write reports (a clear of an empty view): commit at the end of the task. */
  schedule(): void;
}

export class Writer {
  private readonly middleware: readonly StateMiddleware[];
  /** The MFE id of the forMFE handle whose write is running, if any (LocalOp.writer). */
  private writer: string | undefined;
  /** JSON sizes of view nodes already measured (nodes never change, so it stays right). */
  private readonly jsonSizes = new WeakMap<object, number>();

  constructor(private readonly host: WriterHost, middleware: readonly StateMiddleware[]) {
    this.middleware = [...middleware];
  }

  set(key: string, value: unknown, source: string): void {
    const host = this.host;
    // Fast checks first: the common key is a short, ordinary string.
    if (typeof key !== 'string' || key.length === 0 || key.length > 300 || isForbiddenName(key) || !isWellFormed(key)) {
      if (!checkKey(key)) return this.dropForbidden(key);
    }
    if (typeof source !== 'string') throw badSource(key, source);
    const previous = host.values.get(key);
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
      next = cloneForState(key, value, previous, host.report);
    }
    if (this.middleware.length === 0) {
      // commitKey() written out: one call level less keeps the whole hot path inlined
      // from the manager's `set` down to the listeners.
      host.values.set(key, next);
      if (this.writer === undefined) host.queue.queueKeySet(key, next, source);
      else host.queue.queueOp({ kind: 'set', key, path: [], value: next, source, writer: this.writer });
      return host.written(key, next, previous, source, null);
    }
    const event = frozenEvent(key, next, previous, source);
    this.throughMiddleware(event, () => this.commitKey(key, next, host.values.get(key), source, event));
  }

  /**
   * Runs the middleware chain. Inside a transaction a veto aborts the whole transaction:
   * the host records it and throws, so the caller's function stops and everything rolls back.
   */
  private throughMiddleware(event: StateChangeEvent, commit: () => void): void {
    let committed = false;
    runMiddleware(this.middleware, event, () => {
      committed = true;
      commit();
    });
    if (!committed) this.host.vetoed(event.key);
  }

  private commitKey(key: string, next: unknown, previous: unknown, source: string, event: StateChangeEvent | null): void {
    const host = this.host;
    host.values.set(key, next);
    // (no core any more, destroyed or the wasm never loaded: the queue drops it, the view alone)
    if (this.writer === undefined) host.queue.queueKeySet(key, next, source);
    else host.queue.queueOp({ kind: 'set', key, path: [], value: next, source, writer: this.writer });
    host.written(key, next, previous, source, event);
  }

  /** set(key, undefined) and delete(key): the key leaves the state (JSON has no undefined). */
  private removeKey(key: string, source: string, viaMiddleware: boolean): void {
    const values = this.host.values;
    if (!values.has(key)) return;
    const previous = values.get(key);
    const commit = (event: StateChangeEvent | null) => {
      if (!values.has(key)) return;
      values.delete(key);
      this.host.queue.queueOp({ kind: 'delete', key, path: [], source, writer: this.writer });
      this.host.written(key, undefined, previous, source, event);
    };
    if (!viaMiddleware || this.middleware.length === 0) return commit(null);
    const event = frozenEvent(key, undefined, previous, source);
    this.throughMiddleware(event, () => commit(event));
  }

  dropForbidden(key: string): void {
    this.host.report(new StateValidationError('FORBIDDEN_KEY', `dropped a write to forbidden key ${JSON.stringify(key)}`, key));
  }

  /**
   * A write at `path` inside `key` (the proxy store and MFE handles use it). Runs the same
   * validation, middleware and listeners as `set`; queues a nested op for the core.
   */
  writePath(key: string, path: Path, value: unknown, source: string): void {
    if (!checkKey(key)) return this.dropForbidden(key);
    for (const segment of path) {
      if (typeof segment === 'string' && isForbiddenName(segment)) return this.dropForbidden(`${key}.${path.join('.')}`);
    }
    if (typeof source !== 'string') throw badSource(key, source);
    if (path.length === 0) return this.set(key, value, source);
    if (path.length >= MAX_DEPTH) throw new StateLimitError('TOO_DEEP', `cannot write ${key} at a path of ${path.length} steps: the limit is ${MAX_DEPTH} with the value's nesting`, key);
    const root = this.host.values.get(key);
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
    const child = value === undefined ? undefined : cloneForState(key, value, before, this.host.report, path.length);
    // Assigning what is already there (`store.user.name = store.user.name`) changes nothing:
    // like a Valtio proxy, no listener runs and no op is queued.
    if (child === before && child !== undefined) return;
    const next = writeAtPath(root, path, child);
    this.checkGrownSize(key, root, path, before, child, next);
    const commit = (event: StateChangeEvent | null) => {
      this.host.values.set(key, next);
      const writer = this.writer;
      this.host.queue.queueOp(child === undefined ? { kind: 'delete', key, path, source, writer } : { kind: 'set', key, path, value: child, source, writer });
      this.host.written(key, next, root, source, event);
    };
    if (this.middleware.length === 0) return commit(null);
    const event = frozenEvent(key, next, root, source);
    this.throughMiddleware(event, () => commit(event));
  }

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
    const values = this.host.values;
    const entries = [...values];
    if (entries.length === 0) {
      // Nothing visible changes, but the core (and every tab) still forgets the deleted
      // keys it remembers, so the catch-up state shrinks.
      if (this.host.queue.accepting) {
        this.host.queue.queueOp({ kind: 'clear', source: 'clear', writer: this.writer });
        this.host.schedule();
      }
      return;
    }
    values.clear();
    this.host.queue.queueOp({ kind: 'clear', source: 'clear', writer: this.writer });
    for (const [key, previous] of entries) this.host.written(key, undefined, previous, 'clear', null);
  }

  /** Replaces the whole state as local writes (devtools time travel, import). */
  replaceState(state: Record<string, unknown>, source: string): void {
    const values = this.host.values;
    const entries = Object.entries(state).filter(([key]) => checkKey(key) || (this.dropForbidden(key), false));
    const clones = entries.map(([key, value]) => [key, value === undefined ? undefined : cloneForState(key, value, values.get(key), this.host.report)] as const);
    const wanted = new Set(clones.filter(([, v]) => v !== undefined).map(([k]) => k));
    for (const key of [...values.keys()]) if (!wanted.has(key)) this.removeKey(key, source, false);
    for (const [key, value] of clones) {
      if (value !== undefined && value !== values.get(key)) this.commitKey(key, value, values.get(key), source, null);
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
}

function badSource(key: unknown, source: unknown): StateValidationError {
  return new StateValidationError('BAD_VALUE', `the source of a write to ${JSON.stringify(String(key))} must be a string, got ${source === null ? 'null' : typeof source}`, typeof key === 'string' ? key : undefined);
}

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
import { checkKey, cloneForState, freezeDeep, isForbiddenName, MAX_VALUE_BYTES } from '../internal/validate.js';
import { checkWritablePath, readAtPath, writeAtPath } from '../internal/paths.js';
import { runMiddleware } from '../internal/listeners.js';
import { StateValidationError } from '../errors.js';
import { ViewBase } from './view-base.js';

/** A change event whose values are frozen: listeners and middleware can keep them safely. */
function makeEvent(key: string, value: unknown, previousValue: unknown, source: string): StateChangeEvent {
  return { key, value: freezeDeep(value), previousValue: freezeDeep(previousValue), source, timestamp: Date.now() };
}

export abstract class WriteBase extends ViewBase {
  protected readonly middleware: readonly StateMiddleware[];
  /** The MFE id of the forMFE handle whose write is running, if any (LocalOp.writer). */
  private writer: string | undefined;

  protected constructor(report: ErrorReporter, middleware: readonly StateMiddleware[]) {
    super(report);
    this.middleware = [...middleware];
  }

  /** The current value; objects come back deeply frozen (see freezeDeep in validate.ts). */
  get<T = unknown>(key: string): T | undefined {
    const value = this.view.get(key);
    return (typeof value === 'object' && value !== null ? freezeDeep(value) : value) as T | undefined;
  }

  set<T = unknown>(key: string, value: T, source = 'unknown'): void {
    // Fast checks first: the common key is a short, ordinary string.
    if (typeof key !== 'string' || key.length === 0 || key.length > 300 || isForbiddenName(key)) {
      if (!checkKey(key)) return this.dropForbidden(key);
    }
    const previous = this.view.get(key);
    let next: unknown;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new StateValidationError('NON_FINITE', `cannot store ${value} at key "${key}": JSON cannot carry it faithfully`, key);
      next = value === 0 ? 0 : value;
    } else if (typeof value === 'boolean' || value === null || (typeof value === 'string' && value.length * 3 < MAX_VALUE_BYTES)) {
      next = value;
    } else if (value === undefined) {
      return this.removeKey(key, source, true);
    } else {
      next = cloneForState(key, value, previous, this.report);
    }
    if (this.middleware.length === 0) return this.commitKey(key, next, previous, source, null);
    const event = makeEvent(key, next, previous, source);
    runMiddleware(this.middleware, event, () => this.commitKey(key, next, this.view.get(key), source, event));
  }

  private commitKey(key: string, next: unknown, previous: unknown, source: string, event: StateChangeEvent | null): void {
    this.view.set(key, next);
    if (this.destroyed) {
      // no core any more: the view alone
    } else if (this.writer === undefined) this.queue.pushKeySet(key, next, source);
    else this.queue.push({ kind: 'set', key, path: [], value: next, source, writer: this.writer });
    this.afterWrite(key, next, previous, source, event);
  }

  /** set(key, undefined) and delete(key): the key leaves the state (JSON has no undefined). */
  private removeKey(key: string, source: string, viaMiddleware: boolean): void {
    if (!this.view.has(key)) return;
    const previous = this.view.get(key);
    const commit = (event: StateChangeEvent | null) => {
      if (!this.view.has(key)) return;
      this.view.delete(key);
      if (!this.destroyed) this.queue.push({ kind: 'delete', key, path: [], source, writer: this.writer });
      this.afterWrite(key, undefined, previous, source, event);
    };
    if (!viaMiddleware || this.middleware.length === 0) return commit(null);
    const event = makeEvent(key, undefined, previous, source);
    runMiddleware(this.middleware, event, () => commit(event));
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
    if (path.length === 0) return this.set(key, value, source);
    const root = this.view.get(key);
    const reason = checkWritablePath(root, path);
    if (reason !== null) throw new StateValidationError('BAD_PATH', `cannot write ${key}.${path.join('.')}: ${reason}`, key);
    const before = readAtPath(root, path);
    if (value === undefined && before === undefined) return;
    const child = value === undefined ? undefined : cloneForState(key, value, before, this.report);
    const next = writeAtPath(root, path, child);
    const commit = (event: StateChangeEvent | null) => {
      this.view.set(key, next);
      if (!this.destroyed) {
        const writer = this.writer;
        this.queue.push(child === undefined ? { kind: 'delete', key, path, source, writer } : { kind: 'set', key, path, value: child, source, writer });
      }
      this.afterWrite(key, next, root, source, event);
    };
    if (this.middleware.length === 0) return commit(null);
    const event = makeEvent(key, next, root, source);
    runMiddleware(this.middleware, event, () => commit(event));
  }

  delete(key: string): void {
    if (!checkKey(key)) return this.dropForbidden(key);
    this.removeKey(key, 'delete', false);
  }

  clear(): void {
    const entries = [...this.view];
    if (entries.length === 0) return;
    this.view.clear();
    if (!this.destroyed) this.queue.push({ kind: 'clear', source: 'clear', writer: this.writer });
    for (const [key, previous] of entries) this.afterWrite(key, undefined, previous, 'clear', null);
  }

  /** Replaces the whole state as local writes (devtools time travel, import). */
  replaceState(state: Record<string, unknown>, source: string): void {
    const entries = Object.entries(state).filter(([key]) => checkKey(key) || (this.dropForbidden(key), false));
    const clones = entries.map(([key, value]) => [key, value === undefined ? undefined : cloneForState(key, value, this.view.get(key), this.report)] as const);
    const wanted = new Set(clones.filter(([, v]) => v !== undefined).map(([k]) => k));
    for (const key of [...this.view.keys()]) if (!wanted.has(key)) this.removeKey(key, source, false);
    for (const [key, value] of clones) {
      if (value !== undefined && value !== this.view.get(key)) this.commitKey(key, value, this.view.get(key), source, null);
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

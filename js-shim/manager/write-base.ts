/**
 * The write API of ValtioStateManager: it hands every write to the write path part
 * (writer.ts), which reports each change back to the wiring (`afterWrite`).
 */
import type { ErrorReporter, StateMiddleware } from '../types.js';
import type { Path } from '../internal/path-subscription.js';
import { ViewBase } from './view-base.js';
import { Writer } from './writer.js';

export abstract class WriteBase extends ViewBase {
  /** The write path (writer.ts). */
  protected readonly writes: Writer;

  protected constructor(report: ErrorReporter, middleware: readonly StateMiddleware[]) {
    super(report);
    this.writes = new Writer({
      values: this.state.values,
      queue: this.link,
      report: this.report,
      written: (key, value, previous, source, checked) => this.afterWrite(key, value, previous, source, checked),
      vetoed: (key) => this.tx.vetoed(key),
      schedule: () => this.schedule(),
    }, middleware);
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
    this.writes.set(key, value, source);
  }

  protected dropForbidden(key: string): void {
    this.writes.dropForbidden(key);
  }

  /**
   * A write at `path` inside `key` (the proxy store and MFE handles use it). Runs the same
   * validation, middleware and listeners as `set`; queues a nested op for the core.
   */
  writePath(key: string, path: Path, value: unknown, source = 'unknown'): void {
    this.writes.writePath(key, path, value, source);
  }

  delete(key: string): void {
    this.writes.delete(key);
  }

  clear(): void {
    this.writes.clear();
  }

  /** Replaces the whole state as local writes (devtools time travel, import). */
  replaceState(state: Record<string, unknown>, source: string): void {
    this.writes.replaceState(state, source);
  }

  /** Runs `write` with every op it queues attributed to MFE `writer` (access/mfe-handle.ts). */
  withWriter<T>(writer: string, write: () => T): T {
    return this.writes.withWriter(writer, write);
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

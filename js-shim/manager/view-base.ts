/**
 * The wiring under ValtioStateManager: it builds the composed parts (the view in
 * state-view.ts, the notifier, the transaction, the link to the core in core-link.ts), routes
 * what one part reports to the others, and serves the ManagerHost seam that sync/, persist/
 * and devtools/ attach to. The public API lives in valtio-state-manager.ts, the write path in
 * write-base.ts.
 *
 * Why a view plus a queue: `get` and `set` must be as cheap as a Map (docs/benchmarks.md, W1/W2)
 * and synchronous from the first line, while the wasm core loads asynchronously and every
 * crossing costs microseconds. So writes land in the immutable JS view at once, listeners
 * run, and the op waits in a queue that reaches the core in one batch at the end of the task.
 */
import type { FlushInfo } from '../internal/manager-host.js';
import type { ErrorReporter, StateChangeEvent } from '../types.js';
import { StateView } from './state-view.js';
import { CoreLink } from './core-link.js';
import { Notifier } from './notifier.js';
import { Transaction } from './transaction.js';

export { frozenEvent } from './notifier.js';

export abstract class ViewBase {
  /** The view, the copies reads hand out and the cached snapshot (state-view.ts). */
  protected readonly state = new StateView();
  /** Listeners of every kind and the end-of-task schedule (notifier.ts). */
  protected readonly notifier: Notifier = new Notifier({
    read: (key) => this.state.values.get(key),
    mutable: (node) => this.state.mutable(node),
    commit: () => this.commit(),
    report: (error) => this.report(error),
  });
  /** The core, the queue of local ops for it and the remote backlog (core-link.ts). */
  protected readonly link: CoreLink = new CoreLink({
    values: this.state.values,
    report: (error) => this.report(error),
    inTransaction: () => this.tx.active,
    takeLegacyEvents: () => this.notifier.takeLegacyEvents(),
    committed: (changes, origin, outbox, legacyEvents, overflow) => this.notifier.committed(changes, origin, outbox, legacyEvents, overflow),
    resynced: (key, value, previous, source) => this.afterWrite(key, value, previous, source, null),
    remoteApplied: (before, suffix) => {
      this.state.changed();
      this.notifier.remoteApplied(before, suffix);
    },
  });
  /** The running transaction, if any (transaction.ts). */
  protected readonly tx: Transaction = new Transaction({
    values: this.state.values,
    queue: this.link,
    makeEvent: (key, value, previous, source) => this.notifier.makeEvent(key, value, previous, source),
    recordLegacy: (key, value, previous, source) => this.notifier.recordLegacy(key, value, previous, source),
    notify: (event) => this.notify(event),
    viewChanged: () => this.state.changed(),
  });
  protected destroyed = false;

  protected constructor(protected readonly report: ErrorReporter) {}

  /**
   * Calls `listener` at the end of every task in which some key changed, with those keys.
   * Selectors and derived state build on it: one evaluation per task, not one per write.
   */
  onTaskEnd(listener: (keys: ReadonlySet<string>) => void): () => void {
    return this.notifier.onTaskEnd(listener);
  }

  protected schedule(): void {
    this.notifier.schedule();
  }

  /**
   * Records a committed whole-key change in the view and tells everyone synchronously.
   * `checked` is the frozen event the middleware saw, if any.
   */
  protected afterWrite(key: string, value: unknown, previousValue: unknown, source: string, checked: StateChangeEvent | null): void {
    this.state.changed();
    // Inside transaction(): tell nobody until the whole transaction commits.
    if (this.tx.record(key, previousValue, source)) return;
    this.notifier.written(key, value, previousValue, source, checked);
  }

  protected makeEvent(key: string, value: unknown, previousValue: unknown, source: string): StateChangeEvent {
    return this.notifier.makeEvent(key, value, previousValue, source);
  }

  /** Tells key/global listeners and path watchers about an event already recorded. */
  protected notify(event: StateChangeEvent): void {
    this.state.changed();
    this.notifier.notify(event);
  }

  /**
   * Applies the queued writes to the core now, in one crossing (no-op before the core is
   * loaded). Internal: the public `flush()` also writes storage; see ValtioStateManager.
   */
  protected commit(): void {
    this.link.flush();
  }

  /** ManagerHost.flush; ValtioStateManager adds the storage write. */
  flush(): void {
    this.commit();
  }

  /** Called after every flush that committed something (ManagerHost). */
  onFlush(listener: (info: FlushInfo) => void): () => void {
    return this.notifier.onFlush(listener);
  }

  /** What the core holds once its initial entries are loaded (previous values start here). */
  protected acknowledge(loaded: ReadonlyMap<string, unknown>): void {
    this.notifier.acknowledge(loaded);
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
}

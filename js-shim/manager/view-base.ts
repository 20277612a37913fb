/**
 * The half of ValtioStateManager that talks to the core: the JS view, the queue of local
 * ops, flushing them in one crossing, and the ManagerHost seam that sync/, persist/ and
 * devtools/ attach to (the core, the queue and other tabs' messages are in core-link.ts). The public API
 * lives in valtio-state-manager.ts; this file is the machinery under it.
 *
 * Why a view plus a queue: `get` and `set` must be as cheap as a Map (docs/benchmarks.md, W1/W2)
 * and synchronous from the first line, while the wasm core loads asynchronously and every
 * crossing costs microseconds. So writes land in the immutable JS view at once, listeners
 * run, and the op waits in a queue that reaches the core in one batch at the end of the task.
 *
 * Who sees which values: view nodes are never changed after they are written. Snapshots,
 * path subscriptions, history and devtools get them frozen (`freezeDeep`, lazily, once per
 * node); `get`, `readAt` and listeners get their mutable copies (mutable-mirror.ts), as the
 * legacy manager handed out mutable values.
 */
import type { FlushInfo } from '../internal/manager-host.js';
import type { ErrorReporter, StateChangeEvent } from '../types.js';
import { freezeDeep } from '../internal/validate.js';
import { MutableMirror } from './mutable-mirror.js';
import { CoreLink } from './core-link.js';
import { Notifier } from './notifier.js';
import { Transaction } from './transaction.js';

export { frozenEvent } from './notifier.js';

export abstract class ViewBase {
  protected readonly view = new Map<string, unknown>();
  /** The mutable copies of view nodes that reads and listeners hand out. */
  protected readonly mirror = new MutableMirror();
  /** Listeners of every kind and the end-of-task schedule (notifier.ts). */
  protected readonly notifier: Notifier = new Notifier({
    read: (key) => this.view.get(key),
    mutable: (node) => this.mirror.of(node),
    commit: () => this.commit(),
    report: (error) => this.report(error),
  });
  /** The core, the queue of local ops for it and the remote backlog (core-link.ts). */
  protected readonly link: CoreLink = new CoreLink({
    values: this.view,
    report: (error) => this.report(error),
    inTransaction: () => this.tx.active,
    takeLegacyEvents: () => this.notifier.takeLegacyEvents(),
    committed: (changes, origin, outbox, legacyEvents, overflow) => this.notifier.committed(changes, origin, outbox, legacyEvents, overflow),
    resynced: (key, value, previous, source) => this.afterWrite(key, value, previous, source, null),
    remoteApplied: (before, suffix) => {
      this.snapshotCache = null;
      this.notifier.remoteApplied(before, suffix);
    },
  });
  /** The running transaction, if any (transaction.ts). */
  protected readonly tx: Transaction = new Transaction({
    values: this.view,
    queue: this.link,
    makeEvent: (key, value, previous, source) => this.notifier.makeEvent(key, value, previous, source),
    recordLegacy: (key, value, previous, source) => this.notifier.recordLegacy(key, value, previous, source),
    notify: (event) => this.notify(event),
    viewChanged: () => {
      this.snapshotCache = null;
    },
  });
  protected snapshotCache: Readonly<Record<string, unknown>> | null = null;
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
    this.snapshotCache = null;
    // Inside transaction(): tell nobody until the whole transaction commits.
    if (this.tx.record(key, previousValue, source)) return;
    this.notifier.written(key, value, previousValue, source, checked);
  }

  protected makeEvent(key: string, value: unknown, previousValue: unknown, source: string): StateChangeEvent {
    return this.notifier.makeEvent(key, value, previousValue, source);
  }

  /** Tells key/global listeners and path watchers about an event already recorded. */
  protected notify(event: StateChangeEvent): void {
    this.snapshotCache = null;
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
    return freezeDeep(this.view.get(key));
  }

  keys(): string[] {
    return [...this.view.keys()];
  }

  /** Keys with local writes no core has taken yet; null when a clear is queued (persist/early-writes.ts). */
  pendingLocalKeys(): ReadonlySet<string> | null {
    return this.link.pendingKeys();
  }
}

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
import type { CoreChange } from '../wasm/core-api.js';
import type { CommittedChange, FlushInfo } from '../internal/manager-host.js';
import type { ErrorReporter, StateChangeEvent } from '../types.js';
import { ListenerRegistry, reportListenerError } from '../internal/listeners.js';
import { readAtPath } from '../internal/paths.js';
import { freezeDeep } from '../internal/validate.js';
import { MutableMirror } from './mutable-mirror.js';
import { PathWatchers } from './path-watchers.js';
import { CoreLink } from './core-link.js';

export abstract class ViewBase {
  protected readonly view = new Map<string, unknown>();
  /** The view as the core last acknowledged it: `previous` values for CommittedChange. */
  private readonly committed = new Map<string, unknown>();
  protected readonly listeners = new ListenerRegistry();
  protected readonly watchers = new PathWatchers((key) => this.view.get(key));
  /** The core, the queue of local ops for it and the remote backlog (core-link.ts). */
  protected readonly link: CoreLink = new CoreLink({
    values: this.view,
    report: (error) => this.report(error),
    inTransaction: () => this.txn !== null,
    takeLegacyEvents: () => {
      const events = this.lastEvents;
      if (events === null) return null;
      this.lastEvents = new Map();
      return [...events.values()];
    },
    committed: (changes, origin, outbox, legacyEvents, overflow) => this.emitFlush(changes, origin, outbox, legacyEvents, overflow),
    resynced: (key, value, previous, source) => this.afterWrite(key, value, previous, source, null),
    remoteApplied: (before, suffix) => this.remoteApplied(before, suffix),
  });
  /** The mutable copies of view nodes that reads and listeners hand out. */
  protected readonly mirror = new MutableMirror();
  protected readonly flushListeners = new Set<(info: FlushInfo) => void>();
  /** Last legacy event per key since the last flush; only kept while someone attached. */
  protected lastEvents: Map<string, StateChangeEvent> | null = null;
  protected snapshotCache: Readonly<Record<string, unknown>> | null = null;
  protected destroyed = false;
  /** The running transaction: keys written so far with their value before it began. */
  protected txn: { changed: Map<string, { previous: unknown; source: string }>; vetoed: boolean } | null = null;
  private scheduled = false;

  protected constructor(protected readonly report: ErrorReporter) {}

  /** Remote changes are in the view (core-link.ts): one event per key that changed. */
  private remoteApplied(before: ReadonlyMap<string, { previous: unknown; source: string }>, suffix: string): void {
    this.snapshotCache = null;
    for (const [key, { previous, source }] of before) {
      const value = this.view.get(key);
      if (value === previous) continue;
      this.listeners.emit(this.makeEvent(key, value, previous, source + suffix));
      this.watchers.touched(key);
      this.noteChanged(key);
    }
    this.schedule();
  }

  /** End-of-task listeners (selectors, derived state): keys changed since the last task. */
  private readonly taskListeners = new Set<(keys: ReadonlySet<string>) => void>();
  private changedInTask = new Set<string>();

  /** Ends the current task's batch: commit to the core, then tell path watchers. */
  private readonly runTask = (): void => {
    this.scheduled = false;
    this.commit();
    this.watchers.drain();
    if (this.changedInTask.size === 0) return;
    const keys = this.changedInTask;
    this.changedInTask = new Set();
    for (const listener of [...this.taskListeners]) {
      try {
        listener(keys);
      } catch (error) {
        reportListenerError('end-of-task listener', error);
      }
    }
  };

  /**
   * Calls `listener` at the end of every task in which some key changed, with those keys.
   * Selectors and derived state build on it: one evaluation per task, not one per write.
   */
  onTaskEnd(listener: (keys: ReadonlySet<string>) => void): () => void {
    this.taskListeners.add(listener);
    return () => {
      this.taskListeners.delete(listener);
    };
  }

  /** How many end-of-task listeners are attached (listenerCount). */
  protected get taskListenerCount(): number {
    return this.taskListeners.size;
  }

  /** Records a changed key for end-of-task listeners (only while someone listens). */
  protected noteChanged(key: string): void {
    if (this.taskListeners.size > 0) this.changedInTask.add(key);
  }

  protected schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.runTask);
  }

  /**
   * Records a committed whole-key change in the view and tells everyone synchronously.
   * `checked` is the frozen event the middleware saw, if any; listeners' events are built
   * only when someone listens (hot path of `set`).
   */
  protected afterWrite(key: string, value: unknown, previousValue: unknown, source: string, checked: StateChangeEvent | null): void {
    this.snapshotCache = null;
    const txn = this.txn;
    if (txn !== null) {
      // Inside transaction(): remember the value before the first write of the key, and
      // tell nobody until the whole transaction commits.
      const seen = txn.changed.get(key);
      txn.changed.set(key, { previous: seen === undefined ? previousValue : seen.previous, source });
      return;
    }
    // Other tabs (legacy bridge) and devtools get the frozen view value at the next flush:
    // a listener changing its copy in place before the flush sends nothing.
    if (this.lastEvents !== null) this.lastEvents.set(key, checked ?? frozenEvent(key, value, previousValue, source));
    if (!this.listeners.isEmpty) {
      this.listeners.emit(checked === null ? this.makeEvent(key, value, previousValue, source) : { ...checked, value: this.mirror.of(value) });
    }
    this.watchers.touched(key);
    if (this.taskListeners.size > 0) this.changedInTask.add(key);
    if (!this.scheduled) this.schedule();
  }

  /**
   * A change event for listeners. `value` is the mutable copy `get` returns (legacy MFEs
   * keep it, change it in place and set it back). `previousValue` is the committed value
   * before the write, frozen: after an in-place change the copy handed out earlier already
   * shows the new content, so only the view still knows what it was.
   */
  protected makeEvent(key: string, value: unknown, previousValue: unknown, source: string): StateChangeEvent {
    return { key, value: this.mirror.of(value), previousValue: freezeDeep(previousValue), source, timestamp: Date.now() };
  }

  /** Tells key/global listeners and path watchers about an event already recorded. */
  protected notify(event: StateChangeEvent): void {
    this.snapshotCache = null;
    this.listeners.emit(event);
    this.watchers.touched(event.key);
    this.noteChanged(event.key);
    this.schedule();
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

  protected emitFlush(changes: readonly CoreChange[], origin: 'local' | 'remote', outbox: string | null, legacyEvents: StateChangeEvent[],
    overflow: readonly string[] = []): void {
    const changedKeys: string[] = [];
    const seen = new Set<string>();
    for (const change of changes) {
      if (seen.has(change.key)) continue;
      seen.add(change.key);
      changedKeys.push(change.key);
    }
    const listening = this.flushListeners.size > 0;
    const committed: CommittedChange[] = [];
    if (listening) {
      for (const change of changes) {
        committed.push({
          key: change.key, path: change.path, deleted: change.deleted, json: change.json, origin,
          previous: freezeDeep(readAtPath(this.committed.get(change.key), change.path)),
          value: freezeDeep(readAtPath(this.view.get(change.key), change.path)),
          source: change.source,
        });
      }
    }
    for (const key of changedKeys) {
      const now = this.view.get(key);
      if (now === undefined) this.committed.delete(key);
      else this.committed.set(key, now);
    }
    if (!listening) return;
    const info: FlushInfo = { changes: committed, changedKeys, outbox, legacyEvents };
    if (overflow.length > 0) info.overflow = overflow;
    for (const listener of [...this.flushListeners]) {
      try {
        listener(info);
      } catch (error) {
        this.report(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  /** Called after every flush that committed something (ManagerHost). */
  onFlush(listener: (info: FlushInfo) => void): () => void {
    this.flushListeners.add(listener);
    if (this.lastEvents === null) this.lastEvents = new Map();
    return () => {
      this.flushListeners.delete(listener);
      if (this.flushListeners.size === 0) this.lastEvents = null;
    };
  }

  /** What the core holds once its initial entries are loaded (previous values start here). */
  protected acknowledge(loaded: ReadonlyMap<string, unknown>): void {
    this.committed.clear();
    for (const [key, value] of loaded) this.committed.set(key, value);
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

/**
 * An event with frozen view values: what middleware checks (a change to `event.value` there
 * could not reach the state, so it throws rather than being silently lost) and what other
 * tabs and devtools get at the flush.
 */
export function frozenEvent(key: string, value: unknown, previousValue: unknown, source: string): StateChangeEvent {
  return { key, value: freezeDeep(value), previousValue: freezeDeep(previousValue), source, timestamp: Date.now() };
}

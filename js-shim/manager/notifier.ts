/**
 * Who hears about a change, and when: key and global listeners (synchronously, inside the
 * write), path watchers (synchronously or at the end of the task), end-of-task listeners
 * (selectors, derived state: once per task), and flush listeners (sync/, persist/, devtools/:
 * once per commit to the core, with the values the core held before).
 *
 * It owns the listeners, the end-of-task schedule and the values the core last acknowledged;
 * it reads the view and reaches the core only through `NotifierHost`, so it can be tested
 * alone (tests/js/notifier.test.ts).
 *
 * Hot path (`set` with nobody listening): no event object is built, and the only work is a
 * few size checks and one microtask per task.
 */
import type { CoreChange, V2Message } from '../wasm/core-api.js';
import type { CommittedChange, FlushInfo } from '../internal/manager-host.js';
import type { StateChangeEvent } from '../types.js';
import { ListenerRegistry, reportListenerError } from '../internal/listeners.js';
import { readAtPath } from '../internal/paths.js';
import { freezeDeep } from '../internal/validate.js';
import { PathWatchers } from './path-watchers.js';

/** What the notifier needs from the manager around it. */
export interface NotifierHost {
  /** The view's value of `key` (immutable; undefined when absent). */
  read(key: string): unknown;
  /** The mutable copy of a view node that listeners get (mutable-mirror.ts). */
  mutable<T>(node: T): T;
  /** End of the task: hand the queued writes to the core, before path watchers run. */
  commit(): void;
  report(error: Error): void;
}

export class Notifier {
  readonly listeners = new ListenerRegistry();
  readonly watchers: PathWatchers;
  private readonly flushListeners = new Set<(info: FlushInfo) => void>();
  /** End-of-task listeners (selectors, derived state): keys changed since the last task. */
  private readonly taskListeners = new Set<(keys: ReadonlySet<string>) => void>();
  private changedInTask = new Set<string>();
  /** Last legacy event per key since the last flush; only kept while a flush listener is attached. */
  private lastEvents: Map<string, StateChangeEvent> | null = null;
  /** The view as the core last acknowledged it: `previous` values for CommittedChange. */
  private readonly acknowledged = new Map<string, unknown>();
  private scheduled = false;
  /**
   * The clock reading every event of the current synchronous run shares (valid while
   * `clockRead`): `Date.now()` is the largest single cost of an event, so it is read once by
   * the run's first event and forgotten when the run's end-of-task batch starts.
   */
  private clock = 0;
  private clockRead = false;

  constructor(private readonly host: NotifierHost) {
    this.watchers = new PathWatchers((key) => host.read(key));
  }

  /** Ends the current task's batch: commit to the core, then tell path watchers. */
  private readonly runTask = (): void => {
    this.scheduled = false;
    this.clockRead = false; // writes made by what runs from here on are a new run
    this.deliverHeld();
    this.host.commit();
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
   * The timestamp of an event made now: one `Date.now()` per synchronous run of writes (up
   * to the next microtask), shared by every event of the run. Reading it schedules the
   * end-of-task batch, which forgets it, so a reading never outlives its run.
   */
  timestamp(): number {
    if (this.clockRead) return this.clock;
    this.clock = Date.now();
    this.clockRead = true;
    if (!this.scheduled) this.schedule();
    return this.clock;
  }

  /** Makes sure the end-of-task batch runs (once per task). */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.runTask);
  }

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

  /** Called after every flush that committed something (ManagerHost). */
  onFlush(listener: (info: FlushInfo) => void): () => void {
    this.flushListeners.add(listener);
    if (this.lastEvents === null) this.lastEvents = new Map();
    return () => {
      this.flushListeners.delete(listener);
      if (this.flushListeners.size === 0) this.lastEvents = null;
    };
  }

  /** Every listener of any kind (leak checks count them all). */
  get count(): number {
    return this.listeners.count() + this.watchers.count + this.flushListeners.size + this.taskListeners.size;
  }

  /**
   * A committed local write of a whole key: tells everyone synchronously. `checked` is the
   * frozen event the middleware saw, if any; listeners' events are built only when someone
   * listens (hot path of `set`).
   */
  written(key: string, value: unknown, previousValue: unknown, source: string, checked: StateChangeEvent | null): void {
    // Other tabs (legacy bridge) and devtools get the frozen view value at the next flush:
    // a listener changing its copy in place before the flush sends nothing.
    if (this.lastEvents !== null) this.lastEvents.set(key, checked ?? frozenEvent(key, value, previousValue, source, this.timestamp()));
    if (!this.listeners.isEmpty) {
      this.listeners.emit(checked === null ? this.makeEvent(key, value, previousValue, source) : { ...checked, value: this.host.mutable(value) });
    }
    this.watchers.touched(key);
    if (this.taskListeners.size > 0) this.changedInTask.add(key);
    if (!this.scheduled) this.schedule();
  }

  /** Records the legacy event of a write whose listeners are told later (a transaction's commit). */
  recordLegacy(key: string, value: unknown, previousValue: unknown, source: string): void {
    if (this.lastEvents !== null) this.lastEvents.set(key, frozenEvent(key, value, previousValue, source, this.timestamp()));
  }

  /** The legacy events since the last flush, or null when no flush listener wants them. */
  takeLegacyEvents(): StateChangeEvent[] | null {
    const events = this.lastEvents;
    if (events === null) return null;
    this.lastEvents = new Map();
    return [...events.values()];
  }

  /** Tells key/global listeners, path watchers and end-of-task listeners about an event. */
  notify(event: StateChangeEvent): void {
    this.listeners.emit(event);
    this.watchers.touched(event.key);
    this.noteChanged(event.key);
    this.schedule();
  }

  /** Remote changes are in the view (core-link.ts): one event per key that changed. */
  remoteApplied(before: ReadonlyMap<string, { previous: unknown; source: string }>, suffix: string): void {
    for (const [key, { previous, source }] of before) {
      const value = this.host.read(key);
      if (value === previous) continue;
      this.listeners.emit(this.makeEvent(key, value, previous, source + suffix));
      this.watchers.touched(key);
      this.noteChanged(key);
    }
    this.deliverHeld();
    this.schedule();
  }

  /**
   * A change event for listeners. `value` is the mutable copy `get` returns (legacy MFEs
   * keep it, change it in place and set it back). `previousValue` is the committed value
   * before the write, frozen: after an in-place change the copy handed out earlier already
   * shows the new content, so only the view still knows what it was.
   */
  makeEvent(key: string, value: unknown, previousValue: unknown, source: string): StateChangeEvent {
    // Primitives (most writes) need neither a copy nor freezing: tested here, so the hot
    // path makes no call for them.
    return {
      key,
      value: typeof value === 'object' && value !== null ? this.host.mutable(value) : value,
      previousValue: typeof previousValue === 'object' && previousValue !== null ? freezeDeep(previousValue) : previousValue,
      source,
      timestamp: this.timestamp(),
    };
  }

  /** What the core holds once its initial entries are loaded (previous values start here). */
  acknowledge(loaded: ReadonlyMap<string, unknown>): void {
    this.acknowledged.clear();
    for (const [key, value] of loaded) this.acknowledged.set(key, value);
  }

  /**
   * The core committed `changes`: acknowledge the new values and tell flush listeners.
   *
   * A remote commit's flush listeners (persistence, devtools) are held until its key
   * listeners have heard it (`remoteApplied`): the listeners are what a cross-tab write waits
   * for, and flush listeners can wait. Anything that delivers flush info (the next commit,
   * the end-of-task batch) delivers a held one first, so flush listeners still get every
   * commit in the order the core made them.
   *
   * `changes` of the info is built when a flush listener first reads it: persistence and
   * sync read only the keys and the messages, so a commit with neither devtools nor history
   * attached no longer copies out every change's previous and new value.
   */
  committed(changes: readonly CoreChange[], origin: 'local' | 'remote', outbox: V2Message | null, legacyEvents: StateChangeEvent[],
    overflow: readonly V2Message[] = []): void {
    this.deliverHeld();
    const changedKeys: string[] = [];
    const seen = new Set<string>();
    for (const change of changes) {
      if (seen.has(change.key)) continue;
      seen.add(change.key);
      changedKeys.push(change.key);
    }
    const listening = this.flushListeners.size > 0;
    // What `changes` needs, captured before the values are acknowledged (view values never
    // change in place, so holding the roots is enough).
    let roots: Array<{ previous: unknown; now: unknown }> | null = null;
    if (listening) {
      roots = [];
      for (const change of changes) roots.push({ previous: this.acknowledged.get(change.key), now: this.host.read(change.key) });
    }
    for (const key of changedKeys) {
      const now = this.host.read(key);
      if (now === undefined) this.acknowledged.delete(key);
      else this.acknowledged.set(key, now);
    }
    if (roots === null) return;
    const captured = roots;
    let committed: CommittedChange[] | null = null;
    const info: FlushInfo = {
      get changes(): CommittedChange[] {
        if (committed === null) {
          committed = changes.map((change, i) => ({
            key: change.key, path: change.path, deleted: change.deleted, origin,
            previous: freezeDeep(readAtPath(captured[i]!.previous, change.path)),
            value: freezeDeep(readAtPath(captured[i]!.now, change.path)),
            source: change.source,
          }));
        }
        return committed;
      },
      changedKeys, outbox, legacyEvents,
    };
    if (overflow.length > 0) info.overflow = overflow;
    if (origin === 'remote') this.held = info;
    else this.deliver(info);
  }

  /** A remote commit whose flush listeners wait for its key listeners (see `committed`). */
  private held: FlushInfo | null = null;

  private deliverHeld(): void {
    const held = this.held;
    if (held === null) return;
    this.held = null;
    this.deliver(held);
  }

  private deliver(info: FlushInfo): void {
    for (const listener of [...this.flushListeners]) {
      try {
        listener(info);
      } catch (error) {
        this.host.report(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  /** Drops every listener (destroy). */
  clear(): void {
    this.listeners.clear();
    this.watchers.clear();
    this.flushListeners.clear();
  }

  /** Records a changed key for end-of-task listeners (only while someone listens). */
  private noteChanged(key: string): void {
    if (this.taskListeners.size > 0) this.changedInTask.add(key);
  }
}

/**
 * An event with frozen view values: what middleware checks (a change to `event.value` there
 * could not reach the state, so it throws rather than being silently lost) and what other
 * tabs and devtools get at the flush.
 */
export function frozenEvent(key: string, value: unknown, previousValue: unknown, source: string, timestamp = Date.now()): StateChangeEvent {
  return { key, value: freezeDeep(value), previousValue: freezeDeep(previousValue), source, timestamp };
}

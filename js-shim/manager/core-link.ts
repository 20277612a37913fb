/**
 * The manager's link to the wasm core: the core handle once it loaded, the queue of local
 * ops waiting for it, the backlog of other tabs' messages that arrived before it, and the
 * flush that hands the queue over in one crossing. It owns the recovery when the core and
 * the shim disagree (a batch the core refuses: op by op, then the refused keys re-read from
 * the core) and the merge of remote messages (the core decides; the view follows).
 *
 * It owns no view and no listeners: it reads and writes the view's values through
 * `CoreLinkHost` and tells the host what changed, so it can be tested alone with a fake
 * core (tests/js/core-link.test.ts).
 */
import type { CoreChange, CoreHandle, CoreStatus, LocalOp, V2Message } from '../wasm/core-api.js';
import type { StateChangeEvent } from '../types.js';
import { cloneForState } from '../internal/validate.js';
import { StateCoreError } from '../errors.js';
import { WriteQueue, type PendingOp } from './write-queue.js';

/** Suffix other tabs' sources get, as the legacy manager writes it. */
export const CROSS_TAB = ' (cross-tab)';
/** Remote messages kept while the core loads; more than this is a flood, not a backlog. */
export const MAX_BUFFERED_REMOTE = 1000;

/** What the link needs from the manager around it. */
export interface CoreLinkHost {
  /** The view's values (the link re-reads keys from the core into it). */
  readonly values: Map<string, unknown>;
  report(error: Error): void;
  /** True while a transaction runs: its ops wait until it commits. */
  inTransaction(): boolean;
  /** The legacy events of the local writes since the last flush, or null when nobody wants them. */
  takeLegacyEvents(): StateChangeEvent[] | null;
  /** The core committed `changes` (flush listeners, `previous` values). */
  committed(changes: readonly CoreChange[], origin: 'local' | 'remote', outbox: V2Message | null,
    legacyEvents: StateChangeEvent[], overflow?: readonly V2Message[]): void;
  /** A key was re-read from the core and differs from what the view had: tell everyone. */
  resynced(key: string, value: unknown, previous: unknown, source: string): void;
  /** Remote changes are in the view: tell listeners, one event per key that changed. */
  remoteApplied(before: ReadonlyMap<string, { previous: unknown; source: string }>, suffix: string): void;
}

export class CoreLink {
  private handle: CoreHandle | null = null;
  private readonly queue = new WriteQueue();
  /** False once no core will ever take queued ops (destroyed, or the wasm failed to load). */
  private queueing = true;
  private remoteBacklog: Array<V2Message | ArrayBuffer> = [];

  constructor(private readonly host: CoreLinkHost) {}

  /** The core once loaded, else null. */
  get core(): CoreHandle | null {
    return this.handle;
  }

  /** Whether local writes are queued for a core (false once none will ever come). */
  get accepting(): boolean {
    return this.queueing;
  }

  /** Queues a whole-key set (the hot path of `set`: repeated writes of a key reuse one op). */
  queueKeySet(key: string, value: unknown, source: string): void {
    if (this.queueing) this.queue.pushKeySet(key, value, source);
  }

  queueOp(op: PendingOp): void {
    if (this.queueing) this.queue.push(op);
  }

  /** A transaction begins: where to roll the queue back to. */
  checkpoint(): number {
    return this.queue.checkpoint();
  }

  rollback(checkpoint: number): void {
    this.queue.rollback(checkpoint);
  }

  /** A transaction committed: its ops may be flushed. */
  release(): void {
    this.queue.release();
  }

  /** Keys with local writes no core has taken yet; null when a clear is queued. */
  pendingKeys(): ReadonlySet<string> | null {
    return this.queueing ? this.queue.touchedKeys() : new Set();
  }

  /** The core is there: from now on flushes reach it. */
  attach(core: CoreHandle): void {
    this.handle = core;
  }

  /**
   * No core will ever come (the wasm failed to load): stop queueing, so memory does not grow
   * with every write. Returns the keys that were waiting (null: a clear was waiting).
   */
  abandon(): Set<string> | null {
    this.queueing = false;
    const touched = this.queue.touchedKeys();
    this.queue.drain();
    this.remoteBacklog = [];
    return touched;
  }

  /** The manager is destroyed: drop the core. */
  close(): void {
    this.queueing = false;
    this.handle?.dispose();
    this.handle = null;
  }

  /** Applies every queued local op to the core in one crossing. No-op before load. */
  flush(): void {
    this.flushBatch(false);
  }

  /**
   * The flush itself. `atomic` (transactions): if the core refuses any op, nothing is
   * applied and the status is returned so the caller can roll the view back.
   */
  flushBatch(atomic: boolean): CoreStatus | null {
    const core = this.handle;
    if (core === null || this.queue.size === 0 || this.host.inTransaction()) return null;
    const { ops, groups } = this.queue.drainWithGroups();
    const events = this.host.takeLegacyEvents();
    let changes: CoreChange[];
    try {
      const result = core.applyLocal(ops, Date.now());
      if (!result.ok && atomic) return result.error ?? { code: 'CORE_FAILURE', message: 'batch refused' };
      changes = result.ok ? result.changes : this.applyOneByOne(core, ops, groups);
    } catch (error) {
      const status = { code: 'CORE_FAILURE', message: `core rejected a batch: ${(error as Error).message}` };
      if (atomic) return status;
      this.host.report(new StateCoreError(status.code, status.message));
      changes = [];
    }
    // A flush may hold more than one message's worth of ops (the core splits at the message
    // limit): take every message now, or the rest would wait for the next write.
    const outbox = core.takeOutbox();
    const overflow: V2Message[] = [];
    for (let more = outbox === null ? null : core.takeOutbox(); more !== null; more = core.takeOutbox()) overflow.push(more);
    // No change can still leave an op to send: a clear of an empty view drops tombstones.
    if (changes.length === 0 && outbox === null) return null;
    this.host.committed(changes, 'local', outbox, events ?? [], overflow);
    return null;
  }

  /**
   * A batch is atomic in the core, so one bad op would lose every good one. The shim
   * validates before queueing, so this only runs on disagreement: apply op by op (a
   * transaction's ops together, all or none), report the rejects, and rebuild those keys
   * from the core so the view never lies.
   */
  private applyOneByOne(core: CoreHandle, ops: readonly LocalOp[], groups: ReadonlyArray<number | undefined>): CoreChange[] {
    const changes: CoreChange[] = [];
    for (let start = 0; start < ops.length;) {
      let end = start + 1;
      if (groups[start] !== undefined) while (end < ops.length && groups[end] === groups[start]) end++;
      const unit = ops.slice(start, end);
      start = end;
      const result = core.applyLocal(unit, Date.now());
      if (result.ok) {
        changes.push(...result.changes);
        continue;
      }
      const refused = unit[result.error?.opIndex ?? 0] ?? unit[0]!;
      const key = refused.kind === 'clear' ? undefined : refused.key;
      const what = unit.length > 1 ? `a transaction of ${unit.length} writes` : 'a write';
      this.host.report(new StateCoreError(result.error?.code ?? 'CORE_FAILURE', `core rejected ${what}${key === undefined ? '' : ` (at "${key}")`}: ${result.error?.message ?? ''}`, key));
      const keys = new Set<string>();
      for (const op of unit) {
        if (op.kind !== 'clear') keys.add(op.key);
        else for (const k of [...this.host.values.keys(), ...Object.keys(core.exportValues())]) keys.add(k);
      }
      for (const k of keys) this.resyncKey(k, 'core-rejected');
    }
    return changes;
  }

  /** Replaces a key in the view with what the core holds, notifying if it differs. */
  resyncKey(key: string, source: string): void {
    const core = this.handle;
    if (core === null) return;
    const values = this.host.values;
    const previous = values.get(key);
    const held = core.keyValue(key);
    const next = held === undefined ? undefined : cloneForState(key, held, previous, this.host.report);
    if (next === previous) return;
    if (next === undefined) values.delete(key);
    else values.set(key, next);
    this.host.resynced(key, next, previous, source);
  }

  /**
   * Merges a protocol-v2 message from another tab. Local writes are flushed first so the
   * core orders them against the remote ones; before the core loads the message waits in
   * the backlog. Never throws.
   */
  applyRemoteMessage(text: V2Message | ArrayBuffer): void {
    if (typeof text !== 'string' && !(text instanceof Uint8Array) && !(text instanceof ArrayBuffer)) {
      this.host.report(new StateCoreError('BAD_MESSAGE', 'dropped a cross-tab message that is neither text nor bytes'));
      return;
    }
    const core = this.handle;
    if (core === null) {
      if (!this.queueing) return;
      if (this.remoteBacklog.length >= MAX_BUFFERED_REMOTE) {
        this.host.report(new StateCoreError('BACKLOG_FULL', 'dropped a cross-tab message received while the core was loading'));
        return;
      }
      this.remoteBacklog.push(text);
      return;
    }
    this.flush();
    let result;
    try {
      result = core.applyRemote(text, Date.now());
    } catch (error) {
      this.host.report(new StateCoreError('BAD_MESSAGE', `core failed on a cross-tab message: ${(error as Error).message}`));
      return;
    }
    for (const status of result.dropped) this.host.report(new StateCoreError(status.code, `dropped remote input: ${status.message}`));
    if (result.changes.length > 0) this.applyRemoteChanges(core, result.changes, CROSS_TAB);
  }

  /**
   * Brings remote changes into the view. Whole-key changes use the text the core returned;
   * a key with nested changes is re-read once from the core, so the view follows the core's
   * merge rules exactly instead of re-implementing them. Listeners hear one event per key.
   */
  private applyRemoteChanges(core: CoreHandle, changes: readonly CoreChange[], suffix: string): void {
    const values = this.host.values;
    const before = new Map<string, { previous: unknown; source: string }>();
    const reread = new Set<string>();
    for (const change of changes) {
      const key = change.key;
      if (!before.has(key)) before.set(key, { previous: values.get(key), source: change.source ?? 'unknown' });
      if (change.path.length > 0 || reread.has(key)) {
        reread.add(key);
        continue;
      }
      this.writeValue(key, change.deleted || change.value === undefined ? undefined : this.adoptTrusted(key, change.value));
    }
    for (const key of reread) {
      const held = core.keyValue(key);
      this.writeValue(key, held === undefined ? undefined : this.adoptTrusted(key, held));
    }
    this.host.committed(changes, 'remote', null, []);
    this.host.remoteApplied(before, suffix);
  }

  /** Core output is already validated; cloning shares the subtrees equal to the view's. */
  private adoptTrusted(key: string, value: unknown): unknown {
    try {
      return cloneForState(key, value, this.host.values.get(key), this.host.report);
    } catch (error) {
      this.host.report(new StateCoreError('BAD_JSON', `core returned an unusable value for "${key}": ${(error as Error).message}`, key));
      return this.host.values.get(key);
    }
  }

  private writeValue(key: string, value: unknown): void {
    if (value === undefined) this.host.values.delete(key);
    else this.host.values.set(key, value);
  }

  /** Messages that arrived before the core loaded, merged once it is there. */
  drainRemoteBacklog(): void {
    const backlog = this.remoteBacklog;
    this.remoteBacklog = [];
    for (const text of backlog) this.applyRemoteMessage(text);
  }
}

/**
 * The remote half of the view: merging what other tabs (and the legacy bridge) send. The
 * core decides every merge; this layer hands it the message, brings the resulting changes
 * into the view and tells listeners, with the source marked '(cross-tab)'. Split from
 * view-base.ts, which holds the view, the local queue and the flush.
 */
import type { CoreChange, CoreHandle } from '../wasm/core-api.js';
import { cloneForState } from '../internal/validate.js';
import { StateCoreError } from '../errors.js';
import { ViewBase } from './view-base.js';

/** Suffix other tabs' sources get, as the legacy manager writes it. */
export const CROSS_TAB = ' (cross-tab)';
/** Remote messages kept while the core loads; more than this is a flood, not a backlog. */
const MAX_BUFFERED_REMOTE = 1000;

export abstract class RemoteBase extends ViewBase {
  private remoteBacklog: string[] = [];

  /**
   * Merges a protocol-v2 message from another tab (ManagerHost). Local writes are flushed
   * first so the core orders them against the remote ones; never throws.
   */
  applyRemoteMessage(text: string): void {
    if (typeof text !== 'string') {
      this.report(new StateCoreError('BAD_MESSAGE', 'dropped a cross-tab message that is not text'));
      return;
    }
    const core = this.coreHandle;
    if (core === null) {
      if (!this.queueing) return;
      if (this.remoteBacklog.length >= MAX_BUFFERED_REMOTE) {
        this.report(new StateCoreError('BACKLOG_FULL', 'dropped a cross-tab message received while the core was loading'));
        return;
      }
      this.remoteBacklog.push(text);
      return;
    }
    this.commit();
    let result;
    try {
      result = core.applyRemote(text, Date.now());
    } catch (error) {
      this.report(new StateCoreError('BAD_MESSAGE', `core failed on a cross-tab message: ${(error as Error).message}`));
      return;
    }
    for (const status of result.dropped) this.report(new StateCoreError(status.code, `dropped remote input: ${status.message}`));
    if (result.changes.length > 0) this.applyRemoteChanges(core, result.changes, CROSS_TAB);
  }

  /**
   * Brings remote changes into the view. Whole-key changes use the text the core returned;
   * a key with nested changes is re-read once from the core, so the view follows the core's
   * merge rules exactly instead of re-implementing them. Listeners hear one event per key.
   */
  protected applyRemoteChanges(core: CoreHandle, changes: readonly CoreChange[], suffix: string): void {
    const before = new Map<string, { previous: unknown; source: string }>();
    const reread = new Set<string>();
    for (const change of changes) {
      const key = change.key;
      if (!before.has(key)) before.set(key, { previous: this.view.get(key), source: change.source ?? 'unknown' });
      if (change.path.length > 0 || reread.has(key)) {
        reread.add(key);
        continue;
      }
      this.writeView(key, change.deleted || change.json === undefined ? undefined : this.parseTrusted(key, change.json));
    }
    for (const key of reread) {
      const text = core.keyJson(key);
      this.writeView(key, text === null ? undefined : this.parseTrusted(key, text));
    }
    this.snapshotCache = null;
    this.emitFlush(changes, 'remote', null, []);
    for (const [key, { previous, source }] of before) {
      const value = this.view.get(key);
      if (value === previous) continue;
      this.listeners.emit(this.makeEvent(key, value, previous, source + suffix));
      this.watchers.touched(key);
      this.noteChanged(key);
    }
    this.schedule();
  }

  /** Core output is already validated; cloning shares the subtrees equal to the view's. */
  private parseTrusted(key: string, text: string): unknown {
    try {
      return cloneForState(key, JSON.parse(text), this.view.get(key), this.report);
    } catch (error) {
      this.report(new StateCoreError('BAD_JSON', `core returned unreadable JSON for "${key}": ${(error as Error).message}`, key));
      return this.view.get(key);
    }
  }

  private writeView(key: string, value: unknown): void {
    if (value === undefined) this.view.delete(key);
    else this.view.set(key, value);
  }

  /** Messages that arrived before the core loaded, merged once it is there. */
  protected drainRemoteBacklog(): void {
    const backlog = this.remoteBacklog;
    this.remoteBacklog = [];
    for (const text of backlog) this.applyRemoteMessage(text);
  }
}

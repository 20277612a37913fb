/**
 * Undo/redo from the core's change sets (docs/api-contract.md section 4). Each history step keeps only what
 * changed (path, value before, value after), and those values are the view's structurally
 * shared, frozen subtrees, so memory grows with what changed, never with the state's size.
 * A step is one flush: the writes of one task, or one transaction.
 */
import type { FlushInfo } from '../internal/manager-host.js';
import type { Path } from '../internal/path-subscription.js';
import { StateValidationError } from '../errors.js';

/** Source of the writes undo/redo make (they are not recorded as new steps). */
export const HISTORY_SOURCE = 'history';

export interface HistoryHost {
  flush(): void;
  onFlush(listener: (info: FlushInfo) => void): () => void;
  writePath(key: string, path: Path, value: unknown, source?: string): void;
  transaction<T>(fn: () => T): T;
  reportError(error: Error): void;
}

export interface HistoryOptions {
  /** Steps kept for undo (oldest dropped first). Default 100. */
  maxHistory?: number;
  /** Only changes of these keys are recorded. Default: every key. */
  keys?: readonly string[];
  /** Flushes closer together than this are one step (typing). Default 0: every flush. */
  groupWithinMs?: number;
  /** Also record changes merged from other tabs. Default false: undo only what this tab did. */
  includeRemote?: boolean;
}

interface Change {
  key: string;
  path: Path;
  before: unknown;
  after: unknown;
}

interface Step {
  changes: Change[];
  at: number;
}

export interface History {
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** Steps available to undo. */
  readonly size: number;
  /** Reverts the last step; false when there is none (or it no longer applies: reported). */
  undo(): boolean;
  /** Re-applies the last undone step. */
  redo(): boolean;
  /** Forgets every step. */
  clear(): void;
  /** Stops recording. */
  destroy(): void;
  /** What the history holds: steps, changes, and the JSON size of their paths and values. */
  stats(): { steps: number; redoSteps: number; changes: number; approxBytes: number };
}

export function createHistoryOn(host: HistoryHost, options: HistoryOptions = {}): History {
  const maxHistory = options.maxHistory ?? 100;
  if (!Number.isInteger(maxHistory) || maxHistory < 1) throw new StateValidationError('BAD_VALUE', 'maxHistory must be a positive integer');
  const only = options.keys === undefined ? null : new Set(options.keys);
  const groupWithinMs = options.groupWithinMs ?? 0;
  const past: Step[] = [];
  let future: Step[] = [];
  let applying = false;

  const record = (info: FlushInfo): void => {
    if (applying) return;
    const changes: Change[] = [];
    for (const c of info.changes) {
      if (c.source === HISTORY_SOURCE || (c.origin === 'remote' && options.includeRemote !== true)) continue;
      if (only !== null && !only.has(c.key)) continue;
      changes.push({ key: c.key, path: c.path, before: c.previous, after: c.deleted ? undefined : c.value });
    }
    if (changes.length === 0) return;
    const now = Date.now();
    const last = past[past.length - 1];
    if (last !== undefined && groupWithinMs > 0 && now - last.at <= groupWithinMs) {
      last.changes.push(...changes);
      last.at = now;
    } else {
      past.push({ changes, at: now });
      if (past.length > maxHistory) past.shift();
    }
    future = [];
  };
  const stop = host.onFlush(record);

  /** Writes one side of a step; the whole step is one transaction (all or nothing). */
  const apply = (step: Step, side: 'before' | 'after'): boolean => {
    const order = side === 'before' ? [...step.changes].reverse() : step.changes;
    host.flush(); // the caller's pending writes are a step of their own, recorded first
    applying = true;
    try {
      host.transaction(() => {
        for (const change of order) host.writePath(change.key, change.path, change[side], HISTORY_SOURCE);
      });
      return true;
    } catch (error) {
      host.reportError(error instanceof Error ? error : new Error(String(error)));
      return false;
    } finally {
      applying = false;
    }
  };

  return {
    get canUndo() {
      return past.length > 0;
    },
    get canRedo() {
      return future.length > 0;
    },
    get size() {
      return past.length;
    },
    undo() {
      const step = past.pop();
      if (step === undefined) return false;
      if (!apply(step, 'before')) return false;
      future.push(step);
      return true;
    },
    redo() {
      const step = future.pop();
      if (step === undefined) return false;
      if (!apply(step, 'after')) return false;
      past.push(step);
      return true;
    },
    clear() {
      past.length = 0;
      future = [];
    },
    destroy() {
      stop();
      past.length = 0;
      future = [];
    },
    stats() {
      let changes = 0;
      let approxBytes = 0;
      for (const step of [...past, ...future]) {
        for (const c of step.changes) {
          changes++;
          approxBytes += c.key.length + JSON.stringify(c.path).length + (JSON.stringify(c.before) ?? '').length + (JSON.stringify(c.after) ?? '').length;
        }
      }
      return { steps: past.length, redoSteps: future.length, changes, approxBytes };
    },
  };
}

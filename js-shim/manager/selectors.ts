/**
 * Selectors and derived state (docs/api-contract.md section 4), tracked the way Valtio's hooks track renders: the
 * selector runs against a usage-tracking proxy of the frozen snapshot (read-tracking.ts),
 * and is recomputed only when something it actually read changed. Because snapshots are
 * structurally shared, "changed" is an identity check on the paths it read, so writes to
 * unrelated keys or unrelated members never re-run it.
 */
import { changedSince, trackReads, untracked, type ReadLog } from './read-tracking.js';
import { reportListenerError } from '../internal/listeners.js';
import { StateValidationError } from '../errors.js';

/** What selectors need from the manager. */
export interface SelectorHost {
  getSnapshot(): Record<string, unknown>;
  onTaskEnd(listener: (keys: ReadonlySet<string>) => void): () => void;
  set(key: string, value: unknown, source?: string): void;
}

export type SelectorFn<R> = (state: Readonly<Record<string, any>>) => R;

export interface Selector<R> {
  /** The current value; recomputed only if what the selector read has changed. */
  get(): R;
  /** Called at the end of a task in which the selected value changed (by `equality`). */
  subscribe(listener: (value: R) => void): () => void;
  /** How many times the selector function ran (for tests and profiling). */
  readonly recomputations: number;
  /** Stops listening; get() still works. */
  destroy(): void;
}

export function createTrackedSelector<R>(host: SelectorHost, fn: SelectorFn<R>, equality: (a: R, b: R) => boolean = Object.is): Selector<R> {
  if (typeof fn !== 'function') throw new StateValidationError('BAD_VALUE', 'createSelector expects a function');
  let snapshot: Record<string, unknown> | null = null;
  let affected: ReadLog = new WeakMap();
  let value: R;
  let recomputations = 0;
  const listeners = new Set<(value: R) => void>();
  let stop: (() => void) | null = null;
  let notified: { value: R } | null = null;

  // `affected` is keyed by the objects of the snapshot the function ran on, so later
  // snapshots are always compared with that one; `checked` skips repeated checks.
  let checked: Record<string, unknown> | null = null;
  const get = (): R => {
    const next = host.getSnapshot();
    if (snapshot !== null && (next === snapshot || next === checked || !changedSince(snapshot, next, affected))) {
      checked = next;
      return value;
    }
    const used: ReadLog = new WeakMap();
    const result = fn(trackReads(next, used));
    recomputations++;
    // A selector returning part of the state gets the frozen value, not a tracking proxy.
    const plain = untracked(result) as R;
    snapshot = next;
    affected = used;
    if (!(recomputations > 1 && equality(value!, plain))) value = plain;
    return value;
  };

  const onTaskEnd = (): void => {
    const current = get();
    if (notified !== null && equality(notified.value, current)) return;
    notified = { value: current };
    for (const listener of [...listeners]) {
      try {
        listener(current);
      } catch (error) {
        reportListenerError('selector listener', error);
      }
    }
  };

  return {
    get,
    subscribe(listener) {
      if (listeners.size === 0) {
        notified = { value: get() };
        stop = host.onTaskEnd(onTaskEnd);
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stop !== null) {
          stop();
          stop = null;
        }
      };
    },
    get recomputations() {
      return recomputations;
    },
    destroy() {
      listeners.clear();
      stop?.();
      stop = null;
    },
  };
}

export interface DerivedState<R> extends Selector<R> {
  /** The key the value is written to, if any. */
  readonly key: string | undefined;
}

/**
 * A selector kept up to date eagerly: recomputed at the end of every task in which what it
 * read changed, and written to `key` (source 'derived') when given.
 */
export function createDerived<R>(host: SelectorHost, fn: SelectorFn<R>, options: { key?: string; equality?: (a: R, b: R) => boolean } = {}): DerivedState<R> {
  const selector = createTrackedSelector(host, fn, options.equality);
  const key = options.key;
  const write = (value: R): void => {
    if (key !== undefined) host.set(key, value, 'derived');
  };
  write(selector.get());
  const unsubscribe = selector.subscribe(write);
  return {
    key,
    get: selector.get,
    subscribe: selector.subscribe,
    get recomputations() {
      return selector.recomputations;
    },
    destroy() {
      unsubscribe();
      selector.destroy();
    },
  };
}

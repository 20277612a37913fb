/**
 * The framework-free half of `useSelector` (React) and `useSelectorVue`: a source with
 * `read()` and `subscribe(onChange)` that both adapters wrap in their own primitive
 * (`useSyncExternalStore`, a `shallowRef`). Two kinds:
 *
 * - a selector object (`manager.createSelector`, `createDerivedState`) brings its own
 *   tracking and subscription, so it is only wrapped;
 * - a plain function is tracked here, over the one subscription type (PathSubscribable):
 *   it runs against a proxy-compare proxy of the snapshot, and the paths it read become
 *   `subscribePath` subscriptions. So it works on both managers (path-granular on the new
 *   one, key-granular on the legacy one), its listeners show in `listenerCount()`, and the
 *   function can be swapped between renders (an inline selector may close over new props)
 *   without resubscribing anything that did not change.
 */
import { createProxy, getUntracked, isChanged } from 'proxy-compare';
import type { AdapterManager } from './adapter-manager.js';
import { pathsRead, type Wanted } from './paths-read.js';

/** Anything with the shape of `manager.createSelector(...)`'s result. */
export interface SelectorLike<R> {
  get(): R;
  subscribe(listener: (value: R) => void): () => void;
}

/** A selector function over the whole state (`state.user.profile.name`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SelectFn<R> = (state: Readonly<Record<string, any>>) => R;

export type Equality<R> = (a: R, b: R) => boolean;

export function isSelectorLike<R>(value: SelectorLike<R> | SelectFn<R>): value is SelectorLike<R> {
  return value !== null && typeof value === 'object' && typeof value.get === 'function' && typeof value.subscribe === 'function';
}

export interface SelectionSource<R> {
  /** The current selected value; the same identity until it changes (by the equality). */
  read(): R;
  /** Calls `onChange` when the value may have changed. One subscriber at a time. */
  subscribe(onChange: () => void): () => void;
}

/** A selector object: its own subscription; `equality` only keeps an equal previous value. */
export class SelectorObjectSource<R> implements SelectionSource<R> {
  private last: { value: R } | null = null;

  constructor(
    readonly selector: SelectorLike<R>,
    private equality: Equality<R> = Object.is,
  ) {}

  setEquality(equality: Equality<R> = Object.is): void {
    this.equality = equality;
  }

  read(): R {
    const value = this.selector.get();
    if (this.last !== null && (Object.is(this.last.value, value) || this.equality(this.last.value, value))) return this.last.value;
    this.last = { value };
    return value;
  }

  subscribe(onChange: () => void): () => void {
    return this.selector.subscribe(() => onChange());
  }
}

// proxy-compare reads a frozen object (the new manager's snapshots) through an unfrozen
// copy; sharing the copies spares one copy of every read object per recomputation.
const frozenCopies = new WeakMap<object, unknown>();

/**
 * A selector function tracked over path subscriptions. A read first checks the identity of
 * the values at the paths the last run read (cheap: no snapshot is taken), so writes to
 * anything else cost it one identity check per path; only when one of them was replaced
 * does it compare the values it read (proxy-compare) and re-run the function if one
 * changed. Reading this way, not from a "notified" flag, keeps the value current even
 * inside the task of a write whose notification is still deferred (a component that wrote
 * through another hook's setter re-renders at once and must not see an older selection).
 */
export class TrackedSelection<R> implements SelectionSource<R> {
  /** How many times the function ran (tests and profiling). */
  recomputations = 0;
  private root: object | null = null;
  private affected = new WeakMap<object, unknown>();
  private value!: R;
  private computed = false;
  private fnChanged = false;
  private onChange: (() => void) | null = null;
  private wanted = new Map<string, Wanted>();
  /** The identity at each wanted path when it was last checked. */
  private seen = new Map<string, unknown>();
  private readonly active = new Map<string, () => void>();

  constructor(
    private readonly manager: AdapterManager,
    private fn: SelectFn<R>,
    private equality: Equality<R> = Object.is,
    private readonly sync = false,
  ) {
    if (typeof fn !== 'function') throw new TypeError('useSelector expects a selector function or a selector from manager.createSelector');
  }

  /**
   * Swaps the function and the equality. A different function runs once at the next read
   * even if the state did not change: it may read different paths or props.
   */
  use(fn: SelectFn<R>, equality: Equality<R> = Object.is): this {
    if (fn !== this.fn) {
      this.fn = fn;
      this.fnChanged = true;
    }
    this.equality = equality;
    return this;
  }

  read(): R {
    const reusable = this.computed && !this.fnChanged;
    if (reusable && this.pathsUnchanged()) return this.value;
    const next = this.manager.getSnapshot();
    // `affected` is keyed by the objects of the snapshot the function last ran on, so the
    // comparison is always against that snapshot (a replaced value may still be equal).
    if (reusable && (next === this.root || !isChanged(this.root, next, this.affected, new WeakMap()))) {
      this.rememberPaths();
      return this.value;
    }
    const used = new WeakMap<object, unknown>();
    const result = this.fn(createProxy(next, used, undefined, frozenCopies));
    this.recomputations++;
    // A function returning part of the state gets the value itself, not a tracking proxy.
    const plain = (result !== null && typeof result === 'object' ? (getUntracked(result) ?? result) : result) as R;
    this.root = next;
    this.affected = used;
    this.fnChanged = false;
    if (!this.computed || !(Object.is(this.value, plain) || this.equality(this.value, plain))) this.value = plain;
    this.computed = true;
    this.wanted = pathsRead(next, used);
    this.rememberPaths();
    if (this.onChange !== null) this.apply();
    return this.value;
  }

  subscribe(onChange: () => void): () => void {
    this.onChange = onChange;
    this.apply();
    return () => {
      if (this.onChange === onChange) this.onChange = null;
      for (const stop of this.active.values()) stop();
      this.active.clear();
    };
  }

  /**
   * True when every path the last run read still holds the same value identity
   * (`snapshotAt`: on the new manager frozen and replaced exactly when the value changes).
   */
  private pathsUnchanged(): boolean {
    for (const [id, { key, path }] of this.wanted) {
      // The key set (`Object.keys(state)`) has no identity to check: compare the values.
      if (key === null) return false;
      if (!Object.is(this.manager.snapshotAt(key, path), this.seen.get(id))) return false;
    }
    return true;
  }

  private rememberPaths(): void {
    this.seen.clear();
    for (const [id, { key, path }] of this.wanted) if (key !== null) this.seen.set(id, this.manager.snapshotAt(key, path));
  }

  /** Subscribes to exactly the paths the last run read, keeping those already held. */
  private apply(): void {
    for (const [id, stop] of this.active) {
      if (this.wanted.has(id)) continue;
      stop();
      this.active.delete(id);
    }
    for (const [id, { key, path }] of this.wanted) {
      if (this.active.has(id)) continue;
      const notify = () => this.onChange?.();
      // A read of the key set (`Object.keys(state)`, `'k' in state`) depends on every key.
      const stop = key === null ? this.manager.subscribeAll(notify) : this.manager.subscribePath(key, path, notify, { sync: this.sync });
      this.active.set(id, stop);
    }
  }
}

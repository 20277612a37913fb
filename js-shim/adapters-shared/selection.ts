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
 * A selector function tracked over path subscriptions. While subscribed, a notification of
 * a path it read is the only thing that makes it look at the state again, so writes to
 * anything else cost it nothing (on the legacy manager, a write to a key it read costs one
 * snapshot copy and a leaf comparison, and re-runs the function only if a value it read
 * changed).
 */
export class TrackedSelection<R> implements SelectionSource<R> {
  /** How many times the function ran (tests and profiling). */
  recomputations = 0;
  private root: object | null = null;
  private affected = new WeakMap<object, unknown>();
  private value!: R;
  private computed = false;
  private fnChanged = false;
  /** A path it read was notified since the last read (meaningful only while subscribed). */
  private dirty = true;
  private onChange: (() => void) | null = null;
  private wanted = new Map<string, Wanted>();
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
    if (this.computed && !this.fnChanged && this.onChange !== null && !this.dirty) return this.value;
    const next = this.manager.getSnapshot();
    this.dirty = false;
    // `affected` is keyed by the objects of the snapshot the function last ran on, so the
    // comparison is always against that snapshot.
    if (this.computed && !this.fnChanged && (next === this.root || !isChanged(this.root, next, this.affected, new WeakMap()))) {
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
    if (this.onChange !== null) this.apply();
    return this.value;
  }

  subscribe(onChange: () => void): () => void {
    this.onChange = onChange;
    // Anything may have changed while nobody listened: the next read looks at the state.
    this.dirty = true;
    this.apply();
    return () => {
      if (this.onChange === onChange) this.onChange = null;
      for (const stop of this.active.values()) stop();
      this.active.clear();
    };
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
      const notify = () => {
        this.dirty = true;
        this.onChange?.();
      };
      // A read of the key set (`Object.keys(state)`, `'k' in state`) depends on every key.
      const stop = key === null ? this.manager.subscribeAll(notify) : this.manager.subscribePath(key, path, notify, { sync: this.sync });
      this.active.set(id, stop);
    }
  }
}

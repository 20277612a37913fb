/**
 * One immutable object of the whole store per manager, for `useValtioStore`. It keeps the
 * identity of every value the manager's snapshots hold (`snapshotAt(key, [])`: frozen and
 * structurally shared on the new manager, unlike `readAt`'s mutable copies), so
 * proxy-compare can tell which of the paths a component read really changed. Shared by every component of a
 * manager and attached to it (one `subscribeAll`, which only marks keys dirty) while any
 * component is mounted, so unmounting the last one leaves no listener behind. Components are
 * woken by their own path subscriptions (tracked-paths.ts), not by this source.
 */
import type { AdapterManager } from './manager-slot.js';
import { ROOT, nextStableValue } from '../adapters-shared/paths.js';

type StoreSnapshot = Readonly<Record<string, unknown>>;

export class StoreSnapshotSource {
  private current: StoreSnapshot | null = null;
  /** Keys written since the last read; `null` means "rebuild everything". */
  private dirty: Set<string> | null = null;
  private readonly listeners = new Set<() => void>();
  private retained = 0;
  private detach: (() => void) | null = null;

  constructor(private readonly manager: AdapterManager) {}

  /** Keeps the snapshot current (one `subscribeAll` per manager) while retained. */
  retain(): () => void {
    this.retained += 1;
    this.attach();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.retained -= 1;
      this.maybeDetach();
    };
  }

  /** Marks `key` as changed (for notifications that may arrive before `subscribeAll`'s). */
  invalidate(key: string): void {
    this.dirty?.add(key);
  }

  /** Calls `listener` on every change of any key (readers of the key set). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    this.attach();
    return () => {
      if (this.listeners.delete(listener)) this.maybeDetach();
    };
  }

  private attach(): void {
    if (this.detach === null) {
      // Anything may have changed while nobody listened.
      this.dirty = null;
      this.detach = this.manager.subscribeAll((event) => {
        if (event.source === 'clear' || event.source.startsWith('clear ')) this.dirty = null;
        else this.dirty?.add(event.key);
        for (const notify of [...this.listeners]) notify();
      });
    }
  }

  private maybeDetach(): void {
    if (this.listeners.size > 0 || this.retained > 0 || this.detach === null) return;
    this.detach();
    this.detach = null;
  }

  /** Same object until a value of the store changes; unchanged values keep their identity. */
  read(): StoreSnapshot {
    const previous = this.current;
    if (previous === null || this.detach === null || this.dirty === null) {
      this.current = this.rebuild(previous);
    } else if (this.dirty.size > 0) {
      let next: Record<string, unknown> | null = null;
      for (const key of this.dirty) {
        const value = nextStableValue(previous[key], this.manager.snapshotAt(key, ROOT));
        if (value === previous[key] && (value !== undefined || !(key in previous))) continue;
        next ??= { ...previous };
        if (value === undefined) delete next[key];
        else next[key] = value;
      }
      if (next !== null) this.current = Object.freeze(next);
    }
    if (this.detach !== null) this.dirty = new Set();
    return this.current!;
  }

  private rebuild(previous: StoreSnapshot | null): StoreSnapshot {
    // Values come from snapshotAt so they are the manager's own (structurally shared)
    // objects; keys() spares the legacy manager's deep copy of getSnapshot(). A legacy value
    // is mutable (changed in place, then set as the same object), so the snapshot holds a
    // copy, reused while equal: proxy-compare then sees the change, and only the change.
    const keys = this.manager.keys();
    const next: Record<string, unknown> = {};
    let count = 0;
    let same = previous !== null;
    for (const key of keys) {
      const value = nextStableValue(previous?.[key], this.manager.snapshotAt(key, ROOT));
      if (value === undefined) continue;
      next[key] = value;
      count += 1;
      if (same && previous![key] !== value) same = false;
    }
    return same && Object.keys(previous!).length === count ? previous! : Object.freeze(next);
  }
}

const sources = new WeakMap<AdapterManager, StoreSnapshotSource>();

export function storeSnapshotSource(manager: AdapterManager): StoreSnapshotSource {
  let source = sources.get(manager);
  if (source === undefined) {
    source = new StoreSnapshotSource(manager);
    sources.set(manager, source);
  }
  return source;
}

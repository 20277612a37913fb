/**
 * Path-level subscriptions (the PathSubscribable seam the React and Vue adapters use).
 * Because the view is immutable and structurally shared, "did the value at this path
 * change" is one identity comparison per subscriber: a write elsewhere in the key leaves
 * the subtree at this path untouched, so its subscribers are not called.
 */
import type { Path } from '../internal/path-subscription.js';
import { readAtPath } from '../internal/paths.js';
import { reportListenerError } from '../internal/listeners.js';

interface Watcher {
  path: Path;
  onChange: () => void;
  sync: boolean;
  /** The value at `path` when the watcher was last told (or subscribed). */
  seen: unknown;
}

export class PathWatchers {
  private readonly byKey = new Map<string, Set<Watcher>>();
  /** Keys written since the last deferred notification (only tracked while watched). */
  private readonly dirty = new Set<string>();
  private syncCount = 0;

  constructor(private readonly read: (key: string) => unknown) {}

  get count(): number {
    let n = 0;
    for (const set of this.byKey.values()) n += set.size;
    return n;
  }

  /** True when `key` has watchers (cheap check for the write path). */
  watches(key: string): boolean {
    return this.byKey.has(key);
  }

  add(key: string, path: Path, onChange: () => void, sync: boolean): () => void {
    const watcher: Watcher = { path: [...path], onChange, sync, seen: readAtPath(this.read(key), path) };
    let set = this.byKey.get(key);
    if (set === undefined) {
      set = new Set();
      this.byKey.set(key, set);
    }
    set.add(watcher);
    if (sync) this.syncCount++;
    return () => {
      const current = this.byKey.get(key);
      if (current === undefined || !current.delete(watcher)) return;
      if (sync) this.syncCount--;
      if (current.size === 0) this.byKey.delete(key);
    };
  }

  /** Called by every write of `key`: sync watchers now, the others at the next drain. */
  touched(key: string): void {
    // The size test first: with no watcher at all (most writes) it saves a hash lookup.
    if (this.byKey.size === 0 || !this.byKey.has(key)) return;
    this.dirty.add(key);
    if (this.syncCount > 0) this.notifyKey(key, true);
  }

  /** True when a deferred notification is owed. */
  get pending(): boolean {
    return this.dirty.size > 0;
  }

  /** Notifies deferred watchers of every dirty key (end of task, after the core commit). */
  drain(extraKeys: Iterable<string> = []): void {
    for (const key of extraKeys) if (this.byKey.has(key)) this.dirty.add(key);
    if (this.dirty.size === 0) return;
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const key of keys) this.notifyKey(key, false);
  }

  clear(): void {
    this.byKey.clear();
    this.dirty.clear();
    this.syncCount = 0;
  }

  private notifyKey(key: string, sync: boolean): void {
    const set = this.byKey.get(key);
    if (set === undefined) return;
    const root = this.read(key);
    for (const watcher of [...set]) {
      if (watcher.sync !== sync) continue;
      const now = readAtPath(root, watcher.path);
      if (Object.is(now, watcher.seen)) continue;
      watcher.seen = now;
      try {
        watcher.onChange();
      } catch (error) {
        reportListenerError(`path watcher of "${key}"`, error);
      }
    }
  }
}

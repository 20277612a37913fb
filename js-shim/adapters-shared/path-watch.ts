/**
 * The framework-free half of `useWatchPath` (React) and `useWatchPathVue`: calls `fn(value,
 * previous)` when the value at a path really changes, over the one subscription type, so it
 * behaves the same on both managers. The new manager notifies only when the identity at the
 * path changed; the legacy manager notifies on every write of the key (and its values are
 * mutable), so the comparison here is by value: a write of an equal value, or of a sibling
 * path, is not a change on either manager.
 */
import type { Path, PathSegment, PathSubscribable } from '../internal/path-subscription.js';
import { reportListenerError } from '../internal/listeners.js';
import { parseDottedPath } from '../manager/watch-path.js';
import { sameJson, stableValue } from './paths.js';

export type PathSpec = string | readonly PathSegment[];
export type WatchPathCallback<T> = (value: T | undefined, previous: T | undefined) => void;

/** 'user.profile.name' or ['user', 'profile', 'name'] -> key + path (throws BAD_PATH). */
export function parseWatchedPath(spec: PathSpec): { key: string; path: Path } {
  return parseDottedPath(spec);
}

/** A content identity for a path given inline (a new array literal every render). */
export function pathSpecId(spec: PathSpec): string {
  return typeof spec === 'string' ? spec : JSON.stringify(spec);
}

/**
 * Subscribes `fn` to the value at `key` + `path`; returns the stop. Deferred to the end of
 * the task on the new manager (several writes, one call) unless `sync`.
 */
export function watchPathValue<T>(manager: PathSubscribable, key: string, path: Path, fn: WatchPathCallback<T>, sync = false): () => void {
  const label = [key, ...path].join('.');
  // snapshotAt: frozen on the new manager, so `stableValue` keeps it without a copy.
  const read = (k: string, p: Path) => manager.snapshotAt(k, p);
  let previous = stableValue(read(key, path));
  return manager.subscribePath(key, path, () => {
    const value = read(key, path);
    if (sameJson(previous, value)) return;
    const before = previous;
    previous = stableValue(value);
    try {
      fn(value as T | undefined, before as T | undefined);
    } catch (error) {
      reportListenerError(`useWatchPath("${label}")`, error);
    }
  }, { sync });
}

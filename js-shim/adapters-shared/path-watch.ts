/**
 * The framework-free half of `useWatchPath` (React) and `useWatchPathVue`: the one path
 * watcher (internal/watch-path.ts) comparing by value, so it behaves the same on both
 * managers.
 */
import type { Path, PathSegment, PathSubscribable } from '../internal/path-subscription.js';
import { parseDottedPath, watchPathValue as watch } from '../internal/watch-path.js';

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
  return watch(manager, key, path, fn, { sync, byValue: true, label: `useWatchPath("${[key, ...path].join('.')}")` });
}

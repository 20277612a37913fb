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
import { parseDottedPath } from '../valtio/watch-path.js';

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

function isContainer(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/** Structural equality of JSON values (what the state holds). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson(a[k], b[k]));
}

/**
 * What to remember as "previous": the new manager's values are frozen and never change, so
 * the value itself; a legacy value can be mutated in place before the next `set`, so a copy.
 */
function remember(value: unknown): unknown {
  if (!isContainer(value) || Object.isFrozen(value)) return value;
  return Array.isArray(value) ? value.map(remember) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, remember(v)]));
}

type Reader = (key: string, path: Path) => unknown;

/**
 * How to read the watched value: `snapshotAt` (frozen, structurally shared on the new
 * manager, so nothing needs copying) where the manager has it, else `readAt`.
 */
function readerOf(manager: PathSubscribable): Reader {
  const withSnapshots = manager as PathSubscribable & { snapshotAt?: Reader };
  return typeof withSnapshots.snapshotAt === 'function' ? (key, path) => withSnapshots.snapshotAt!(key, path) : (key, path) => manager.readAt(key, path);
}

/**
 * Subscribes `fn` to the value at `key` + `path`; returns the stop. Deferred to the end of
 * the task on the new manager (several writes, one call) unless `sync`.
 */
export function watchPathValue<T>(manager: PathSubscribable, key: string, path: Path, fn: WatchPathCallback<T>, sync = false): () => void {
  const label = [key, ...path].join('.');
  const read = readerOf(manager);
  let previous = remember(read(key, path));
  return manager.subscribePath(key, path, () => {
    const value = read(key, path);
    if (sameJson(previous, value)) return;
    const before = previous;
    previous = remember(value);
    try {
      fn(value as T | undefined, before as T | undefined);
    } catch (error) {
      reportListenerError(`useWatchPath("${label}")`, error);
    }
  }, { sync });
}

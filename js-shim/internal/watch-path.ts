/**
 * The one path watcher: calls `fn(value, previous)` when the value at `key` + `path`
 * changes, over the PathSubscribable seam both managers implement. `manager.watchPath`
 * and the adapters' `useWatchPath` / `useWatchPathVue` are this function with two settings:
 *
 * - `byValue: false` (manager.watchPath, new manager only): a change is a new identity at
 *   the path (the view is structurally shared, so subscribePath fires only then); values
 *   are handed out as `get` hands them out (mutable copies).
 * - `byValue: true` (the adapters, either manager): the legacy manager notifies on every
 *   write of the key and its values are mutable, so values are compared as JSON and kept
 *   as frozen snapshots or deep copies; a write of an equal value, or of a sibling path, is
 *   not a change on either manager.
 */
import type { Path, PathSubscribable } from './path-subscription.js';
import { reportListenerError } from './listeners.js';
import { sameJson, stableValue } from './json-values.js';
import { StateValidationError } from '../errors.js';

/** 'user.profile.name' -> key 'user', path ['profile', 'name']; digits become indices. */
export function parseDottedPath(spec: string | readonly (string | number)[]): { key: string; path: Path } {
  const parts = typeof spec === 'string' ? spec.split('.') : [...spec];
  const [key, ...rest] = parts;
  if (typeof key !== 'string' || key === '' || rest.some((p) => p === '')) {
    throw new StateValidationError('BAD_PATH', `watchPath expects 'key.member.member' or [key, ...path], got ${JSON.stringify(spec)}`);
  }
  const path = rest.map((p) => (typeof p === 'string' && /^(?:0|[1-9]\d*)$/.test(p) ? Number(p) : p));
  return { key, path };
}

export type PathWatcher<T> = (value: T | undefined, previous: T | undefined) => void;

export interface WatchPathOptions {
  /** Call inside the write instead of at the end of the task. */
  sync?: boolean;
  /** Compare by JSON and hand out stable values (see above); else by identity. */
  byValue: boolean;
  /** How a throwing callback is named in the report. */
  label: string;
}

/** Subscribes `fn` to the value at `key` + `path`; returns the stop. */
export function watchPathValue<T>(host: PathSubscribable, key: string, path: Path, fn: PathWatcher<T>, options: WatchPathOptions): () => void {
  const { byValue, label } = options;
  // snapshotAt is frozen on the new manager, so `stableValue` keeps it without a copy.
  const read = byValue ? () => host.snapshotAt(key, path) : () => host.readAt(key, path);
  const keep = byValue ? stableValue : (value: unknown) => value;
  let previous = keep(read());
  return host.subscribePath(key, path, () => {
    const value = read();
    if (byValue && sameJson(previous, value)) return;
    const before = previous;
    previous = keep(value);
    try {
      fn(value as T | undefined, before as T | undefined);
    } catch (error) {
      reportListenerError(label, error);
    }
  }, { sync: options.sync === true });
}

/**
 * Framework-free helpers both adapters use (React hooks and Vue composables alike):
 * a stable identity for a path given inline as a literal, and a write at a path through the
 * manager's public writes.
 */
import type { Path } from '../internal/path-subscription.js';
import type { StateManager } from '../types.js';
import { writeAtPath } from '../internal/paths.js';
import { sameJson, stableValue } from '../internal/json-values.js';

export { sameJson, stableValue };

export const ROOT: Path = Object.freeze([]) as Path;

/** Hooks get paths as fresh array literals on every render; depend on content, not identity. */
export function pathId(path: Path): string {
  return path.length === 0 ? '' : JSON.stringify(path);
}

/** The manager's nested write (on the new manager one nested op for the core, not the whole key). */
interface PathWriter {
  writePath(key: string, path: Path, value: unknown, source?: string): void;
}

// A plain boolean, not a type predicate: managers whose type already has writePath would
// make the other branch `never`.
function canWritePath(manager: StateManager, root: unknown, path: Path): boolean {
  if (typeof (manager as Partial<PathWriter>).writePath !== 'function') return false;
  // writePath needs every parent to exist (the core's BAD_PATH rule); a hook setter is
  // also used to create a nested value, so a missing parent goes through `set` instead.
  let node = root;
  for (let i = 0; i < path.length - 1; i++) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, path[i]!)) return false;
    node = (node as Record<string | number, unknown>)[path[i]!];
  }
  return node !== null && typeof node === 'object' && Array.isArray(node) === (typeof path[path.length - 1] === 'number');
}

/**
 * Writes `value` at `key` + `path` through the manager's public writes, so middleware and
 * listeners see it like any other write.
 */
export function writeAt(manager: StateManager, key: string, path: Path, value: unknown, source: string): void {
  if (path.length === 0) return manager.set(key, value, source);
  const root = manager.get(key);
  if (canWritePath(manager, root, path)) return (manager as StateManager & PathWriter).writePath(key, path, value, source);
  // A structural copy sharing every subtree off the path (the new manager then notifies
  // only the written path); missing parents are created.
  manager.set(key, writeAtPath(root, path, value), source);
}

/** `setX(next)` accepts a value or an updater of the previous value, like React's setState. */
export type Updater<T> = T | ((previous: T) => T);

export function resolveUpdater<T>(next: Updater<T>, previous: () => T): T {
  return typeof next === 'function' ? (next as (previous: T) => T)(previous()) : next;
}

/**
 * `stableValue(next)`, but `previous` itself when `next` is an unfrozen (legacy) value equal
 * to it: an equal write, or no write at all, keeps the identity readers compare.
 */
export function nextStableValue(previous: unknown, next: unknown): unknown {
  if (next === null || typeof next !== 'object' || Object.isFrozen(next)) return next;
  return sameJson(previous, next) ? previous : stableValue(next);
}

/**
 * Framework-free helpers both adapters use (React hooks and Vue composables alike):
 * a stable identity for a path given inline as a literal, and a structural write at a path.
 */
import type { Path } from '../internal/path-subscription.js';
import type { StateManager } from '../types.js';

export const ROOT: Path = Object.freeze([]) as Path;

/** Hooks get paths as fresh array literals on every render; depend on content, not identity. */
export function pathId(path: Path): string {
  return path.length === 0 ? '' : JSON.stringify(path);
}

/**
 * Returns a copy of `root` with `value` at `path`, sharing every subtree off the path, so
 * the new manager sees unchanged siblings as identical and notifies only the written path.
 * Missing parents become objects (arrays stay arrays when the segment is a number).
 */
export function assocIn(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const node = root !== null && typeof root === 'object' ? (root as Record<string | number, unknown>) : undefined;
  const child = assocIn(node?.[head], rest, value);
  if (typeof head === 'number' && (node === undefined || Array.isArray(node))) {
    const copy = node === undefined ? [] : (node as unknown[]).slice();
    copy[head] = child;
    return copy;
  }
  return { ...(node ?? {}), [head]: child };
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
  manager.set(key, assocIn(root, path, value), source);
}

/** `setX(next)` accepts a value or an updater of the previous value, like React's setState. */
export type Updater<T> = T | ((previous: T) => T);

export function resolveUpdater<T>(next: Updater<T>, previous: () => T): T {
  return typeof next === 'function' ? (next as (previous: T) => T)(previous()) : next;
}

/**
 * A value that will not change under the caller: the new manager's snapshot values are
 * frozen, so the value itself; a legacy value can be changed in place before the next
 * `set` (same object, new content), so a plain deep copy. Lets "previous" comparisons work
 * on both managers; the copy costs only on the legacy manager.
 */
export function stableValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) return value.map(stableValue);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stableValue(v)]));
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
 * `stableValue(next)`, but `previous` itself when `next` is an unfrozen (legacy) value equal
 * to it: an equal write, or no write at all, keeps the identity readers compare.
 */
export function nextStableValue(previous: unknown, next: unknown): unknown {
  if (next === null || typeof next !== 'object' || Object.isFrozen(next)) return next;
  return sameJson(previous, next) ? previous : stableValue(next);
}

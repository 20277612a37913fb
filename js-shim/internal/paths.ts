/**
 * Immutable path operations on the JS view (path copying): a write at `path` copies only
 * the containers along the path, so every other subtree keeps its identity and snapshots
 * stay structurally shared. Copies are left unfrozen: the manager freezes on hand-out.
 */
import type { Path, PathSegment } from './path-subscription.js';
import { MAX_ARRAY_INDEX } from './core-limits.js';
import { isWellFormed } from './validate.js';

/** The value at `path` under `root`, or undefined when any step is missing. */
export function readAtPath(root: unknown, path: Path): unknown {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    if (node === null || typeof node !== 'object') return undefined;
    const segment = path[i]!;
    if (!Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return node;
}

/**
 * Why a local nested write cannot be applied (mirrors the core's BAD_PATH rule, with the
 * core's limits from core-limits.ts). The path's length against the depth limit is the
 * caller's check (TOO_DEEP, not BAD_PATH).
 */
export function checkWritablePath(root: unknown, path: Path): string | null {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (typeof segment === 'string' && !isWellFormed(segment)) return `member name ${JSON.stringify(segment)} holds a lone UTF-16 surrogate`;
    if (Array.isArray(node)) {
      if (typeof segment !== 'number' || !Number.isInteger(segment) || segment < 0) return `segment ${String(segment)} is not an array index`;
      if (segment > MAX_ARRAY_INDEX) return `index ${segment} is past the largest the core takes (${MAX_ARRAY_INDEX})`;
      // The last step may append (index == length); inner steps must exist.
      if (segment > node.length || (i < path.length - 1 && segment === node.length)) return `index ${segment} is past the end`;
    } else if (node !== null && typeof node === 'object') {
      if (typeof segment !== 'string') return `segment ${segment} indexes an object`;
      if (i < path.length - 1 && !Object.prototype.hasOwnProperty.call(node, segment)) return `"${segment}" does not exist`;
    } else {
      return `the parent of "${String(segment)}" is not an object or array`;
    }
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return null;
}

/**
 * A new root with `value` at `path` (or the member removed when `value` is undefined),
 * copying only the containers along the path. The managers call it with a path checked by
 * checkWritablePath; the adapters' setters also use it to create a nested value, so a
 * missing or non-container parent becomes an array (numeric segment) or an object.
 */
export function writeAtPath(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  return writeStep(root, path, 0, value);
}

function writeStep(node: unknown, path: Path, index: number, value: unknown): unknown {
  const segment = path[index]!;
  const last = index === path.length - 1;
  if (node === null || typeof node !== 'object') node = typeof segment === 'number' ? [] : {};
  if (Array.isArray(node)) {
    const i = segment as number;
    const child = last ? value : writeStep(node[i], path, index + 1, value);
    if (!last && child === node[i]) return node;
    const copy = node.slice();
    if (child === undefined) copy.length = Math.min(copy.length, i); // removing an index truncates
    else copy[i] = child;
    return copy;
  }
  const record = node as Record<string, unknown>;
  const name = segment as string;
  const child = last ? value : writeStep(record[name], path, index + 1, value);
  if (!last && child === record[name]) return node;
  const copy: Record<string, unknown> = { ...record };
  if (child === undefined) delete copy[name];
  else copy[name] = child;
  return copy;
}

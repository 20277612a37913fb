/**
 * Which paths inside a key a whole-key write really changed, so the extension can say
 * `set user.name (react-mfe)` when an MFE wrote the whole `user` object to change one field
 * (the usual legacy-API write). Bounded: devtools naming must stay cheap on the flush path.
 */
import type { Path } from '../internal/path-subscription.js';

/** More changed leaves than this and the write is named by its own path. */
const MAX_PATHS = 3;
/** Deeper than this and the subtree is named as a whole. */
const MAX_DEPTH = 8;

type Container = Record<string, unknown> | unknown[];

function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

/**
 * The paths (relative to the write's own path) where `previous` and `next` differ, or
 * `[[]]` when there are too many, when either side is not a container of the same kind,
 * or when nothing differs (an equal write is still reported as itself).
 */
export function changedSubpaths(previous: unknown, next: unknown): Path[] {
  if (!isContainer(previous) || !isContainer(next) || Array.isArray(previous) !== Array.isArray(next)) return [[]];
  const out: Path[] = [];
  const ok = walk(previous, next, [], out, 0);
  return ok && out.length > 0 ? out : [[]];
}

/** False once the budget is exceeded. Unchanged subtrees are skipped by identity (structural sharing). */
function walk(a: Container, b: Container, base: (string | number)[], out: Path[], depth: number): boolean {
  const isArray = Array.isArray(a);
  const names = new Set<string>([...Object.keys(a), ...Object.keys(b)]);
  for (const name of names) {
    const x = (a as Record<string, unknown>)[name];
    const y = (b as Record<string, unknown>)[name];
    if (Object.is(x, y)) continue;
    const seg = isArray ? Number(name) : name;
    const here = [...base, seg];
    if (isContainer(x) && isContainer(y) && Array.isArray(x) === Array.isArray(y) && depth < MAX_DEPTH) {
      if (!walk(x, y, here, out, depth + 1)) return false;
      continue;
    }
    out.push(here);
    if (out.length > MAX_PATHS) return false;
  }
  return true;
}

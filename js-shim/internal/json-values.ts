/**
 * Comparing and keeping JSON values the same way on both managers: the new manager hands
 * out frozen, structurally shared values; the legacy one hands out mutable values that can
 * change in place. Used by the one path watcher (watch-path.ts) and the adapters.
 */

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

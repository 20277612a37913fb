/**
 * Validation and cloning of everything a caller hands to the new manager (docs/api-contract.md section 5).
 * One pass does four jobs so `set` walks the value only once: reject what JSON cannot
 * carry faithfully, drop forbidden member names (reported, never thrown), copy the value so
 * the caller keeps no handle on the state, and reuse every subtree of the previous value
 * that is equal, so unchanged subtrees keep their identity (structural sharing).
 *
 * Freezing is not done here: Object.freeze costs more than the copy itself (~200 ns per
 * container), and most written values are never read back before they are replaced. The
 * manager freezes a view node the first time it hands it out as part of a snapshot
 * (`freezeDeep`); `get` and listeners get mutable copies instead (manager/mutable-mirror.ts),
 * so view nodes never change while the unobserved write path stays cheap.
 */
import { StateLimitError, StateValidationError, describeKey } from '../errors.js';
import type { ErrorReporter } from '../types.js';

import { MAX_ARRAY_INDEX, MAX_DEPTH, MAX_KEY_BYTES, MAX_VALUE_BYTES } from './core-limits.js';

/** The core's limits (one copy for C++ and TypeScript, see core-limits.ts). */
export { MAX_ARRAY_INDEX, MAX_DEPTH, MAX_KEY_BYTES, MAX_VALUE_BYTES };

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** True for names that could reach a prototype if used as a member name. */
export function isForbiddenName(name: string): boolean {
  // Length first: all three names are 9 or 11 long, so most names skip the Set.
  return (name.length === 9 || name.length === 11) && FORBIDDEN.has(name);
}

/**
 * Freezes `value` and everything under it, stopping at containers already frozen (they
 * were frozen whole, so their subtrees are too). Returns `value`.
 */
export function freezeDeep<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) freezeDeep(value[i]);
  } else {
    for (const name in value) freezeDeep((value as Record<string, unknown>)[name]);
  }
  return Object.freeze(value);
}

const encoder = typeof TextEncoder === 'function' ? new TextEncoder() : null;

/** UTF-8 length without allocating for the common ASCII-short case. */
export function utf8Length(text: string): number {
  if (encoder === null) return text.length * 3;
  return encoder.encode(text).length;
}

/**
 * Throws unless `key` is a usable top-level key. Forbidden names are the caller's problem
 * only in the sense that they are dropped: returns false for them so the caller can report.
 */
export function checkKey(key: unknown): key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new StateValidationError('BAD_KEY', `state key must be a non-empty string, got ${describeKey(key)}`);
  }
  // A UTF-16 unit is at most 3 UTF-8 bytes, so short keys skip the exact count.
  if (key.length * 3 > MAX_KEY_BYTES && utf8Length(key) > MAX_KEY_BYTES) {
    throw new StateLimitError('TOO_LARGE', `state key is longer than ${MAX_KEY_BYTES} bytes`, key);
  }
  // UTF-8 cannot carry a lone surrogate: the core would get U+FFFD, a different key.
  if (!isWellFormed(key)) throw new StateValidationError('BAD_KEY', `state key ${describeKey(key)} holds a lone UTF-16 surrogate`);
  return !FORBIDDEN.has(key);
}

const nativeWellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * False when `text` holds a lone UTF-16 surrogate. JSON.stringify escapes one as `\uD800`,
 * which the core's parser refuses, and UTF-8 cannot carry it at all.
 */
export function isWellFormed(text: string): boolean {
  return nativeWellFormed !== undefined ? nativeWellFormed.call(text) : !LONE_SURROGATE.test(text);
}

/**
 * Escaping can turn one UTF-16 unit into six bytes of JSON (`\u0001`): a value whose rough
 * size times this could be over the limit is serialised and measured exactly.
 */
const WORST_BYTES_PER_UNIT = 6;

/** Exact size of `value` as the core stores it: UTF-8 bytes of its JSON text. */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  if (text.length > 256) return utf8Length(text);
  // Short text (most nested writes): count without allocating an encoded copy. JSON text
  // has no lone surrogates (JSON.stringify escapes them), so a surrogate is half a pair.
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x80) bytes += unit < 0x800 ? 1 : unit >= 0xd800 && unit <= 0xdfff ? 1 : 2;
  }
  return bytes;
}

interface Walk {
  key: string;
  report: ErrorReporter;
  /** Ancestors of the node being cloned, for cycle detection (depth <= 64, so a list). */
  stack: object[];
  /** Member names / indices down to the current node; turned into text only on failure. */
  path: Array<string | number>;
  /** Rough JSON size so far; exact check only when it could be near the limit. */
  size: number;
  /** Container levels the value may use: the depth limit minus the path it is written at. */
  depthBudget: number;
}

/**
 * Validates and copies `value` for `key`, sharing equal subtrees with `previous`.
 * Throws StateValidationError / StateLimitError; forbidden member names are dropped and
 * reported through `report`.
 *
 * @example
 * const next = cloneForState('user', { name: 'Ann', tags: ['a'] }, previousUser, console.warn);
 */
export function cloneForState(key: string, value: unknown, previous: unknown, report: ErrorReporter, pathLength = 0): unknown {
  const walk: Walk = { key, report, stack: [], path: [], size: 0, depthBudget: MAX_DEPTH - pathLength };
  const out = cloneNode(value, previous, walk);
  // Only a value that could be over the limit once escaped pays for serialising it here.
  if (walk.size * WORST_BYTES_PER_UNIT > MAX_VALUE_BYTES && jsonBytes(out) > MAX_VALUE_BYTES) {
    throw new StateLimitError('TOO_LARGE', `value for ${describeKey(key)} is larger than ${MAX_VALUE_BYTES} bytes of JSON`, key);
  }
  return out;
}

function fail(walk: Walk, code: string, what: string): never {
  const where = walk.path.length === 0 ? 'the top' : walk.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
  throw new StateValidationError(code, `cannot store ${what} at ${where} of key ${describeKey(walk.key)}: JSON cannot carry it faithfully`, walk.key);
}

function cloneNode(value: unknown, previous: unknown, walk: Walk): unknown {
  switch (typeof value) {
    case 'string':
      if (!isWellFormed(value)) fail(walk, 'BAD_VALUE', 'a string with a lone UTF-16 surrogate');
      walk.size += value.length + 2;
      return value;
    case 'number':
      if (!Number.isFinite(value)) fail(walk, 'NON_FINITE', String(value));
      walk.size += 8;
      // JSON has no -0; normalise so the view equals what the core holds.
      return value === 0 ? 0 : value;
    case 'boolean':
      walk.size += 5;
      return value;
    case 'object':
      if (value === null) {
        walk.size += 4;
        return null;
      }
      return cloneContainer(value, previous, walk);
    case 'bigint':
      return fail(walk, 'UNSUPPORTED_TYPE', 'a BigInt');
    case 'symbol':
      return fail(walk, 'UNSUPPORTED_TYPE', 'a symbol');
    case 'function':
      return fail(walk, 'UNSUPPORTED_TYPE', 'a function');
    default:
      return fail(walk, 'BAD_VALUE', 'undefined');
  }
}

function isExotic(value: object): boolean {
  return (
    value instanceof Map || value instanceof Set || value instanceof WeakMap || value instanceof WeakSet ||
    value instanceof RegExp || value instanceof Promise || ArrayBuffer.isView(value) || value instanceof ArrayBuffer
  );
}

const NOT_BOXED = Symbol('not boxed');
const toTag = Object.prototype.toString;

/** The primitive inside a Number, String or Boolean object (any realm), else NOT_BOXED. */
function unboxPrimitive(value: object): unknown {
  try {
    switch (toTag.call(value)) {
      case '[object Number]': return Number.prototype.valueOf.call(value);
      case '[object String]': return String.prototype.valueOf.call(value);
      case '[object Boolean]': return Boolean.prototype.valueOf.call(value);
      default: return NOT_BOXED;
    }
  } catch {
    return NOT_BOXED; // a Symbol.toStringTag that lies: an ordinary object
  }
}

function cloneContainer(value: object, previous: unknown, walk: Walk): unknown {
  // The view's own subtree handed back in place (`{ ...snapshot.user, name }` keeps
  // user.profile): frozen, so nobody changed it since it was validated; share it without a
  // walk. Only snapshots hand out view nodes, always frozen; what `get` returns is a
  // mutable copy, never === a view node, so a copy changed in place is always walked.
  if (value === previous && Object.isFrozen(value)) return value;
  const stack = walk.stack;
  for (let i = 0; i < stack.length; i++) if (stack[i] === value) fail(walk, 'CYCLE', 'a circular reference');
  if (stack.length >= walk.depthBudget) {
    throw new StateLimitError('TOO_DEEP', `value for ${describeKey(walk.key)} is nested deeper than ${MAX_DEPTH} (path included)`, walk.key);
  }
  // Plain objects and arrays take the fast path; anything with another prototype is
  // checked for toJSON (Dates) and for types JSON would silently mangle.
  const isArray = Array.isArray(value);
  if (!isArray) {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      // `new Number(5)`, `new String('ab')`, `new Boolean(false)`: JSON writes the primitive,
      // so the view stores it too (copying their members would give {} or {"0":"a",...}).
      const boxed = unboxPrimitive(value);
      if (boxed !== NOT_BOXED) return cloneNode(boxed, previous, walk);
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') {
        stack.push(value);
        const converted = cloneNode(toJSON.call(value, walk.key), previous, walk);
        stack.pop();
        return converted;
      }
      if (isExotic(value)) fail(walk, 'UNSUPPORTED_TYPE', `a ${value.constructor?.name ?? 'special object'}`);
    }
  }
  stack.push(value);
  const out = isArray ? cloneArray(value as unknown[], previous, walk) : cloneObject(value, previous, walk);
  stack.pop();
  return out;
}

/**
 * A member or element: primitives are handled inline (most of a value), containers recurse.
 * `at` is the member name or index, pushed on the path only when it is needed.
 */
function cloneChild(item: unknown, previous: unknown, walk: Walk, at: string | number): unknown {
  switch (typeof item) {
    case 'string':
      if (!isWellFormed(item)) break; // cloneNode below throws with the path
      walk.size += item.length + 2;
      return item;
    case 'number':
      if (Number.isFinite(item)) {
        walk.size += 8;
        return item === 0 ? 0 : item;
      }
      break;
    case 'boolean':
      walk.size += 5;
      return item;
    case 'object':
      if (item === null) {
        walk.size += 4;
        return null;
      }
      walk.path.push(at);
      {
        const child = cloneContainer(item, previous, walk);
        walk.path.pop();
        return child;
      }
    default:
      break;
  }
  walk.path.push(at);
  return cloneNode(item, previous, walk); // throws with the right message and path
}

function cloneArray(value: unknown[], previous: unknown, walk: Walk): unknown {
  const prev = Array.isArray(previous) ? previous : null;
  let same = prev !== null && prev.length === value.length;
  const out = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    // JSON would turn a hole or undefined into null: a silent change, so refuse it.
    if (item === undefined) {
      walk.path.push(i);
      fail(walk, 'BAD_VALUE', 'undefined (or a hole)');
    }
    const child = cloneChild(item, prev === null ? undefined : prev[i], walk, i);
    out[i] = child;
    if (same && prev![i] !== child) same = false;
  }
  walk.size += value.length;
  return same ? prev : out;
}

function cloneObject(value: object, previous: unknown, walk: Walk): unknown {
  const prev = previous !== null && typeof previous === 'object' && !Array.isArray(previous)
    ? (previous as Record<string, unknown>) : null;
  const out: Record<string, unknown> = {};
  let count = 0;
  let same = prev !== null;
  const source = value as Record<string, unknown>;
  const names = Object.keys(source);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (isForbiddenName(name)) {
      const where = walk.path.length === 0 ? 'the top' : walk.path.join('.');
      walk.report(new StateValidationError('FORBIDDEN_KEY', `dropped member ${JSON.stringify(name)} at ${where} of key ${describeKey(walk.key)}`, walk.key));
      continue;
    }
    if (!isWellFormed(name)) fail(walk, 'BAD_VALUE', `member name ${JSON.stringify(name)} (a lone UTF-16 surrogate)`);
    const item = source[name];
    // Members holding undefined vanish in JSON and read back as undefined: no change.
    if (item === undefined) continue;
    const child = cloneChild(item, prev === null ? undefined : prev[name], walk, name);
    out[name] = child;
    count++;
    walk.size += name.length + 4;
    if (same && (prev![name] !== child || !Object.prototype.hasOwnProperty.call(prev, name))) same = false;
  }
  if (same && Object.keys(prev!).length === count) return prev;
  return out;
}

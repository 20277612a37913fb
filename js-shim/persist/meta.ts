/**
 * Reading the metadata entry `${prefix}#meta:${key}` that the core writes beside each value:
 * `{"v":schemaVersion,"c":[wall,counter,origin],"h":hash}`. The core encodes it and decides
 * merges; the shim only needs two facts from it without a crossing: which schema version
 * the value was written under (for `migrate`), and whether the entry already in storage was
 * written by a later clock than ours (so a tab never overwrites the converged winner with an
 * older value). The clock order is the core's total order: wall, then counter, then origin.
 */
import { DEFAULT_MAX_FUTURE_MS, MAX_CLOCK_COUNTER } from '../internal/core-limits.js';

export type MetaClock = readonly [wall: number, counter: number, origin: string];

export interface ParsedMeta {
  version: number;
  clock: MetaClock;
  hash: unknown;
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** The metadata fields, or null for text that is not metadata this package wrote. */
export function parseMeta(text: string): ParsedMeta | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const { v, c, h } = raw as { v?: unknown; c?: unknown; h?: unknown };
  if (!isCount(v) || !Array.isArray(c) || c.length !== 3) return null;
  const [wall, counter, origin] = c as unknown[];
  if (!isCount(wall) || !isCount(counter) || typeof origin !== 'string') return null;
  return { version: v, clock: [wall, counter, origin], hash: h };
}

/** Byte order of UTF-8 equals code point order; compare by code points, not UTF-16 units. */
function compareOrigins(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** <0 when a is older than b, 0 when equal, >0 when newer. */
export function compareClocks(a: MetaClock, b: MetaClock): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return compareOrigins(a[2], b[2]);
}


/**
 * Whether the core would accept this clock from another tab now. Metadata dated further
 * ahead (a tab with a wrong clock, a hand edit) names a write that no tab will ever merge,
 * so it must not count as "a later write is already stored".
 */
export function isCredibleClock(clock: MetaClock, nowMs: number): boolean {
  return clock[0] <= nowMs + DEFAULT_MAX_FUTURE_MS && clock[1] <= MAX_CLOCK_COUNTER;
}

/**
 * Metadata of ours whose clock counter is past what a JS number holds exactly: written by an
 * earlier version after a remote op poisoned its clock. The value is good; the core drops
 * the clock when it loads the entry (reported) and the pair is rewritten.
 */
export function hasOverflowedCounter(text: string): boolean {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const { v, c } = raw as { v?: unknown; c?: unknown };
  if (typeof v !== 'number' || !Array.isArray(c) || c.length !== 3) return false;
  return typeof c[0] === 'number' && Number.isSafeInteger(c[0]) && typeof c[1] === 'number' && c[1] > Number.MAX_SAFE_INTEGER && typeof c[2] === 'string';
}

/**
 * Legacy StateChangeEvents (from tabs still on UniversalStateManager, channel
 * 'mfe-state-sync') turned into protocol-v2 ops messages, so the core merges them by the
 * same rules as everything else. Every new tab that receives the same event must build the
 * same op, or the tabs would diverge: the clock is derived from the event and its place in
 * the sender's stream ([timestamp, arrival index * 2^20 + hash of key/source/value, 'legacy']).
 * The legacy manager applies events in arrival order, so two events for one key in the same
 * millisecond must end on the later one: the arrival index (how many events for that key
 * and millisecond came before) orders them, and the hash only separates distinct events.
 * A channel delivers one sender's events in order, so every tab derives the same indexes.
 */
import type { ErrorReporter } from '../types.js';
import { checkKey, cloneForState } from '../internal/validate.js';
import { StateValidationError } from '../errors.js';

/** The origin id legacy events are merged under (a new manager's origin is a UUID). */
export const LEGACY_ORIGIN = 'legacy';
const MAX_SOURCE = 256;

/** 20-bit FNV-1a: distinct events of one millisecond get distinct clocks, deterministically. */
function hash20(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & 0xfffff;
}

/** Index bound: the counter stays under the core's clock counter bound (2^32). */
const MAX_ARRIVAL_INDEX = 4095;
const TRACKED_KEYS = 1024;

/** Per key, the millisecond of its last legacy event and how many arrived in it. */
export class LegacyArrivals {
  private readonly seen = new Map<string, { wall: number; count: number }>();

  /** The arrival index of an event for `key` stamped `wall` (0 for the first of its ms). */
  next(key: string, wall: number): number {
    const last = this.seen.get(key);
    const index = last !== undefined && last.wall === wall ? last.count : 0;
    this.seen.delete(key);
    this.seen.set(key, { wall, count: index + 1 });
    if (this.seen.size > TRACKED_KEYS) this.seen.delete(this.seen.keys().next().value as string);
    return Math.min(index, MAX_ARRIVAL_INDEX);
  }
}

/**
 * The v2 message for one legacy event, or null when the event is malformed (reported).
 * A value of `undefined` (legacy delete and clear) becomes a delete.
 *
 * @example
 * const text = encodeLegacyEvent({ key: 'theme', value: 'dark', source: 'settings', timestamp: Date.now() }, console.warn);
 * if (text !== null) host.applyRemoteMessage(text);
 */
export function encodeLegacyEvent(data: unknown, report: ErrorReporter, arrivals?: LegacyArrivals): string | null {
  const bad = (why: string): null => {
    report(new StateValidationError('BAD_MESSAGE', `dropped a legacy cross-tab event: ${why}`));
    return null;
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return bad('not an object');
  const event = data as Record<string, unknown>;
  const key = event.key;
  try {
    if (!checkKey(key)) return bad(`forbidden key ${JSON.stringify(key)}`);
  } catch (error) {
    return bad((error as Error).message);
  }
  const timestamp = event.timestamp;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp < 0) return bad(`bad timestamp for "${key}"`);
  const source = typeof event.source === 'string' ? event.source.slice(0, MAX_SOURCE) : 'unknown';
  const wall = Math.floor(timestamp);
  let op: Record<string, unknown>;
  // Computed after validation, so a dropped event takes no index.
  const counter = (hash: number): number => (arrivals === undefined ? 0 : arrivals.next(key as string, wall)) * 0x100000 + hash;
  if (event.value === undefined) {
    op = { c: [wall, counter(hash20(`${key}\u0000${source}\u0000-`)), LEGACY_ORIGIN], d: 1, k: key, p: [], s: source };
  } else {
    let value: unknown;
    try {
      value = cloneForState(key, event.value, undefined, report);
    } catch (error) {
      return bad((error as Error).message);
    }
    const valueText = JSON.stringify(value);
    op = { c: [wall, counter(hash20(`${key}\u0000${source}\u0000${valueText}`)), LEGACY_ORIGIN], d: 0, k: key, p: [], s: source, v: value };
  }
  return JSON.stringify({ t: 'ops', v: 2, o: LEGACY_ORIGIN, ops: [op] });
}

/**
 * Merging the bucket's entries in a few core calls instead of one per key. A device that
 * starts cold (or reconnects) reads the latest entry of every key; merged one by one, each
 * entry is its own crossing into the core, its own flush and its own round of listener
 * notifications, which dominates the catch-up. The entries are protocol-v2 state messages,
 * and the core merges any set of ops in any grouping to the same result, so the ops of many
 * checked entries can travel in one state message.
 *
 * One entry must never spoil the others, so only entries whose ops reach the core exactly as
 * they were written go into a combined message: the text is what JSON.stringify gives back
 * for its own parse (no duplicate member names, no number that would be rewritten), holds no
 * lone-surrogate escape and is nested well within the core's depth limit (both of which the
 * core refuses for the whole message, not for one op). Any other entry is merged on its own,
 * exactly as before, so the core still decides about it and reports it by itself.
 */
import { MAX_DEPTH, MAX_MESSAGE_BYTES } from '../internal/core-limits.js';

/** A surrogate written as an escape: JSON.stringify writes one only when it is unpaired. */
const SURROGATE_ESCAPE = /\\u[dD][89abcdefABCDEF]/;

/** Whether `value` nests containers deeper than `limit` levels (counting itself). */
function deeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit <= 0) return true;
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  for (const child of children) if (deeperThan(child, limit - 1)) return true;
  return false;
}

/**
 * The ops of a checked entry as text to splice into a combined message, or null when the
 * entry must be merged on its own. `message` is the entry's parse, `ops` its ops array.
 */
export function batchableOps(text: string, message: unknown, ops: readonly unknown[]): string | null {
  if (ops.length === 0 || SURROGATE_ESCAPE.test(text)) return null;
  // The message and its ops array are two levels above each op; leave the core a margin.
  for (const op of ops) if (deeperThan(op, MAX_DEPTH - 2)) return null;
  if (JSON.stringify(message) !== text) return null;
  return JSON.stringify(ops).slice(1, -1);
}

/** Characters per combined message: far under the core's byte limit for state messages. */
export const BATCH_CHARS = MAX_MESSAGE_BYTES;

/** Gathers entries' ops and hands out combined state messages of at most BATCH_CHARS. */
export class EntryBatch {
  private parts: string[] = [];
  private chars = 0;
  private readonly head: string;

  constructor(origin: string, private readonly send: (text: string) => void) {
    this.head = `{"t":"state","v":2,"o":${JSON.stringify(origin)},"ops":[`;
  }

  get size(): number {
    return this.parts.length;
  }

  add(opsText: string): void {
    if (this.chars + opsText.length + 1 > BATCH_CHARS - this.head.length - 2) this.flush();
    this.parts.push(opsText);
    this.chars += opsText.length + 1;
  }

  /** Sends what was gathered as one state message (nothing when empty). */
  flush(): void {
    if (this.parts.length === 0) return;
    const text = `${this.head}${this.parts.join(',')}]}`;
    this.parts = [];
    this.chars = 0;
    this.send(text);
  }
}

/**
 * The metadata stored beside each persisted value (`{"v":schema,"c":[wall,counter,origin],
 * "h":hash}`), read in JS and handed to the core decoded: the core has no JSON reader. The
 * checks are those the core's decodeMeta made; anything they refuse is "unreadable", which
 * the core reports (BAD_META) and repairs, exactly as before.
 */
import type { BinaryWriter } from './binary-writer.js';
import { asWellFormed, scanJson, utf8Length } from './json-scan.js';
import { readClock } from './text-message.js';

/** Longest metadata text the core ever read, in UTF-8 bytes; longer is unreadable. */
const MAX_META_BYTES = 4096;
const META_DEPTH = 4;

export interface DecodedMeta {
  version: number;
  wall: number;
  counter: number;
  origin: string;
  hash: string;
}

/** The decoded metadata, or null when the core's reader would have found it unreadable. */
export function decodeMetaText(input: string): DecodedMeta | null {
  if (input.length > MAX_META_BYTES) return null;
  const text = asWellFormed(input);
  if (utf8Length(text) > MAX_META_BYTES || scanJson(text, META_DEPTH, true) !== null) return null;
  const root: unknown = JSON.parse(text);
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return null;
  const m = root as Record<string, unknown>;
  const own = (name: string): unknown => (Object.prototype.hasOwnProperty.call(m, name) ? m[name] : undefined);
  const v = own('v');
  const clock = readClock(own('c'));
  const h = own('h');
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > 1e9 || clock === null) return null;
  if (typeof h !== 'string' || utf8Length(h) !== 16) return null;
  return { version: v, wall: clock.wall, counter: clock.counter, origin: clock.origin, hash: h };
}

/** Writes the metadata in the binary form the core reads (src/core_binary.h, decodeStoredMeta). */
export function writeStoredMeta(w: BinaryWriter, metaText: string | null): void {
  if (metaText === null) {
    w.u8(0);
    return;
  }
  const meta = decodeMetaText(metaText);
  if (meta === null) {
    w.u8(1);
    return;
  }
  w.u8(2);
  w.varint(meta.version);
  w.f64(meta.wall);
  w.f64(meta.counter);
  w.string(meta.origin);
  w.string(meta.hash);
}

/**
 * Writes values in the core's binary form (layout: src/binary.h; batch framing:
 * src/core_binary.h) straight into the wasm input buffer: no JSON text, no intermediate
 * copy. The values are the shim's own validated copies, so the walk does no checking of its
 * own beyond what keeps it safe on anything else: a non-finite number is written as such and
 * a lone surrogate as invalid UTF-8, both of which the core refuses (BAD_JSON), and the walk
 * stops descending past the depth limit (a cycle), leaving the core to refuse that too.
 */
import { isWellFormed } from '../internal/validate.js';
import { MAX_DEPTH, MAX_VALUE_BYTES } from '../internal/core-limits.js';

/** What the writer needs of the emscripten module (memory and the input buffer). */
export interface InputMemory {
  readonly HEAPU8: Uint8Array;
  /** Grows the input buffer to at least `bytes`, keeping its contents; returns its address. */
  _reserve(bytes: number): number;
}

import { TAG_ARRAY, TAG_FALSE, TAG_FLOAT64, TAG_INT32, TAG_NULL, TAG_OBJECT, TAG_STR32, TAG_STR8, TAG_TRUE } from './binary-tags.js';
/** Not a tag: makes the core refuse what JSON cannot hold (undefined, functions, symbols). */
const TAG_NONE = 0xff;

/**
 * Thrown (and caught by the wrapper) when one value is certainly over the core's 1 MiB of
 * JSON before it is even written: a string longer than that many UTF-16 units. Copying
 * hundreds of MB into wasm memory could fail to grow it, which aborts the module.
 */
export class ValueTooLarge extends Error {
  /** The op of the batch whose value it was (set by the batch writer). */
  opIndex = 0;
}

/** A string this short fits the one-byte length even at 3 UTF-8 bytes per UTF-16 unit. */
const SHORT_UNITS = 85;

export class BinaryWriter {
  private readonly encoder = new TextEncoder();
  private readonly f64Value = new Float64Array(1);
  private readonly f64Bytes = new Uint8Array(this.f64Value.buffer);
  private heap: Uint8Array;
  private base = 0;
  private cap = 0;
  /** Bytes written since begin(). */
  pos = 0;

  constructor(private readonly mem: InputMemory) {
    this.heap = mem.HEAPU8;
  }

  /** Starts writing at the beginning of the input buffer. */
  begin(expected = 4096): void {
    this.pos = 0;
    this.cap = 0;
    this.ensure(expected);
  }

  /** Makes room for `n` more bytes (memory may grow: the heap view is taken again). */
  private ensure(n: number): void {
    if (this.pos + n <= this.cap) return;
    const want = Math.max(this.pos + n, this.cap * 2, 4096);
    this.base = this.mem._reserve(want);
    this.heap = this.mem.HEAPU8;
    this.cap = want;
  }

  u8(b: number): void {
    this.ensure(1);
    this.heap[this.base + this.pos++] = b;
  }

  private u32At(at: number, v: number): void {
    const h = this.heap;
    h[at] = v;
    h[at + 1] = v >>> 8;
    h[at + 2] = v >>> 16;
    h[at + 3] = v >>> 24;
  }

  varint(v: number): void {
    this.ensure(5);
    const h = this.heap;
    let p = this.base + this.pos;
    while (v >= 0x80) {
      h[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    h[p++] = v;
    this.pos = p - this.base;
  }

  int32(v: number): void {
    this.ensure(5);
    const at = this.base + this.pos;
    this.heap[at] = TAG_INT32;
    this.u32At(at + 1, v);
    this.pos += 5;
  }

  number(v: number): void {
    if ((v | 0) === v) {
      this.int32(v); // -0 | 0 is 0: written as 0, as JSON.stringify writes it
      return;
    }
    this.ensure(9);
    this.f64Value[0] = v;
    const at = this.base + this.pos;
    this.heap[at] = TAG_FLOAT64;
    this.heap.set(this.f64Bytes, at + 1);
    this.pos += 9;
  }

  /** An untagged little-endian float64 (clocks in messages and metadata). */
  f64(v: number): void {
    this.ensure(8);
    this.f64Value[0] = v;
    this.heap.set(this.f64Bytes, this.base + this.pos);
    this.pos += 8;
  }

  /** Raw bytes (a message that is already encoded). */
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.heap.set(b, this.base + this.pos);
    this.pos += b.length;
  }

  /** Untagged UTF-8 text (framing the caller knows the length of); returns its byte length. */
  raw(s: string): number {
    this.ensure(s.length * 3);
    const at = this.base + this.pos;
    const written = this.encoder.encodeInto(s, this.heap.subarray(at, at + s.length * 3)).written;
    this.pos += written;
    return written;
  }

  /**
   * A tagged UTF-8 string; ASCII is copied unit by unit (cheaper than the encoder for short
   * text). `maxUnits`: longer is refused before anything is copied (text that already crossed
   * a message's size check passes a larger bound).
   */
  string(s: string, maxUnits = MAX_VALUE_BYTES): void {
    const n = s.length;
    if (n > maxUnits) throw new ValueTooLarge('value over 1 MiB');
    const short = n <= SHORT_UNITS;
    const head = short ? 2 : 5;
    this.ensure(head + n * 3);
    const h = this.heap;
    const start = this.base + this.pos;
    const body = start + head;
    let i = 0;
    if (n <= 256) {
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        h[body + i] = c;
      }
    }
    let len = i;
    if (i < n) {
      if (isWellFormed(s)) {
        len = this.encoder.encodeInto(s, h.subarray(body, body + n * 3)).written;
      } else {
        h[body] = 0xff; // never valid UTF-8: the core refuses the value
        len = 1;
      }
    }
    if (short) {
      h[start] = TAG_STR8;
      h[start + 1] = len;
    } else {
      h[start] = TAG_STR32;
      this.u32At(start + 1, len);
    }
    this.pos += head + len;
  }

  /** A value as JSON.stringify would see it (members that are undefined or functions skipped). */
  value(v: unknown, depth = 0): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
        this.number(v);
        return;
      case 'boolean':
        this.u8(v ? TAG_TRUE : TAG_FALSE);
        return;
      case 'object':
        break;
      default:
        this.u8(TAG_NONE);
        return;
    }
    if (v === null) {
      this.u8(TAG_NULL);
      return;
    }
    if (depth > MAX_DEPTH) {
      this.u8(TAG_ARRAY); // deeper than the core ever accepts: it refuses with TOO_DEEP
      this.varint(0);
      return;
    }
    if (Array.isArray(v)) {
      this.u8(TAG_ARRAY);
      this.varint(v.length);
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        const t = typeof item;
        if (t === 'undefined' || t === 'function' || t === 'symbol') this.u8(TAG_NULL);
        else this.value(item, depth + 1);
      }
      return;
    }
    const o = v as Record<string, unknown>;
    const names = Object.keys(o);
    this.u8(TAG_OBJECT);
    const countAt = this.pos;
    this.varint(names.length);
    let skipped = 0;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const item = o[name];
      const t = typeof item;
      if (t === 'undefined' || t === 'function' || t === 'symbol') {
        skipped++;
        continue;
      }
      this.string(name);
      this.value(item, depth + 1);
    }
    if (skipped > 0) this.patchCount(countAt, names.length, names.length - skipped);
  }

  /** Rewrites a varint count in place (the new count is smaller, so it can only get shorter). */
  private patchCount(at: number, was: number, now: number): void {
    const wasLen = varintLength(was);
    const nowLen = varintLength(now);
    const h = this.heap;
    const p = this.base + at;
    if (nowLen < wasLen) h.copyWithin(p + nowLen, p + wasLen, this.base + this.pos);
    this.pos -= wasLen - nowLen;
    let v = now;
    let q = p;
    while (v >= 0x80) {
      h[q++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    h[q] = v;
  }

  /** A path: its length, then each segment as a tagged string or int32. */
  path(path: readonly (string | number)[]): void {
    this.varint(path.length);
    for (const seg of path) {
      if (typeof seg === 'string') this.string(seg);
      else if (Number.isInteger(seg) && seg >= 0 && seg <= 0x7fffffff) this.int32(seg);
      else this.u8(TAG_NONE); // the core refuses the segment (BAD_PATH)
    }
  }
}

function varintLength(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v >>>= 7;
    n++;
  }
  return n;
}

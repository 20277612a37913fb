/**
 * The JSON text form of a binary ops or state message, written in JS from the bytes the core
 * produced: what a tab of a build from before the binary form reads (it drops bytes). Written
 * here rather than asked of the core so that sending text never needs the core's JSON code.
 *
 * The output is the core's own text writer's, character for character (same member order,
 * same escapes, integers as integers, other numbers in the shortest form that reads back the
 * same double, exponents of at least two digits), so an older tab reads it exactly as it reads
 * the text of a tab of its own build. A message whose text would exceed the limit an older tab
 * enforces is cut into several messages that each stay below it; ops messages keep their
 * sequence number on every piece (a repeated number is harmless to the receiver's gap check).
 */
import { MAX_MESSAGE_BYTES, MAX_STATE_MESSAGE_BYTES } from '../internal/core-limits.js';
import { TAG_ARRAY, TAG_FALSE, TAG_FLOAT64, TAG_INT32, TAG_NULL, TAG_OBJECT, TAG_STR32, TAG_STR8, TAG_TRUE } from '../wasm/binary-tags.js';

const BINARY_MARK = 0xb2;
/** Integers below this are written as plain digits by the core (exactly representable). */
const EXACT_INT = 9007199254740992;

class Cursor {
  private readonly view: DataView;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  p = 0;
  constructor(private readonly b: Uint8Array) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  private need(n: number): void {
    if (this.p + n > this.b.length) throw new RangeError('binary message ended early');
  }
  u8(): number {
    this.need(1);
    return this.b[this.p++]!;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.p, true);
    this.p += 4;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.p, true);
    this.p += 8;
    return v;
  }
  varint(): number {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.u8();
      v += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return v;
    }
    throw new RangeError('binary message: varint too long');
  }
  textAfterTag(tag: number): string {
    const n = tag === TAG_STR8 ? this.u8() : tag === TAG_STR32 ? this.u32() : -1;
    if (n < 0) throw new RangeError(`binary message: expected a string, got tag ${tag}`);
    this.need(n);
    const s = this.decoder.decode(this.b.subarray(this.p, this.p + n));
    this.p += n;
    return s;
  }
  string(): string {
    return this.textAfterTag(this.u8());
  }
  get atEnd(): boolean {
    return this.p === this.b.length;
  }
}

/** A number as the core's JSON writer spells it. */
export function numberText(d: number): string {
  if (Math.abs(d) < EXACT_INT && Math.floor(d) === d) return d === 0 ? '0' : String(d);
  const s = String(d);
  const e = s.indexOf('e');
  if (e < 0) return s;
  // JS writes "1e-7" and "1e+21"; the core (like many C++ JSON writers) pads to two digits.
  const sign = s[e + 1]!;
  const digits = s.slice(e + 2);
  return `${s.slice(0, e)}e${sign}${digits.length < 2 ? `0${digits}` : digits}`;
}

function writeValue(c: Cursor, tag: number, out: string[]): void {
  switch (tag) {
    case TAG_NULL: out.push('null'); return;
    case TAG_FALSE: out.push('false'); return;
    case TAG_TRUE: out.push('true'); return;
    case TAG_INT32: out.push(String(c.u32() | 0)); return;
    case TAG_FLOAT64: out.push(numberText(c.f64())); return;
    case TAG_STR8:
    case TAG_STR32: out.push(JSON.stringify(c.textAfterTag(tag))); return;
    case TAG_ARRAY: {
      const n = c.varint();
      out.push('[');
      for (let i = 0; i < n; i++) {
        if (i > 0) out.push(',');
        writeValue(c, c.u8(), out);
      }
      out.push(']');
      return;
    }
    case TAG_OBJECT: {
      // Written member by member from the bytes, never through a JS object: an object would
      // move integer-like names to the front and so change the text the peer stores.
      const n = c.varint();
      out.push('{');
      for (let i = 0; i < n; i++) {
        if (i > 0) out.push(',');
        out.push(JSON.stringify(c.string()), ':');
        writeValue(c, c.u8(), out);
      }
      out.push('}');
      return;
    }
    default:
      throw new RangeError(`binary message: unknown value tag ${tag}`);
  }
}

function opText(c: Cursor): string {
  const out: string[] = [];
  const wall = c.f64();
  const counter = c.f64();
  const clockOrigin = c.string();
  const kind = c.u8();
  out.push('{"c":[', numberText(wall), ',', numberText(counter), ',', JSON.stringify(clockOrigin), '],"d":', String(kind));
  if (kind !== 2) {
    out.push(',"k":', JSON.stringify(c.string()), ',"p":[');
    const n = c.varint();
    for (let i = 0; i < n; i++) {
      if (i > 0) out.push(',');
      const tag = c.u8();
      out.push(tag === TAG_INT32 ? String(c.u32()) : JSON.stringify(c.textAfterTag(tag)));
    }
    out.push(']');
  }
  if (kind === 0) {
    out.push(',"v":');
    writeValue(c, c.u8(), out);
  }
  const source = c.string();
  const writer = c.string();
  if (source !== '') out.push(',"s":', JSON.stringify(source));
  if (writer !== '') out.push(',"w":', JSON.stringify(writer));
  out.push('}');
  return out.join('');
}

/** UTF-8 length of a string (what the peer's size limit counts). */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u < 0x80) continue;
    // 2 bytes below U+0800; each half of a surrogate pair counts 2 (4 for the pair); else 3.
    n += u < 0x800 || (u >= 0xd800 && u <= 0xdfff) ? 1 : 2;
  }
  return n;
}

/**
 * The text messages carrying what a binary ops or state message carries: one, unless its text
 * is over the size limit. Throws on bytes that are not a well-framed binary message (the
 * core's own output always is).
 */
export function binaryToText(message: Uint8Array | ArrayBuffer): string[] {
  const bytes = message instanceof Uint8Array ? message : new Uint8Array(message);
  const c = new Cursor(bytes);
  if (c.u8() !== BINARY_MARK) throw new RangeError('not a binary v2 message');
  const type = c.u8();
  if (type !== 0 && type !== 1) throw new RangeError(`binary message of unknown type ${type}`);
  const origin = c.string();
  const seq = c.varint();
  const count = c.varint();
  const head = type === 1 ? `{"t":"state","v":2,"o":${JSON.stringify(origin)},"ops":[` : `{"t":"ops","v":2,"o":${JSON.stringify(origin)},"s":${seq},"ops":[`;
  const limit = type === 1 ? MAX_STATE_MESSAGE_BYTES : MAX_MESSAGE_BYTES;
  const headBytes = utf8Length(head) + 2; // "]}"
  const messages: string[] = [];
  let ops: string[] = [];
  let size = headBytes;
  for (let i = 0; i < count; i++) {
    const op = opText(c);
    const opBytes = utf8Length(op);
    if (ops.length > 0 && size + 1 + opBytes > limit) {
      messages.push(`${head}${ops.join(',')}]}`);
      ops = [];
      size = headBytes;
    }
    size += opBytes + (ops.length > 0 ? 1 : 0);
    ops.push(op);
  }
  if (!c.atEnd) throw new RangeError('binary message: trailing bytes');
  messages.push(`${head}${ops.join(',')}]}`);
  return messages;
}

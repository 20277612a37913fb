/**
 * Reads the core's binary results (src/core_binary.h) and values (src/binary.h) out of wasm
 * memory into JS values. The core wrote them from its own validated trees, so this is a
 * plain walk; it still never lets a member name reach an object's prototype.
 */
import { TAG_ARRAY, TAG_FALSE, TAG_FLOAT64, TAG_INT32, TAG_NULL, TAG_OBJECT, TAG_STR32, TAG_STR8, TAG_TRUE } from './binary-tags.js';

export class BinaryReader {
  private readonly decoder = new TextDecoder();
  private readonly f64 = new Float64Array(1);
  private readonly f64Bytes = new Uint8Array(this.f64.buffer);
  private b: Uint8Array = new Uint8Array(0);
  private p = 0;
  private end = 0;

  /** Reads from `bytes[start, start + length)` (a view of wasm memory, valid until the next core call). */
  reset(bytes: Uint8Array, start: number, length: number): void {
    this.b = bytes;
    this.p = start;
    this.end = start + length;
  }

  get done(): boolean {
    return this.p >= this.end;
  }

  u8(): number {
    if (this.p >= this.end) throw new RangeError('core result ended early');
    return this.b[this.p++]!;
  }

  varint(): number {
    let v = 0;
    let shift = 0;
    for (;;) {
      const byte = this.u8();
      v += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return v;
      shift += 7;
    }
  }

  /** An untagged little-endian float64 (clocks in messages and metadata). */
  float64(): number {
    if (this.p + 8 > this.end) throw new RangeError('core result ended early');
    this.f64Bytes.set(this.b.subarray(this.p, this.p + 8));
    this.p += 8;
    return this.f64[0]!;
  }

  private u32(): number {
    const b = this.b;
    const p = this.p;
    if (p + 4 > this.end) throw new RangeError('core result ended early');
    this.p = p + 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + b[p + 3]! * 0x1000000;
  }

  private text(n: number): string {
    const b = this.b;
    const p = this.p;
    if (p + n > this.end) throw new RangeError('core result ended early');
    this.p = p + n;
    if (n <= 32) {
      // Short ASCII (keys, member names, labels): cheaper than a TextDecoder call.
      let ascii = true;
      for (let i = p; i < p + n; i++) if (b[i]! >= 0x80) { ascii = false; break; }
      if (ascii) return n === 0 ? '' : String.fromCharCode.apply(null, b.subarray(p, p + n) as unknown as number[]);
    }
    return this.decoder.decode(b.subarray(p, p + n));
  }

  /** A tagged string. */
  string(): string {
    const tag = this.u8();
    if (tag === TAG_STR8) return this.text(this.u8());
    if (tag === TAG_STR32) return this.text(this.u32());
    throw new RangeError(`core result: expected a string, got tag ${tag}`);
  }

  /** A tagged value. */
  value(): unknown {
    const tag = this.u8();
    switch (tag) {
      case TAG_NULL: return null;
      case TAG_FALSE: return false;
      case TAG_TRUE: return true;
      case TAG_INT32: return this.u32() | 0;
      case TAG_FLOAT64: return this.float64();
      case TAG_STR8: return this.text(this.u8());
      case TAG_STR32: return this.text(this.u32());
      case TAG_ARRAY: {
        const n = this.varint();
        const out = new Array<unknown>(n);
        for (let i = 0; i < n; i++) out[i] = this.value();
        return out;
      }
      case TAG_OBJECT: {
        const n = this.varint();
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const name = this.string();
          const v = this.value();
          // An own data property, as JSON.parse makes, even for a name an assignment would not create.
          if (name === '__proto__') Object.defineProperty(out, name, { value: v, enumerable: true, writable: true, configurable: true });
          else out[name] = v;
        }
        return out;
      }
      default:
        throw new RangeError(`core result: unknown value tag ${tag}`);
    }
  }

  /** A path: segment count, then tagged strings (members) and int32s (indexes). */
  path(): (string | number)[] {
    const n = this.varint();
    const out: (string | number)[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.value() as string | number;
    return out;
  }
}

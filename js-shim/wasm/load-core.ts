/**
 * Loads the wasm core once per realm and wraps its plain exports (bindings/bindings.cpp) in the typed
 * `CoreHandle` (docs/internals/contracts.md section 3). Everything crosses through one
 * shared buffer in wasm memory: batches, values, messages and metadata in the binary form
 * (binary-writer.ts in, binary-reader.ts out), keys as UTF-8 text. The core reads no JSON:
 * text messages and stored metadata are read here (text-message.ts, stored-meta.ts).
 *
 * @example
 *   const factory = await loadCore();
 *   const core = factory.create({ origin: 'tab-1' });
 *   core.applyLocal([{ kind: 'set', key: 'theme', path: [], value: 'dark' }], Date.now());
 */
import type {
  CoreChange,
  CoreFactory,
  CoreHandle,
  CoreOptions,
  CoreStatus,
  LoadResult,
  LocalOp,
  LocalResult,
  RemoteResult,
  V2Message,
} from './core-api.js';
import type { Path } from '../internal/path-subscription.js';
import { StateCoreError } from '../errors.js';
import { compileWasm, decodeBase64, NotWasmResponse, type WasmSource } from './wasm-source.js';
import { BinaryWriter, ValueTooLarge } from './binary-writer.js';
import { BinaryReader } from './binary-reader.js';
import { decodeTextMessage, type TextOp } from './text-message.js';
import { writeStoredMeta } from './stored-meta.js';
import { metaText } from './text-output.js';
import { binaryToText } from '../sync/text-form.js';
// A static import on purpose: the glue then downloads alongside the manager's own chunk,
// before any constructor runs, instead of being requested only once the core starts
// loading. Importing it only defines the factory; nothing runs until createModule().
import createModule from './generated/universal_state_core.mjs';

export type { WasmSource } from './wasm-source.js';
import { DEFAULT_MAX_FUTURE_MS, MAX_DEPTH, MAX_MESSAGE_BYTES, MAX_STATE_MESSAGE_BYTES, MAX_VALUE_BYTES } from '../internal/core-limits.js';
import { isForbiddenName } from './json-scan.js';

/** One core's calls, as the typed handle below makes them (bindings/bindings.cpp). */
interface RawCore {
  applyLocal(batchBytes: number, nowMs: number): number;
  takeOutbox(): number;
  encodeStateBinary(): number;
  applyRemote(bytes: number, nowMs: number): number;
  digest(): number;
  /** Every live key and its value as one binary object. */
  exportValues(): number;
  /** The binary value; -1: absent. */
  keyValue(keyBytes: number): number;
  /** The metadata fields in binary (text-output.ts reads them); -1: absent. */
  keyMeta(keyBytes: number): number;
  /** Key, binary value and binary metadata back to back (src/core_binary.h). */
  loadEntry(keyBytes: number, valueBytes: number, metaBytes: number, nowMs: number): number;
  snapshot(): number;
  restore(id: number, nowMs: number): number;
  releaseSnapshot(id: number): void;
  setAccessPolicy(namespaces: number): void;
  delete(): void;
}

/**
 * The module as the glue exposes it: plain wasm exports, a core being a pointer (a number).
 * Private: only this file sees it. Each export is read from the module at every call: the
 * glue first installs a forwarding wrapper that replaces itself with the wasm function on
 * its first call, so a reference kept from before would stay the slow wrapper.
 */
interface RawModule {
  HEAPU8: Uint8Array;
  _reserve(bytes: number): number;
  _outPtr(): number;
  _us_core_new(originBytes: number, maxFutureMs: number, schemaVersion: number): number;
  _us_core_delete(core: number): void;
  _us_apply_local(core: number, batchBytes: number, nowMs: number): number;
  _us_take_outbox(core: number): number;
  _us_apply_remote(core: number, bytes: number, nowMs: number): number;
  _us_encode_state_binary(core: number): number;
  _us_digest(core: number): number;
  _us_export_values(core: number): number;
  _us_key_value(core: number, keyBytes: number): number;
  _us_key_meta(core: number, keyBytes: number): number;
  _us_load_entry(core: number, keyBytes: number, valueBytes: number, metaBytes: number, nowMs: number): number;
  _us_snapshot(core: number): number;
  _us_restore(core: number, id: number, nowMs: number): number;
  _us_release_snapshot(core: number, id: number): void;
  _us_set_access_policy(core: number, namespaces: number): void;
}

/** A core in wasm memory; `delete()` frees it (after which the pointer is never used again). */
class WasmCorePointer implements RawCore {
  constructor(private readonly m: RawModule, private readonly p: number) {}
  applyLocal(batchBytes: number, nowMs: number): number { return this.m._us_apply_local(this.p, batchBytes, nowMs); }
  takeOutbox(): number { return this.m._us_take_outbox(this.p); }
  encodeStateBinary(): number { return this.m._us_encode_state_binary(this.p); }
  applyRemote(bytes: number, nowMs: number): number { return this.m._us_apply_remote(this.p, bytes, nowMs); }
  digest(): number { return this.m._us_digest(this.p); }
  exportValues(): number { return this.m._us_export_values(this.p); }
  keyValue(keyBytes: number): number { return this.m._us_key_value(this.p, keyBytes); }
  keyMeta(keyBytes: number): number { return this.m._us_key_meta(this.p, keyBytes); }
  loadEntry(keyBytes: number, valueBytes: number, metaBytes: number, nowMs: number): number {
    return this.m._us_load_entry(this.p, keyBytes, valueBytes, metaBytes, nowMs);
  }
  snapshot(): number { return this.m._us_snapshot(this.p); }
  restore(id: number, nowMs: number): number { return this.m._us_restore(this.p, id, nowMs); }
  releaseSnapshot(id: number): void { this.m._us_release_snapshot(this.p, id); }
  setAccessPolicy(namespaces: number): void { this.m._us_set_access_policy(this.p, namespaces); }
  delete(): void { this.m._us_core_delete(this.p); }
}

export interface LoadCoreOptions {
  /** The .wasm bytes, when the caller already has them (tests). Same as `wasm` with bytes. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where the .wasm comes from instead of the package's own file (see WasmSource). */
  wasm?: WasmSource;
}

const KIND = { set: 0, delete: 1, clear: 2 } as const;

/**
 * Inputs longer than this many UTF-16 units are refused before crossing: each unit is at
 * least one UTF-8 byte, so the core would refuse them anyway, and copying hundreds of MB
 * into wasm memory could fail to grow it, which aborts the module.
 */
const MAX_VALUE_UNITS = MAX_VALUE_BYTES;
const MAX_MESSAGE_UNITS = MAX_STATE_MESSAGE_BYTES; // ops messages: 4 MiB, checked by the core
const MAX_KEY_UNITS = 4096;

/** Moves strings in and out of wasm memory. One per module instance. */
class TextChannel {
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  constructor(private readonly mod: RawModule) {}

  /** Writes the strings back to back at the start of the input buffer; returns byte lengths. */
  write(parts: readonly string[]): number[] {
    let bound = 0;
    for (const p of parts) bound += p.length * 3; // UTF-8 never needs more than 3 bytes per UTF-16 unit
    const ptr = this.mod._reserve(bound + 16);
    const heap = this.mod.HEAPU8; // read after _reserve: memory may have grown
    const lengths: number[] = [];
    let off = 0;
    for (const p of parts) {
      const { written } = this.encoder.encodeInto(p, heap.subarray(ptr + off, ptr + bound + 16));
      lengths.push(written);
      off += written;
    }
    return lengths;
  }

  /** Appends one string after `offset` bytes already in the buffer (kept by _reserve). */
  append(offset: number, text: string): number {
    const ptr = this.mod._reserve(offset + text.length * 3 + 16);
    const heap = this.mod.HEAPU8;
    return this.encoder.encodeInto(text, heap.subarray(ptr + offset, ptr + offset + text.length * 3 + 16)).written;
  }

  read(length: number): string {
    const ptr = this.mod._outPtr();
    return this.decoder.decode(this.mod.HEAPU8.subarray(ptr, ptr + length));
  }
}

/** Values in and results out in the binary form. One per module instance. */
class BinaryIo {
  readonly writer: BinaryWriter;
  private readonly reader = new BinaryReader();
  constructor(private readonly mod: RawModule) {
    this.writer = new BinaryWriter(mod);
  }

  /** A copy of the `length`-byte output the core just wrote (a message that outlives the call). */
  copy(length: number): Uint8Array {
    const ptr = this.mod._outPtr();
    return this.mod.HEAPU8.slice(ptr, ptr + length);
  }

  /** Decodes the load result the core just wrote: u8 ok, u8 repaired, u8 hasError, [status]. */
  readLoad(length: number): LoadResult {
    const r = this.reader;
    r.reset(this.mod.HEAPU8, this.mod._outPtr(), length);
    const out: LoadResult = { ok: r.u8() === 1, repaired: r.u8() === 1 };
    if (r.u8() === 1) out.error = readStatus(r);
    return out;
  }

  /** A reader over the `length` bytes the core just wrote. */
  output(length: number): BinaryReader {
    this.reader.reset(this.mod.HEAPU8, this.mod._outPtr(), length);
    return this.reader;
  }

  /** Decodes the `length`-byte binary result the core just wrote. */
  read(length: number, sent?: readonly LocalOp[]): ReturnType<typeof readResult> {
    this.reader.reset(this.mod.HEAPU8, this.mod._outPtr(), length);
    return readResult(this.reader, sent);
  }
}

/** A status as the binary results carry it: code name, message, opIndex + 1 (0: none). */
function readStatus(r: BinaryReader): CoreStatus {
  const s: CoreStatus = { code: r.string(), message: r.string() };
  const index = r.varint() - 1;
  if (index >= 0) s.opIndex = index;
  return s;
}

/**
 * Decodes a binary result (src/core_binary.h). A change that is exactly op #i of `sent`
 * comes back as that index: its value is the very value the caller passed.
 */
function readResult(r: BinaryReader, sent?: readonly LocalOp[]): { ok: boolean; error?: CoreStatus; changes: CoreChange[]; dropped: CoreStatus[] } {
  const ok = r.u8() === 1;
  const error = ok ? undefined : readStatus(r);
  const n = r.varint();
  const changes: CoreChange[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const kind = r.u8();
    if (kind === 2) {
      const op = sent![r.varint()] as LocalOp & { kind: 'set' };
      const c: CoreChange = { key: op.key, path: op.path, deleted: false, value: op.value };
      if (op.source) c.source = op.source;
      if (op.writer) c.writer = op.writer;
      changes[i] = c;
      continue;
    }
    const c: CoreChange = { key: r.string(), path: r.path() as Path, deleted: kind === 1 };
    if (kind === 0) c.value = r.value();
    const source = r.string();
    const writer = r.string();
    if (source) c.source = source;
    if (writer) c.writer = writer;
    changes[i] = c;
  }
  const d = r.varint();
  const dropped: CoreStatus[] = new Array(d);
  for (let i = 0; i < d; i++) dropped[i] = readStatus(r);
  const out: { ok: boolean; error?: CoreStatus; changes: CoreChange[]; dropped: CoreStatus[] } = { ok, changes, dropped };
  if (error) out.error = error;
  return out;
}

/** First byte of a binary v2 message (kBinaryMessageMark, src/codec_binary.h). */
const BINARY_MESSAGE_MARK = 0xb2;

/**
 * One op of a text message in the binary layout (src/codec_binary.h). A value too large to
 * write is refused here with the status the core gives it (its path is already checked).
 */
function writeTextOp(w: BinaryWriter, op: TextOp): CoreStatus | null {
  w.f64(op.wall);
  w.f64(op.counter);
  w.string(op.clockOrigin);
  w.u8(op.kind);
  if (op.kind !== 2) {
    w.string(op.key);
    // The core's text reader put no length on a path segment: one of any length within the
    // message's own limit is written, not refused.
    w.varint(op.path.length);
    for (const seg of op.path) {
      if (typeof seg === 'string') w.string(seg, Infinity);
      else w.int32(seg);
    }
  }
  if (op.kind === 0) {
    try {
      w.value(op.value);
    } catch (error) {
      if (!(error instanceof ValueTooLarge)) throw error;
      // The core walks the whole value before it weighs it: a fault inside comes first.
      const fault = treeFault(op.value, MAX_DEPTH - op.path.length);
      if (fault) return { ...fault, opIndex: op.index };
      return { code: 'TOO_LARGE', message: 'value over 1 MiB', opIndex: op.index };
    }
  }
  w.string(op.source);
  w.string(op.writer);
  return null;
}

/** The first depth or member-name fault of a value, in the order the core's walk meets them. */
function treeFault(v: unknown, budget: number): CoreStatus | null {
  if (typeof v !== 'object' || v === null) return null;
  if (budget === 0) return { code: 'TOO_DEEP', message: 'value nested too deeply' };
  const o = v as Record<string, unknown>;
  for (const name of Object.keys(o)) {
    if (!Array.isArray(v) && isForbiddenName(name)) return { code: 'FORBIDDEN_KEY', message: `forbidden member name: ${name}` };
    const fault = treeFault(o[name], budget - 1);
    if (fault) return fault;
  }
  return null;
}

/** Values, keys and labels of a batch in the binary framing of src/core_binary.h. */
function writeBatch(w: BinaryWriter, ops: readonly LocalOp[]): void {
  w.begin();
  w.varint(ops.length);
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    try {
      w.u8(KIND[op.kind]);
      if (op.kind !== 'clear') {
        w.string(op.key);
        w.path(op.path);
      }
      w.string(op.source ?? '');
      w.string(op.writer ?? '');
      if (op.kind === 'set') w.value(op.value);
    } catch (error) {
      if (error instanceof ValueTooLarge) error.opIndex = i;
      throw error;
    }
  }
}

class WasmCoreHandle implements CoreHandle {
  readonly origin: string;
  private raw: RawCore | null;

  constructor(private readonly io: TextChannel, private readonly bin: BinaryIo, mod: RawModule, options: CoreOptions) {
    this.origin = options.origin;
    const [originBytes] = io.write([options.origin]);
    this.raw = new WasmCorePointer(mod, mod._us_core_new(originBytes, options.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS, options.schemaVersion ?? 1));
  }

  private core(): RawCore {
    if (!this.raw) throw new Error('CoreHandle used after dispose()');
    return this.raw;
  }

  applyLocal(ops: readonly LocalOp[], nowMs: number): LocalResult {
    const core = this.core();
    if (ops.length === 0) return { ok: true, changes: [] };
    try {
      writeBatch(this.bin.writer, ops);
    } catch (error) {
      if (!(error instanceof ValueTooLarge)) throw error;
      const op = ops[error.opIndex];
      const key = op !== undefined && op.kind !== 'clear' ? op.key : '';
      return { ok: false, changes: [], error: { code: 'TOO_LARGE', message: `value over 1 MiB: ${key}`, opIndex: error.opIndex } };
    }
    const n = core.applyLocal(this.bin.writer.pos, nowMs);
    const { ok, error, changes } = this.bin.read(n, ops);
    const r: LocalResult = { ok, changes };
    if (error) r.error = error;
    return r;
  }

  takeOutbox(): Uint8Array | null {
    const n = this.core().takeOutbox();
    return n < 0 ? null : this.bin.copy(n);
  }

  encodeStateBinary(): Uint8Array {
    return this.bin.copy(this.core().encodeStateBinary());
  }

  applyRemote(message: V2Message | ArrayBuffer, nowMs: number): RemoteResult {
    const core = this.core();
    const data = message instanceof ArrayBuffer ? new Uint8Array(message) : message;
    if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
      return { changes: [], dropped: [{ code: 'BAD_MESSAGE', message: 'message is neither text nor bytes' }] };
    }
    if (data.length > MAX_MESSAGE_UNITS) {
      return { changes: [], dropped: [{ code: 'TOO_LARGE', message: 'message over the size limit' }] };
    }
    // Bytes without the binary mark are JSON text as UTF-8 (the core read them so before).
    if (typeof data === 'string' || data[0] !== BINARY_MESSAGE_MARK) return this.applyText(core, data, nowMs);
    this.bin.writer.begin(data.length);
    this.bin.writer.bytes(data);
    const { changes, dropped } = this.bin.read(core.applyRemote(data.length, nowMs));
    return { changes, dropped };
  }

  /**
   * A text message: read and checked in JS (text-message.ts), its acceptable ops handed to
   * the core as one binary message, or several when the binary form would pass the message
   * limit the text was within (numbers take more room as float64 than as digits). Indices of
   * refused ops are those of the text; refusals come back in op order, as the core gave them.
   */
  private applyText(core: RawCore, text: string | Uint8Array, nowMs: number): RemoteResult {
    const decoded = decodeTextMessage(text);
    if ('whole' in decoded) return { changes: [], dropped: [decoded.whole] };
    if ('none' in decoded) return { changes: [], dropped: [] };
    const w = this.bin.writer;
    const limit = decoded.type === 0 ? MAX_MESSAGE_BYTES : MAX_STATE_MESSAGE_BYTES;
    const dropped = decoded.refused;
    const changes: CoreChange[] = [];
    const sizes: number[] = [];
    const written: TextOp[] = [];
    const head = (count: number): void => {
      w.begin();
      w.u8(BINARY_MESSAGE_MARK);
      w.u8(decoded.type);
      w.string(decoded.origin);
      w.varint(0);
      w.varint(count);
    };
    const send = (ops: readonly TextOp[]): void => {
      const r = this.bin.read(core.applyRemote(w.pos, nowMs));
      changes.push(...r.changes);
      for (const s of r.dropped) dropped.push(s.opIndex === undefined ? s : { ...s, opIndex: ops[s.opIndex]!.index });
    };
    head(decoded.ops.length);
    const start = w.pos;
    for (const op of decoded.ops) {
      const at = w.pos;
      const fault = writeTextOp(w, op);
      if (fault) {
        w.pos = at;
        dropped.push(fault);
        continue;
      }
      sizes.push(w.pos - at);
      written.push(op);
    }
    if (written.length === decoded.ops.length && w.pos <= limit) {
      send(written);
    } else {
      // Rewritten with the right counts, cut where a message would pass the limit.
      for (let i = 0; i < written.length || (i === 0 && written.length === 0);) {
        let bytes = start;
        let j = i;
        while (j < written.length && (j === i || bytes + sizes[j]! <= limit)) bytes += sizes[j++]!;
        const chunk = written.slice(i, j);
        head(chunk.length);
        for (const op of chunk) writeTextOp(w, op);
        send(chunk);
        if (j === i) break;
        i = j;
      }
    }
    dropped.sort((a, b) => (a.opIndex ?? -1) - (b.opIndex ?? -1));
    return { changes, dropped };
  }

  /** The state message as text, written from its bytes as the core's own writer wrote it. */
  encodeState(): string {
    const pieces = binaryToText(this.bin.copy(this.core().encodeStateBinary()));
    if (pieces.length === 1) return pieces[0]!;
    // Over the 32 MiB a reader accepts, the text form comes in pieces; this method always
    // returned the whole state as one message: the pieces' ops under one head.
    const head = pieces[0]!.slice(0, pieces[0]!.indexOf('"ops":[') + 7);
    return `${head}${pieces.map((p) => p.slice(head.length, -2)).join(',')}]}`;
  }

  digest(): string {
    return this.io.read(this.core().digest());
  }

  exportValues(): Record<string, unknown> {
    return this.bin.output(this.core().exportValues()).value() as Record<string, unknown>;
  }

  exportJson(): string {
    return JSON.stringify(this.exportValues());
  }

  keyValue(key: string): unknown {
    const core = this.core();
    const [bytes] = this.io.write([key]);
    const n = core.keyValue(bytes);
    return n < 0 ? undefined : this.bin.output(n).value();
  }

  keyJson(key: string): string | null {
    const value = this.keyValue(key);
    return value === undefined ? null : JSON.stringify(value);
  }

  keyMeta(key: string): string | null {
    const core = this.core();
    const [bytes] = this.io.write([key]);
    const n = core.keyMeta(bytes);
    return n < 0 ? null : metaText(this.bin.output(n));
  }

  loadEntry(key: string, valueText: string, metaText: string | null, nowMs: number): LoadResult {
    const core = this.core();
    if (typeof key !== 'string' || typeof valueText !== 'string') {
      return { ok: false, repaired: false, error: { code: 'BAD_JSON', message: 'entry is not text' } };
    }
    if (valueText.length > MAX_VALUE_UNITS || key.length > MAX_KEY_UNITS) {
      return { ok: false, repaired: false, error: { code: 'TOO_LARGE', message: `stored entry too large: ${key.slice(0, 64)}` } };
    }
    // Stored text is read by the engine's JSON.parse and crosses in the binary form, so the
    // core stores the same doubles a JS reader sees (its own reader only approximates long decimals).
    let value: unknown;
    try {
      value = JSON.parse(valueText);
    } catch (error) {
      return { ok: false, repaired: false, error: { code: 'BAD_JSON', message: `stored value for ${key.slice(0, 64)} is not JSON: ${(error as Error).message}` } };
    }
    const w = this.bin.writer;
    w.begin();
    const k = w.raw(key);
    w.value(value);
    const v = w.pos - k;
    // Metadata that is not text counts as absent, as before; text the checks refuse is
    // unreadable (the core repairs and reports it).
    writeStoredMeta(w, typeof metaText === 'string' ? metaText : null);
    const m = w.pos - k - v;
    return this.bin.readLoad(core.loadEntry(k, v, m, nowMs));
  }

  snapshot(): number {
    return this.core().snapshot();
  }

  restore(snapshotId: number, nowMs: number): LocalResult {
    const { ok, error, changes } = this.bin.read(this.core().restore(snapshotId | 0, nowMs));
    const r: LocalResult = { ok, changes };
    if (error) r.error = error;
    return r;
  }

  releaseSnapshot(snapshotId: number): void {
    this.core().releaseSnapshot(snapshotId | 0);
  }

  setAccessPolicy(policy: 'off' | 'namespaces'): void {
    this.core().setAccessPolicy(policy === 'namespaces' ? 1 : 0);
  }

  dispose(): void {
    if (this.raw) this.raw.delete();
    this.raw = null;
  }
}

function makeFactory(mod: RawModule): CoreFactory {
  const io = new TextChannel(mod);
  const bin = new BinaryIo(mod);
  return {
    create(options: CoreOptions): CoreHandle {
      if (typeof options?.origin !== 'string' || options.origin === '') {
        throw new TypeError('CoreFactory.create: origin must be a non-empty string');
      }
      return new WasmCoreHandle(io, bin, mod, options);
    },
  };
}

function isNode(): boolean {
  return typeof process === 'object' && typeof process?.versions?.node === 'string';
}

/** Node cannot fetch the loader's file URL: read the .wasm that sits next to it. */
async function readWasmInNode(): Promise<Uint8Array> {
  // Specifiers in variables and the ignore comments keep node:fs and a second copy of the
  // file out of browser bundles, without warnings from Vite or webpack.
  const fsModule = 'node:fs';
  const wasmFile = './generated/universal_state_core.wasm';
  const here = import.meta.url;
  const fs = (await import(/* webpackIgnore: true */ /* @vite-ignore */ fsModule)) as typeof import('node:fs');
  return fs.readFileSync(new URL(wasmFile, here));
}

/** The embedded copy's base64 text, once an entry that embeds it (`/inline`) registered it. */
let embedded: (() => string) | null = null;

/** Makes the embedded copy the default source (called by the `/inline` entry). */
export function useEmbeddedWasm(base64: string): void {
  embedded = () => base64;
}

/**
 * Vite's dev server pre-bundles dependencies into `node_modules/.vite/deps`, where no .wasm
 * sits beside the bundle; the URL below then names a file that does not exist, and the
 * server answers with index.html (or 404). Recognised by the folder name.
 */
function isPrebundled(url: URL): boolean {
  return /\/\.vite\/(deps|deps_[^/]*)\//.test(url.pathname);
}

let warnedFallback = false;

/**
 * The package's own wasm: the asset beside the loader (bundlers rewrite this `new URL` to the
 * emitted file), the file itself in node, or the embedded copy. When the asset's URL answers
 * with something that is not wasm (a dev server's index.html) or lies in a pre-bundled
 * dependency folder, the embedded copy is loaded instead, so dev servers need no config.
 */
async function compileDefault(): Promise<WebAssembly.Module> {
  if (embedded !== null) return compileWasm(decodeBase64(embedded()), 'the embedded wasm');
  if (isNode()) return compileWasm(await readWasmInNode(), 'the package\'s universal_state_core.wasm');
  const url = new URL('./generated/universal_state_core.wasm', import.meta.url);
  // Pre-bundled by a dev server: the file is known not to be there; do not even ask.
  if (isPrebundled(url)) return compileEmbedded();
  try {
    return await compileWasm(url.href);
  } catch (error) {
    if (!(error instanceof NotWasmResponse)) throw error;
    if (!warnedFallback) {
      warnedFallback = true;
      console.warn('[universal-state]', `${url.href} is not the wasm file (${error.message.split('. Remedy')[0]}); using the copy embedded in the package instead`);
    }
    return compileEmbedded();
  }
}

/** The embedded copy, fetched as a separate chunk only when it is needed. */
async function compileEmbedded(): Promise<WebAssembly.Module> {
  const { default: base64 } = await import('./generated/universal_state_core.inline.mjs');
  return compileWasm(decodeBase64(base64), 'the embedded wasm');
}

async function instantiate(options: LoadCoreOptions): Promise<CoreFactory> {
  const source = options.wasm ?? options.wasmBinary;
  const module = await (source !== undefined ? compileWasm(source) : compileDefault());
  // The glue is handed the instance (it never fetches): the fetching, checks and error
  // messages are ours, and the glue keeps no URL a bundler or CSP could trip on.
  let failInstantiate!: (error: unknown) => void;
  const failed = new Promise<never>((_, reject) => { failInstantiate = reject; });
  const created = createModule({
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module), failInstantiate);
      return {};
    },
  });
  const mod = (await Promise.race([created, failed])) as RawModule;
  return makeFactory(mod);
}

/** Any failure as a StateCoreError whose message says what happened. */
function asLoadError(error: unknown): StateCoreError {
  if (error instanceof StateCoreError) return error;
  return new StateCoreError('NOT_LOADED', `the wasm core could not load: ${String((error as Error)?.message ?? error)}`, undefined, error);
}

let pending: Promise<CoreFactory> | null = null;
let loaded: CoreFactory | null = null;

function start(options: LoadCoreOptions): Promise<CoreFactory> {
  const attempt: Promise<CoreFactory> = instantiate(options).then(
    (factory) => (loaded = factory),
    (err: unknown) => {
      if (pending === attempt) pending = null; // a failed load (offline, bad bytes) may be retried
      throw asLoadError(err);
    },
  );
  pending = attempt;
  return attempt;
}

/**
 * Loads the core (once per realm; later calls return the same promise). With a source of its
 * own (`wasm`), a call made while another load is under way waits for it and, only if it
 * fails, tries its own source.
 */
export function loadCore(options: LoadCoreOptions = {}): Promise<CoreFactory> {
  if (loaded !== null) return Promise.resolve(loaded);
  const own = options.wasm !== undefined || options.wasmBinary !== undefined;
  if (pending === null) return start(options);
  return own ? pending.catch(() => (loaded !== null ? loaded : start(options))) : pending;
}

/** The factory once `loadCore()` has resolved, else null (lets managers start synchronously). */
export function getLoadedCore(): CoreFactory | null {
  return loaded;
}

export function isCoreLoaded(): boolean {
  return loaded !== null;
}

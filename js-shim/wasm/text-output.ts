/**
 * The JSON text forms the core used to write itself (the wasm links no JSON writer): the
 * full-state message for peers that speak text (the NATS connector), and stored metadata,
 * made here from the binary forms the core hands back. Same shapes as before:
 *   {"t":"state","v":2,"o":origin,"ops":[{"c":[wall,counter,origin],"d":kind,"k":key,"p":path,"v":value,"s":source,"w":writer}]}
 *   {"v":schemaVersion,"c":[wall,counter,origin],"h":"<16 hex digits>"}
 * ("s" and "w" only when not empty; numbers and strings as JSON.stringify writes them).
 */
import type { BinaryReader } from './binary-reader.js';

const str = JSON.stringify;

/** One op of a binary message (src/codec_binary.h) as the text form writes it. */
function opText(r: BinaryReader): string {
  const wall = r.float64();
  const counter = r.float64();
  const origin = r.string();
  const kind = r.u8();
  let s = `{"c":[${wall},${counter},${str(origin)}],"d":${kind}`;
  if (kind !== 2) s += `,"k":${str(r.string())},"p":${str(r.path())}`;
  if (kind === 0) s += `,"v":${str(r.value())}`;
  const source = r.string();
  const writer = r.string();
  if (source !== '') s += `,"s":${str(source)}`;
  if (writer !== '') s += `,"w":${str(writer)}`;
  return `${s}}`;
}

/** A binary state message (encodeStateBinary) as the text state message. */
export function stateText(r: BinaryReader): string {
  r.u8(); // the binary mark
  r.u8(); // the type: state
  const origin = r.string();
  r.varint(); // seq: 0 in state messages
  const n = r.varint();
  const ops: string[] = new Array(n);
  for (let i = 0; i < n; i++) ops[i] = opText(r);
  return `{"t":"state","v":2,"o":${str(origin)},"ops":[${ops.join(',')}]}`;
}

/** The metadata fields the core hands back (bindings/bound_core.h, keyMeta) as its text. */
export function metaText(r: BinaryReader): string {
  const version = r.varint();
  const wall = r.float64();
  const counter = r.float64();
  const origin = r.string();
  const hash = r.string();
  return `{"v":${version},"c":[${wall},${counter},${str(origin)}],"h":${str(hash)}}`;
}

/**
 * Stored metadata as the core used to write it itself (the wasm links no JSON writer), made
 * here from the fields the core hands back: {"v":schemaVersion,"c":[wall,counter,origin],"h":"<16 hex digits>"}.
 * (Messages as text: js-shim/sync/text-form.ts.)
 */
import type { BinaryReader } from './binary-reader.js';

/** The metadata fields the core hands back (bindings/bound_core.h, keyMeta) as its text. */
export function metaText(r: BinaryReader): string {
  const version = r.varint();
  const wall = r.float64();
  const counter = r.float64();
  const origin = r.string();
  const hash = r.string();
  return `{"v":${version},"c":[${wall},${counter},${JSON.stringify(origin)}],"h":${JSON.stringify(hash)}}`;
}

/**
 * The transport's view of a protocol-v2 message: just enough to route it. The ops and state
 * messages are encoded and validated by the core, as bytes (the binary form tabs exchange)
 * or JSON text (older tabs); sync reads only their type, origin and sequence number (to
 * ignore its own and notice gaps) and never interprets their content. The catch-up pair
 * `hello` / `digest` carries the core's digest and is built here as text, since it holds
 * no state.
 */
export const CHANNEL_V2 = 'mfe-state-sync-v2';
export const CHANNEL_LEGACY = 'mfe-state-sync';
/** The core's limits (one copy for C++ and TypeScript, core-limits.ts): ops messages, full-state messages. */
import { MAX_MESSAGE_BYTES, MAX_STATE_MESSAGE_BYTES } from '../internal/core-limits.js';
import { BinaryReader } from '../wasm/binary-reader.js';

export { MAX_MESSAGE_BYTES, MAX_STATE_MESSAGE_BYTES };
/** How the core starts every full-state message; only those may exceed the ops limit. */
const STATE_HEAD = '{"t":"state"';

export type Envelope =
  | { t: 'ops' | 'state'; o: string; s?: number; probe?: true }
  | { t: 'hello'; o: string; d: string; b: boolean }
  | { t: 'digest'; o: string; d: string; to: string; b: boolean }
  | { t: 'unknown'; o: string; type: string };

/** First byte of a binary message (src/codec_binary.h); then its type: 0 ops, 1 state. */
const BINARY_MARK = 0xb2;

type Dropped = { error: 'MALFORMED_MESSAGE' | 'TOO_LARGE'; message: string };

/**
 * One reader for every message head: a reader owns a TextDecoder and a scratch buffer, and
 * making them for each received message showed in the receiving tab's profile. Reading a
 * head is synchronous, so one is never used twice at once.
 */
let headReader: BinaryReader | null = null;
const NO_BYTES = new Uint8Array(0);

/** The routing fields of a binary message's head; the core checks all the rest. */
function readBinaryEnvelope(bytes: Uint8Array): Envelope | Dropped {
  if (bytes.length < 2 || bytes[0] !== BINARY_MARK) return { error: 'MALFORMED_MESSAGE', message: 'bytes that are not a binary v2 message' };
  const type = bytes[1];
  if (type !== 0 && type !== 1) return { t: 'unknown', o: '', type: `binary type ${type}` };
  const limit = type === 1 ? MAX_STATE_MESSAGE_BYTES : MAX_MESSAGE_BYTES;
  if (bytes.length > limit) return { error: 'TOO_LARGE', message: `message of ${bytes.length} bytes is over the limit` };
  const reader = (headReader ??= new BinaryReader());
  reader.reset(bytes, 2, bytes.length - 2);
  try {
    const o = reader.string();
    const s = reader.varint();
    if (o === '') return { error: 'MALFORMED_MESSAGE', message: 'message without an origin' };
    return type === 1 ? { t: 'state', o } : { t: 'ops', o, s };
  } catch {
    return { error: 'MALFORMED_MESSAGE', message: 'truncated binary message' };
  } finally {
    reader.reset(NO_BYTES, 0, 0); // holds no message after it was routed
  }
}

/** The routing fields of a message (text or bytes), or a reason to drop it. */
export function readEnvelope(data: unknown): Envelope | Dropped {
  if (data instanceof ArrayBuffer) return readBinaryEnvelope(new Uint8Array(data));
  if (data instanceof Uint8Array) return readBinaryEnvelope(data);
  if (typeof data !== 'string') return { error: 'MALFORMED_MESSAGE', message: `expected text or bytes, got ${data === null ? 'null' : typeof data}` };
  // A UTF-16 unit is at least one UTF-8 byte: longer text is surely over the byte limit.
  // Checked before parsing, so a flood of huge text costs a length check, not a parse.
  const limit = data.startsWith(STATE_HEAD) ? MAX_STATE_MESSAGE_BYTES : MAX_MESSAGE_BYTES;
  if (data.length > limit) return { error: 'TOO_LARGE', message: `message of ${data.length} characters is over the limit` };
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return { error: 'MALFORMED_MESSAGE', message: 'message is not JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { error: 'MALFORMED_MESSAGE', message: 'message is not an object' };
  const { t, v, o, s, d, to, b } = raw as Record<string, unknown>;
  if (typeof t !== 'string' || typeof o !== 'string' || o === '' || v !== 2) {
    return { error: 'MALFORMED_MESSAGE', message: 'message lacks a protocol-v2 type and origin' };
  }
  switch (t) {
    case 'ops':
    case 'state':
      // Marked text ops are a probe (see encodeProbe): they carry nothing to merge.
      if (b === READS_BYTES && t === 'ops') return { t, o, probe: true };
      return typeof s === 'number' ? { t, o, s } : { t, o };
    case 'hello':
      return typeof d === 'string' ? { t, o, d, b: b === READS_BYTES } : { error: 'MALFORMED_MESSAGE', message: 'hello without a digest' };
    case 'digest':
      return typeof d === 'string' && typeof to === 'string' ? { t, o, d, to, b: b === READS_BYTES } : { error: 'MALFORMED_MESSAGE', message: 'digest without a digest or addressee' };
    default:
      return { t: 'unknown', o, type: t.slice(0, 40) };
  }
}

/**
 * `"b":1` on a hello or digest says its sender reads binary messages. Builds from before the
 * binary form ignore the member (they read only the ones they know) and never send it, which
 * is how a tab tells that an older tab is listening and must be spoken to in text.
 */
const READS_BYTES = 1;

export function encodeHello(origin: string, digest: string): string {
  return JSON.stringify({ t: 'hello', v: 2, o: origin, d: digest, b: READS_BYTES });
}

export function encodeDigest(origin: string, to: string, digest: string): string {
  return JSON.stringify({ t: 'digest', v: 2, o: origin, to, d: digest, b: READS_BYTES });
}

/**
 * Two empty ops messages whose sequence numbers skip one. A tab of an older build takes the
 * skip for a lost message and asks for a catch-up with a hello, in text and unmarked: so a
 * tab that has just opened learns at once whether an older tab is listening, even when their
 * states agree (then nobody answers its own hello). Tabs of this build recognise the mark and
 * ignore them. Numbers 0 and 2: a core numbers its own messages from 1, so the sender's real
 * messages that follow are taken as late, not as a gap, and are merged as usual.
 */
export function encodeProbe(origin: string): [string, string] {
  return [0, 2].map((s) => JSON.stringify({ t: 'ops', v: 2, o: origin, s, ops: [], b: READS_BYTES })) as [string, string];
}

/**
 * The field that marks a legacy-format event posted by a new manager. Legacy tabs ignore it
 * (they rebuild the event from key, value, source and timestamp); new tabs skip such events,
 * because they already merged the same write, with its real clock, from the v2 channel.
 */
export const BRIDGE_MARK = 'syncOrigin';

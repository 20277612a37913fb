/**
 * Protocol v2 messages as JSON text (older tabs, the NATS connector, legacy events) turned
 * into the binary form the wasm reads: the core has no JSON reader. The checks are the ones
 * the core's text decoder made, in its order and with its statuses: the scan (json-scan.ts)
 * for the text itself, then the envelope, then each op's clock, kind, labels, key and path.
 * An op refused here is left out of the binary message and reported with its index; the
 * value's own checks (depth under the path, forbidden names, size) and the sender check are
 * left to the core's binary reader, which makes them exactly as its text reader did (the
 * op checks it repeats pass, as this file refused what they would refuse).
 */
import type { CoreStatus } from './core-api.js';
import { MAX_ARRAY_INDEX, MAX_KEY_BYTES, MAX_MESSAGE_BYTES, MAX_ORIGIN_BYTES, MAX_STATE_MESSAGE_BYTES, PROTOCOL_VERSION } from '../internal/core-limits.js';
import { MAX_DEPTH } from '../internal/core-limits.js';
import { asWellFormed, bytesToText, isForbiddenName, scanJson, utf8Length } from './json-scan.js';

/** One op that passed the envelope-level checks, with its index in the text message. */
export interface TextOp {
  index: number;
  wall: number;
  counter: number;
  clockOrigin: string;
  kind: 0 | 1 | 2;
  key: string;
  path: (string | number)[];
  value?: unknown;
  source: string;
  writer: string;
}

export type DecodedText =
  | { whole: CoreStatus } // the whole message is refused
  | { type: 0 | 1; origin: string; ops: TextOp[]; refused: CoreStatus[] } // 0 ops, 1 state
  | { none: true }; // hello / digest: nothing for the core to merge

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const has = (o: object, name: string): boolean => Object.prototype.hasOwnProperty.call(o, name);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const safeUint = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= MAX_SAFE && Math.floor(v) === v;
const bad = (code: string, message: string, opIndex?: number): CoreStatus => (opIndex === undefined ? { code, message } : { code, message, opIndex });

/** [wall, counter, origin] as the core's decodeClock accepted it, or null. */
export function readClock(c: unknown): { wall: number; counter: number; origin: string } | null {
  if (!Array.isArray(c) || c.length !== 3) return null;
  const [wall, counter, origin] = c as unknown[];
  if (!safeUint(wall) || !safeUint(counter) || typeof origin !== 'string' || utf8Length(origin) > MAX_ORIGIN_BYTES) return null;
  // Only the zero clock of a metadata-less storage load may lack an origin.
  return origin !== '' || (wall === 0 && counter === 0) ? { wall, counter, origin } : null;
}

function keyFault(key: string): CoreStatus | null {
  if (key === '') return bad('BAD_KEY', 'empty key');
  if (utf8Length(key) > MAX_KEY_BYTES) return bad('BAD_KEY', 'key over 1024 bytes');
  if (isForbiddenName(key)) return bad('FORBIDDEN_KEY', `forbidden key: ${key}`);
  return null;
}

function label(op: Record<string, unknown>, name: string): string | null {
  if (!has(op, name)) return '';
  const v = op[name];
  return typeof v === 'string' && utf8Length(v) <= MAX_KEY_BYTES ? v : null;
}

function readOp(n: unknown, index: number): TextOp | CoreStatus {
  if (!isObject(n)) return bad('BAD_MESSAGE', 'op is not an object');
  const clock = has(n, 'c') ? readClock(n.c) : null;
  if (clock === null) return bad('BAD_MESSAGE', 'bad clock');
  const kind = n.d;
  if (!has(n, 'd') || !safeUint(kind) || kind > 2) return bad('BAD_MESSAGE', 'bad op kind');
  const source = label(n, 's');
  const writer = label(n, 'w');
  if (source === null || writer === null) return bad('BAD_MESSAGE', 'bad source or writer');
  const op: TextOp = { index, wall: clock.wall, counter: clock.counter, clockOrigin: clock.origin, kind: kind as 0 | 1 | 2, key: '', path: [], source, writer };
  if (kind !== 2) {
    const key = n.k;
    if (!has(n, 'k') || typeof key !== 'string') return bad('BAD_KEY', 'missing key');
    const fault = keyFault(key);
    if (fault) return fault;
    op.key = key;
    if (has(n, 'p')) {
      const p = n.p;
      if (!Array.isArray(p)) return bad('BAD_PATH', 'path is not an array');
      for (const seg of p as unknown[]) {
        if (typeof seg !== 'string' && !(safeUint(seg) && seg <= MAX_ARRAY_INDEX)) return bad('BAD_PATH', 'bad path segment');
      }
      // The core's checkPath, in its place: after the segments' types, before the value.
      if (p.length >= MAX_DEPTH) return bad('TOO_DEEP', 'path too deep');
      for (const seg of p as unknown[]) {
        if (typeof seg === 'string' && isForbiddenName(seg)) return bad('FORBIDDEN_KEY', `forbidden path segment: ${seg}`);
      }
      op.path = p as (string | number)[];
    }
  }
  if (kind === 0) {
    if (!has(n, 'v')) return bad('BAD_MESSAGE', 'set without value');
    op.value = n.v;
  }
  return op;
}

/**
 * Reads a text message the way the core's decodeMessage did: a string, or bytes that do not
 * start with the binary mark (the core read those as UTF-8 text).
 */
export function decodeTextMessage(input: string | Uint8Array): DecodedText {
  if (input.length > MAX_STATE_MESSAGE_BYTES) return { whole: bad('TOO_LARGE', 'message over the size limit') };
  const fromBytes = typeof input === 'string' ? null : bytesToText(input);
  const text = fromBytes ? fromBytes.text : asWellFormed(input as string);
  const bytes = fromBytes ? input.length : utf8Length(text);
  if (bytes > MAX_STATE_MESSAGE_BYTES) return { whole: bad('TOO_LARGE', 'message over the size limit') };
  // Envelope, op and clock or path around the value: four levels over the value's own.
  const fault = scanJson(text, MAX_DEPTH + 4, false, fromBytes?.bad);
  if (fault) return { whole: bad(fault.code === 'TOO_DEEP' ? 'TOO_DEEP' : 'BAD_MESSAGE', `message: ${fault.message}`) };
  const root: unknown = JSON.parse(text);
  const m = isObject(root) ? root : {};
  const t = has(m, 't') ? m.t : undefined;
  if (typeof t !== 'string') return { whole: bad('BAD_MESSAGE', 'message without a type') };
  if (t !== 'ops' && t !== 'state' && t !== 'hello' && t !== 'digest') return { whole: bad('UNKNOWN_TYPE', 'unknown message type') };
  if (!has(m, 'v') || !safeUint(m.v) || m.v !== PROTOCOL_VERSION) return { whole: bad('BAD_MESSAGE', 'unsupported protocol version') };
  const o = has(m, 'o') ? m.o : undefined;
  if (typeof o !== 'string' || o === '' || utf8Length(o) > MAX_ORIGIN_BYTES) return { whole: bad('BAD_MESSAGE', 'bad origin') };
  if (t === 'hello' || t === 'digest') return { none: true };
  if (t === 'ops' && bytes > MAX_MESSAGE_BYTES) return { whole: bad('TOO_LARGE', 'message over 4 MiB') };
  const list = has(m, 'ops') ? m.ops : undefined;
  if (!Array.isArray(list)) return { whole: bad('BAD_MESSAGE', 'message without ops') };
  const ops: TextOp[] = [];
  const refused: CoreStatus[] = [];
  for (let i = 0; i < list.length; i++) {
    const r = readOp(list[i], i);
    if ('code' in r) refused.push({ ...r, opIndex: i });
    else ops.push(r);
  }
  return { type: t === 'state' ? 1 : 0, origin: o, ops, refused };
}

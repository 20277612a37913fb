/**
 * One server entry per state key: a protocol-v2 state message holding only that key's ops
 * (its latest whole-key set or delete, and the nested ops newer than it), cut from the core's
 * own full-state encoding. Merging such an entry is idempotent and order-free, exactly like
 * the catch-up messages between tabs, so the server can keep only the latest entry per key
 * (a compacted store) and a device merges whatever it finds there.
 *
 * Entries from the server are outside input: readEntry checks that an entry is a state
 * message about its own key only (so a hostile entry cannot touch other keys or clear the
 * state), and the core then validates every value as it does for other tabs.
 */

/** An op as the core encodes it; only the fields routing needs are typed. */
interface WireOp {
  c: unknown;
  d: unknown;
  k?: unknown;
  [field: string]: unknown;
}

export interface KeyEntry {
  /** The state message text for this key. */
  text: string;
  /** The clocks of its ops (as JSON text): what it holds, to compare with another entry. */
  clocks: Set<string>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * A state key as a KV key: base64url of its UTF-8 bytes. Server key names allow only a few
 * characters; state keys may hold any text, and this keeps the mapping reversible.
 */
export function entryName(key: string): string {
  let binary = '';
  for (const byte of encoder.encode(key)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The state key of a KV key, or null when it is not one entryName produces. */
export function keyOfEntryName(name: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return null;
  try {
    const binary = atob(name.replace(/-/g, '+').replace(/_/g, '/'));
    const key = decoder.decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
    return entryName(key) === name ? key : null;
  } catch {
    return null;
  }
}

export type KeySelection = readonly string[] | { prefix: string | readonly string[] };

const REGISTRATION = /^mfe:.*:registered$/;

/**
 * Which keys travel between devices: a list, or every key with one of the prefixes. By
 * default every key but the MFE registration flags, which describe what this page loaded.
 */
export function keyFilter(selection: KeySelection | undefined): (key: string) => boolean {
  if (selection === undefined) return (key) => !REGISTRATION.test(key);
  if (Array.isArray(selection)) {
    const set = new Set<string>(selection as readonly string[]);
    return (key) => set.has(key);
  }
  const { prefix } = selection as { prefix: string | readonly string[] };
  const prefixes = typeof prefix === 'string' ? [prefix] : [...prefix];
  return (key) => prefixes.some((p) => key.startsWith(p));
}

/**
 * Cuts the entries of `keys` out of a full-state message. A clear is not sent as a clear (it
 * would erase keys that do not travel on the other devices): each key gets a delete with the
 * clear's clock instead, which the core orders against that key's writes exactly as the
 * clear. Keys with nothing to say are left out.
 */
export function entriesFromState(stateText: string, origin: string, keys: Iterable<string>): Map<string, KeyEntry> {
  const state = JSON.parse(stateText) as { ops: WireOp[] };
  const byKey = new Map<string, WireOp[]>();
  let clear: WireOp | null = null;
  for (const op of state.ops) {
    if (op.d === 2) clear = op;
    else if (typeof op.k === 'string') {
      let list = byKey.get(op.k);
      if (list === undefined) byKey.set(op.k, (list = []));
      list.push(op);
    }
  }
  const entries = new Map<string, KeyEntry>();
  for (const key of keys) {
    const ops = [...(clear === null ? [] : [{ c: clear.c, d: 1, k: key, p: [] }]), ...(byKey.get(key) ?? [])];
    if (ops.length === 0) continue;
    entries.set(key, {
      text: JSON.stringify({ t: 'state', v: 2, o: origin, ops }),
      clocks: new Set(ops.map((op) => JSON.stringify(op.c))),
    });
  }
  return entries;
}

/** A server entry that passed readEntry, with its parse (for merging several in one message). */
export interface CheckedEntry extends KeyEntry {
  message: unknown;
  ops: readonly unknown[];
}

/** An entry from the server for `key`, checked to be about that key only; or why it is dropped. */
export function readEntry(key: string, text: string, maxBytes: number): CheckedEntry | { error: string } {
  if (text.length > maxBytes) return { error: `entry of ${text.length} characters is over the limit` };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: 'entry is not JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { error: 'entry is not an object' };
  const { t, v, o, ops } = raw as Record<string, unknown>;
  if (t !== 'state' || v !== 2 || typeof o !== 'string' || o === '' || !Array.isArray(ops)) {
    return { error: 'entry is not a protocol-v2 state message' };
  }
  const clocks = new Set<string>();
  for (const op of ops as unknown[]) {
    if (typeof op !== 'object' || op === null) return { error: 'entry holds an op that is not an object' };
    const { k, d, c } = op as WireOp;
    if (k !== key) return { error: `entry holds an op for another key (${JSON.stringify(String(k)).slice(0, 80)})` };
    if (d !== 0 && d !== 1) return { error: 'entry holds an op that is neither a set nor a delete' };
    clocks.add(JSON.stringify(c));
  }
  return { text, clocks, message: raw, ops: ops as unknown[] };
}

/** Whether every op of `local` is already in `server`: then the server has nothing to learn. */
export function covers(server: Set<string> | undefined, local: KeyEntry): boolean {
  if (server === undefined) return false;
  for (const clock of local.clocks) if (!server.has(clock)) return false;
  return true;
}

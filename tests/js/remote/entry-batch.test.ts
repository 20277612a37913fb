// Which server entries may share a combined state message: only those whose ops reach the core
// byte for byte as written, and none the core would refuse as a whole message.
import { describe, expect, it } from 'vitest';
import { BATCH_CHARS, EntryBatch, batchableOps } from '../../../js-shim/remote/entry-batch.js';
import { readEntry, type CheckedEntry } from '../../../js-shim/remote/key-entry.js';

const check = (text: string): CheckedEntry => {
  const entry = readEntry('k', text, 1 << 20);
  if ('error' in entry) throw new Error(entry.error);
  return entry;
};
const ops = (text: string) => {
  const entry = check(text);
  return batchableOps(entry.text, entry.message, entry.ops);
};
const op = { c: [1, 0, 'x'], d: 0, k: 'k', v: { a: 1 } };

describe('batchableOps', () => {
  it('gives the ops text of an entry in JSON.stringify form', () => {
    expect(ops(JSON.stringify({ t: 'state', v: 2, o: 'x', ops: [op, op] }))).toBe(`${JSON.stringify(op)},${JSON.stringify(op)}`);
  });

  it('keeps out entries that a parse and re-encode would change', () => {
    // A duplicate member: JSON.parse keeps the last, another parser may keep the first.
    expect(ops('{"t":"state","v":2,"o":"x","ops":[],"ops":[' + JSON.stringify(op) + ']}')).toBeNull();
    // Numbers the re-encoding would rewrite.
    expect(ops(JSON.stringify({ t: 'state', v: 2, o: 'x', ops: [op] }).replace('"a":1', '"a":1.0'))).toBeNull();
    expect(ops(JSON.stringify({ t: 'state', v: 2, o: 'x', ops: [op] }).replace('"a":1', '"a":1e400'))).toBeNull();
    expect(ops(JSON.stringify({ t: 'state', v: 2, o: 'x', ops: [op] }).replace(/,/g, ', '))).toBeNull();
  });

  it('keeps out entries the core refuses as a whole message: lone surrogates, deep nesting', () => {
    expect(ops(JSON.stringify({ t: 'state', v: 2, o: 'x', ops: [{ ...op, v: 'a\ud800b' }] }))).toBeNull();
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    expect(ops(JSON.stringify({ t: 'state', v: 2, o: 'x', ops: [{ ...op, v: deep }] }))).toBeNull();
    // A surrogate pair is ordinary text.
    expect(ops(JSON.stringify({ t: 'state', v: 2, o: 'x', ops: [{ ...op, v: 'a\ud83d\ude00b' }] }))).not.toBeNull();
  });
});

describe('EntryBatch', () => {
  it('sends one state message per flush, split before it would pass the size bound', () => {
    const sent: string[] = [];
    const batch = new EntryBatch('me', (text) => sent.push(text));
    batch.flush();
    expect(sent).toEqual([]);
    const part = JSON.stringify({ ...op, v: 'x'.repeat(Math.floor(BATCH_CHARS / 3)) });
    for (let i = 0; i < 4; i++) batch.add(part);
    batch.flush();
    expect(sent).toHaveLength(2);
    for (const text of sent) {
      expect(text.length).toBeLessThanOrEqual(BATCH_CHARS);
      const message = JSON.parse(text) as { t: string; v: number; o: string; ops: unknown[] };
      expect([message.t, message.v, message.o]).toEqual(['state', 2, 'me']);
    }
    expect(sent.map((t) => (JSON.parse(t) as { ops: unknown[] }).ops.length)).toEqual([2, 2]);
  });
});

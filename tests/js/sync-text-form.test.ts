// The text form written in JS from the core's binary messages (js-shim/sync/text-form.ts):
// what a tab of a build from before the binary form receives. It must be the core's own text
// writer's output, character for character, and stay under the size limit older tabs enforce.
import { afterEach, describe, expect, it } from 'vitest';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { binaryToText, numberText } from '../../js-shim/sync/text-form.js';
import { MAX_MESSAGE_BYTES } from '../../js-shim/sync/envelope.js';
import type { FlushInfo } from '../../js-shim/internal/manager-host.js';

const live: ValtioStateManager[] = [];
afterEach(() => live.splice(0).forEach((m) => m.destroy()));

async function manager(config: Record<string, unknown> = {}): Promise<ValtioStateManager> {
  const m = new ValtioStateManager({ persistent: false, crossTab: false, devtools: false, ...config });
  await m.ready;
  live.push(m);
  return m;
}

/** Every ops message a manager's flushes produce, as the core wrote them (bytes). */
function outboxes(m: ValtioStateManager): Array<string | Uint8Array> {
  const out: Array<string | Uint8Array> = [];
  m.onFlush((info: FlushInfo) => {
    if (info.outbox !== null) out.push(info.outbox as Uint8Array);
    for (const more of info.overflow ?? []) out.push(more as Uint8Array);
  });
  return out;
}

const awkward = {
  text: 'quote " backslash \\ newline \n tab \t nul \u0000 bell \u0007 del \u007f é 日本 😀 \u2028',
  numbers: [0, -0, 1, -1, 0.1, -0.5, 1e-7, 1.5e-10, 123456.789, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, 2 ** 53, 2 ** 53 + 2, 1e21, 1.7976931348623157e308, 5e-324],
  nested: { b: 1, '2': 'two', a: [null, true, false, { '': 'empty name', __proto__x: 1 }] },
  empty: { obj: {}, arr: [] as unknown[] },
};

describe('the text form written from binary messages', () => {
  it('is the core text writer output, character for character, for a state with awkward values', async () => {
    const m = await manager();
    m.set('awkward', awkward, 'label "with" quotes');
    m.set('gone', 1);
    m.delete('gone');
    m.set('n', -42);
    (m.getProxyStore().awkward as { nested: Record<string, unknown> }).nested.deep = { at: [1, 2, 3] };
    m.flush();
    const core = m.core!;
    expect(binaryToText(core.encodeStateBinary())).toEqual([core.encodeState()]);
  });

  it('writes a clear and the writer of namespaced writes as the core does', async () => {
    const m = await manager({ accessControl: 'namespaces' });
    m.set('before', 1);
    m.clear();
    m.set('after', { x: 1 });
    m.flush();
    expect(binaryToText(m.core!.encodeStateBinary())).toEqual([m.core!.encodeState()]);
  });

  it('carries every op of an ops message, with its origin and sequence number', async () => {
    const m = await manager();
    const sent = outboxes(m);
    m.set('a', { list: [1, 'x'] }, 'src');
    m.set('b', 2.5);
    m.flush();
    (m.getProxyStore().a as { list: unknown[] }).list[1] = 'y';
    m.flush();
    const texts = sent.map((b) => binaryToText(b as Uint8Array));
    expect(texts.map((t) => t.length)).toEqual([1, 1]);
    const [first, second] = texts.map((t) => JSON.parse(t[0]!));
    expect(first).toMatchObject({ t: 'ops', v: 2, o: m.origin, s: 1 });
    expect(second).toMatchObject({ t: 'ops', v: 2, o: m.origin, s: 2 });
    expect(first.ops.map((op: { k: string; v: unknown; s?: string; d: number }) => [op.k, op.d, op.v, op.s])).toEqual([['a', 0, { list: [1, 'x'] }, 'src'], ['b', 0, 2.5, 'unknown']]);
    expect(second.ops).toHaveLength(1);
    expect(second.ops[0]).toMatchObject({ k: 'a', p: ['list', 1], v: 'y', d: 0 });
    expect(texts[0]![0]!.startsWith('{"t":"ops","v":2,"o":')).toBe(true);
  });

  it('cuts a message whose text is over the older tabs\' limit into pieces under it, every value read back exactly', async () => {
    const m = await manager();
    const sent = outboxes(m);
    // Doubles are 9 bytes in the binary form and about 20 characters as text (each value
    // under the 1 MiB JSON limit): one binary message, over the limit as text.
    for (let k = 0; k < 6; k++) m.set(`doubles${k}`, Array.from({ length: 45_000 }, (_, i) => i / 7 + k));
    m.flush();
    expect(sent).toHaveLength(1);
    expect((sent[0] as Uint8Array).length).toBeLessThan(MAX_MESSAGE_BYTES);
    const texts = binaryToText(sent[0] as Uint8Array);
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(texts.flatMap((t) => JSON.parse(t).ops.map((op: { k: string }) => op.k))).toEqual(['doubles0', 'doubles1', 'doubles2', 'doubles3', 'doubles4', 'doubles5']);
    expect(new Set(texts.map((t) => JSON.parse(t).s))).toEqual(new Set([1]));
    // Every double reads back exactly (what an older tab's JSON.parse of its view gets).
    const values = Object.fromEntries(texts.flatMap((t) => JSON.parse(t).ops.map((op: { k: string; v: unknown }) => [op.k, op.v])));
    for (let k = 0; k < 6; k++) expect(values[`doubles${k}`]).toEqual(m.get(`doubles${k}`));
  });

  it('refuses bytes that are not a binary message rather than send garbage', () => {
    expect(() => binaryToText(new Uint8Array([0x7b, 0x22]))).toThrow(/not a binary/);
    expect(() => binaryToText(new Uint8Array([0xb2, 0]))).toThrow(/ended early/);
  });

  it('spells numbers as the core does', () => {
    expect([0, -0, 5, -7, 0.1, 1e-7, 1e21, 2 ** 53, 1.5e300, 5e-324].map(numberText))
      .toEqual(['0', '0', '5', '-7', '0.1', '1e-07', '1e+21', '9007199254740992', '1.5e+300', '5e-324']);
  });
});

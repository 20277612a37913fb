// Metadata written by the shim alone (the page went away before the core loaded) must be
// what the core would have written: the same hash, so the next load keeps its clock.
import { describe, expect, it } from 'vitest';
import { loadCore } from '../../../js-shim/wasm/load-core.js';
import { valueHashHex } from '../../../js-shim/persist/value-hash.js';

const samples: unknown[] = [
  null, true, false, 0, -0, 1, -1.5, 1e21, 2 ** 53 + 2, 5e-324, '', 'plain', 'ünïcødé ✓ 𝄞', '\u0001\n"',
  [], [1, 'a', null], {}, { b: 1, a: [true, { c: 'd' }] }, { '': '', 'ключ': { deep: [[[]]] } },
];

describe('valueHashHex equals the core hash', () => {
  it.each(samples.map((s) => [JSON.stringify(s), s]))('%s', async (_text, value) => {
    const core = (await loadCore()).create({ origin: 'hash-check' });
    const meta = JSON.stringify({ v: 1, c: [1000, 0, 'other-tab'], h: valueHashHex(value) });
    const result = core.loadEntry('k', JSON.stringify(value), meta, 2000);
    expect(result).toMatchObject({ ok: true, repaired: false });
    expect(JSON.parse(core.keyMeta('k')!).c).toEqual([1000, 0, 'other-tab']);
    core.dispose();
  });
});

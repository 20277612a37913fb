// The shared-buffer boundary under stress: memory growth, size limits, many changes with
// non-ASCII text in one result, disposal, and input types a caller should never send.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCore } from '../../js-shim/wasm/load-core.js';
import type { CoreFactory, LocalOp } from '../../js-shim/wasm/core-api.js';

let factory: CoreFactory;
const T0 = 1_700_000_000_000;
beforeAll(async () => {
  factory = await loadCore();
});

describe('boundary', () => {
  it('moves values larger than the initial buffer (memory growth) intact', () => {
    const core = factory.create({ origin: 'a' });
    const big = { text: 'é'.repeat(200_000), list: Array.from({ length: 20_000 }, (_, i) => i) };
    const r = core.applyLocal([{ kind: 'set', key: 'big', path: [], value: big }], T0);
    expect(r.ok).toBe(true);
    expect(r.changes[0].value).toEqual(big);
    expect(JSON.parse(core.keyJson('big')!)).toEqual(big);
    const other = factory.create({ origin: 'b' });
    expect(other.applyRemote(core.takeOutbox()!, T0).dropped).toEqual([]);
    expect(other.digest()).toBe(core.digest());
  });

  it('refuses a value over 1 MiB and a message over 4 MiB', () => {
    const core = factory.create({ origin: 'a' });
    const huge = 'x'.repeat(1_100_000);
    expect(core.applyLocal([{ kind: 'set', key: 'k', path: [], value: huge }], T0).error?.code).toBe('TOO_LARGE');
    // Under the limit per string, over it in total: the core measures and refuses.
    const many = Array.from({ length: 20 }, () => 'y'.repeat(60_000));
    expect(core.applyLocal([{ kind: 'set', key: 'k', path: [], value: many }], T0).error?.code).toBe('TOO_LARGE');
    const msg = `{"t":"ops","v":2,"o":"x","ops":[{"c":[1,0,"x"],"d":0,"k":"k","v":"${'y'.repeat(5_000_000)}"}]}`;
    expect(core.applyRemote(msg, T0).dropped.map((d) => d.code)).toEqual(['TOO_LARGE']);
    expect(core.exportJson()).toBe('{}');
  });

  it('carries many values with astral and accented text in one batch', () => {
    const core = factory.create({ origin: 'a' });
    const values = ['🌍🌍', 'ça', { 'ключ': ['日本', '😀'] }, 'plain', null, 3.25, -0.1, 2 ** 40, -(2 ** 31), 1e-7, 'x'.repeat(300)];
    const ops: LocalOp[] = values.map((v, i) => ({ kind: 'set', key: `k${i}`, path: [], value: v }));
    const r = core.applyLocal(ops, T0);
    expect(r.changes.map((c) => c.value)).toEqual(values);
    const stored = JSON.parse(core.exportJson()) as Record<string, unknown>;
    expect(values.map((_, i) => stored[`k${i}`])).toEqual(values);
    expect(r.changes.map((c) => c.key)).toEqual(values.map((_, i) => `k${i}`));
  });

  it('reports nested paths, array slots and deletes as the core applied them', () => {
    const core = factory.create({ origin: 'a' });
    core.applyLocal([{ kind: 'set', key: 'todo', path: [], value: { items: [{ done: false }, { done: false }] } }], T0);
    const r = core.applyLocal(
      [
        { kind: 'set', key: 'todo', path: ['items', 1, 'done'], value: true },
        { kind: 'delete', key: 'todo', path: ['items', 0] },
        { kind: 'set', key: 'todo', path: ['count'], value: 2 },
      ],
      T0,
    );
    expect(r.changes.map((c) => [c.path, c.deleted, c.value])).toEqual([
      [['items', 1, 'done'], false, true],
      [['items', 0], false, null],
      [['count'], false, 2],
    ]);
    const cleared = core.applyLocal([{ kind: 'clear', source: 'clear' }], T0);
    expect(cleared.changes).toEqual([{ key: 'todo', path: [], deleted: true, source: 'clear' }]);
  });

  it('turns wrong input types into statuses and refuses use after dispose', () => {
    const core = factory.create({ origin: 'a' });
    expect(core.applyRemote(42 as unknown as string, T0).dropped[0].code).toBe('BAD_MESSAGE');
    const badPath = core.applyLocal([{ kind: 'set', key: 'k', path: [1.5], value: 1 }], T0);
    expect(badPath.error?.code).toBe('BAD_PATH');
    core.setAccessPolicy('namespaces');
    const denied = core.applyLocal([{ kind: 'set', key: 'mfe:b:x', path: [], value: 1, writer: 'a' }], T0);
    expect(denied.error).toMatchObject({ code: 'ACCESS_DENIED', opIndex: 0 });
    core.dispose();
    core.dispose(); // idempotent
    expect(() => core.digest()).toThrow(/dispose/);
  });
});

describe('oversized input is refused before it crosses', () => {
  it('answers with TOO_LARGE statuses and leaves the core usable', () => {
    const core = factory.create({ origin: 'a' });
    const huge = 'x'.repeat(40 << 20);
    expect(core.applyRemote(huge, T0).dropped.map((d) => d.code)).toEqual(['TOO_LARGE']);
    const r = core.applyLocal([{ kind: 'set', key: 'ok', path: [], value: 1 }, { kind: 'set', key: 'k', path: [], value: huge }], T0);
    expect(r.error).toMatchObject({ code: 'TOO_LARGE', opIndex: 1 });
    expect(core.loadEntry('k', huge, null, T0)).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    expect(core.loadEntry('k', '1', 'm'.repeat(10_000), T0)).toMatchObject({ ok: true, repaired: true, error: { code: 'BAD_META' } });
    expect(core.keyJson('k')).toBe('1');
    expect(core.keyJson('ok')).toBeNull();
  });
});

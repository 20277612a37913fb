// Round trips through the real wasm build: set, snapshot/restore, merge between two
// handles, storage entries, and bad input that must come back as statuses.
import { beforeAll, describe, expect, it } from 'vitest';
import { getLoadedCore, isCoreLoaded, loadCore } from '../../js-shim/wasm/load-core.js';
import type { CoreFactory, LocalOp } from '../../js-shim/wasm/core-api.js';

let factory: CoreFactory;
const T0 = 1_700_000_000_000;

beforeAll(async () => {
  factory = await loadCore();
});

const set = (key: string, value: unknown, path: (string | number)[] = []): LocalOp => ({
  kind: 'set',
  key,
  path,
  value,
});

describe('loadCore', () => {
  it('memoizes the factory per realm', async () => {
    expect(await loadCore()).toBe(factory);
    expect(getLoadedCore()).toBe(factory);
    expect(isCoreLoaded()).toBe(true);
  });

  it('rejects an empty origin', () => {
    expect(() => factory.create({ origin: '' })).toThrow(TypeError);
  });
});

describe('local writes', () => {
  it('sets, reads back and reports changes with attribution', () => {
    const core = factory.create({ origin: 'a' });
    const op = { ...set('user', { name: 'Ann', tags: ['x'] }), source: 'form', writer: 'cart' } as LocalOp & { value: unknown };
    const r = core.applyLocal([op], T0);
    expect(r.ok).toBe(true);
    expect(r.changes).toEqual([
      { key: 'user', path: [], deleted: false, value: { name: 'Ann', tags: ['x'] }, source: 'form', writer: 'cart' },
    ]);
    // The change that is exactly the op comes back as the op's own value, not a copy.
    expect(r.changes[0]!.value).toBe(op.value);
    expect(core.keyJson('user')).toBe('{"name":"Ann","tags":["x"]}');
    expect(core.keyJson('missing')).toBeNull();
    const nested = core.applyLocal([set('user', 'Bo', ['name'])], T0);
    expect(nested.changes.map((c) => [c.path, c.value])).toEqual([[['name'], 'Bo']]);
    expect(JSON.parse(core.exportJson())).toEqual({ user: { name: 'Bo', tags: ['x'] } });
    core.dispose();
  });

  it('reports no change and no outbox for an equal value', () => {
    const core = factory.create({ origin: 'a' });
    core.applyLocal([set('n', 1)], T0);
    expect(core.takeOutbox()).not.toBeNull();
    expect(core.applyLocal([set('n', 1)], T0).changes).toEqual([]);
    expect(core.takeOutbox()).toBeNull();
  });

  it('keeps non-ASCII text intact across the buffer', () => {
    const core = factory.create({ origin: 'a' });
    const r = core.applyLocal([set('k1', 'héllo 🌍'), set('k2', { e: '日本' })], T0);
    expect(r.changes.map((c) => c.value)).toEqual(['héllo 🌍', { e: '日本' }]);
    expect(JSON.parse(core.exportJson())).toEqual({ k1: 'héllo 🌍', k2: { e: '日本' } });
  });

  it('rolls back a whole batch and names the failing op', () => {
    const core = factory.create({ origin: 'a' });
    const r = core.applyLocal([set('a', 1), set('b', 2, ['deep', 'x']), set('c', 3)], T0);
    expect(r.ok).toBe(false);
    expect(r.changes).toEqual([]);
    expect(r.error).toMatchObject({ code: 'BAD_PATH', opIndex: 1 });
    expect(core.exportJson()).toBe('{}');
    expect(core.takeOutbox()).toBeNull();
  });

  it('rejects prototype-polluting keys and members at any depth', () => {
    const core = factory.create({ origin: 'a' });
    expect(core.applyLocal([set('__proto__', 1)], T0).error?.code).toBe('FORBIDDEN_KEY');
    expect(core.applyLocal([set('ok', { a: { constructor: 1 } })], T0).error?.code).toBe('FORBIDDEN_KEY');
    const text = '{"x":{"__proto__":{"polluted":true}}}';
    // JSON.parse makes "__proto__" an own member, which the binary form carries as a name.
    const r = core.applyLocal([{ kind: 'set', key: 'ok', path: [], value: JSON.parse(text) }], T0);
    expect(r.error?.code).toBe('FORBIDDEN_KEY');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('snapshots', () => {
  it('restores a snapshot as local writes', () => {
    const core = factory.create({ origin: 'a' });
    core.applyLocal([set('a', 1), set('b', 2)], T0);
    const id = core.snapshot();
    core.applyLocal([set('a', 10), { kind: 'delete', key: 'b', path: [] }, set('c', 3)], T0 + 1);
    const r = core.restore(id, T0 + 2);
    expect(r.ok).toBe(true);
    expect(JSON.parse(core.exportJson())).toEqual({ a: 1, b: 2 });
    core.releaseSnapshot(id);
    expect(core.restore(id, T0 + 3).error?.code).toBe('NOT_FOUND');
  });
});

describe('merge', () => {
  it('converges two replicas through ops and state messages', () => {
    const a = factory.create({ origin: 'tab-a' });
    const b = factory.create({ origin: 'tab-b' });
    a.applyLocal([set('shared', 'from a'), set('onlyA', 1)], T0);
    b.applyLocal([set('shared', 'from b'), set('onlyB', 2)], T0);
    const fromA = a.takeOutbox()!;
    const fromB = b.takeOutbox()!;
    const rb = b.applyRemote(fromA, T0);
    const ra = a.applyRemote(fromB, T0);
    expect(rb.dropped).toEqual([]);
    expect(ra.dropped).toEqual([]);
    expect(a.digest()).toBe(b.digest());
    expect(JSON.parse(a.exportJson())).toEqual({ shared: 'from b', onlyA: 1, onlyB: 2 });
    // A late replica catches up from one state message.
    const c = factory.create({ origin: 'tab-c' });
    c.applyRemote(a.encodeState(), T0);
    expect(c.digest()).toBe(a.digest());
    // Duplicate delivery changes nothing.
    expect(b.applyRemote(fromA, T0).changes).toEqual([]);
  });

  it('drops hostile messages with a status and keeps the state', () => {
    const core = factory.create({ origin: 'a' });
    core.applyLocal([set('k', 1)], T0);
    const before = core.digest();
    const bad = [
      'not json',
      'null',
      '{"t":"weird","v":2,"o":"x"}',
      '{"t":"ops","v":2,"o":"x","ops":[{"c":[' + (T0 + 3_600_000) + ',0,"x"],"d":0,"k":"k","p":[],"v":2}]}',
      '{"t":"ops","v":2,"o":"x","ops":[{"c":[1,0,"x"],"d":0,"k":"__proto__","p":[],"v":2}]}',
    ];
    const codes = bad.map((m) => core.applyRemote(m, T0).dropped.map((d) => d.code));
    expect(codes).toEqual([['BAD_MESSAGE'], ['BAD_MESSAGE'], ['UNKNOWN_TYPE'], ['FUTURE_CLOCK'], ['FORBIDDEN_KEY']]);
    expect(core.digest()).toBe(before);
  });

  it('enforces MFE namespaces on remote ops when asked', () => {
    const a = factory.create({ origin: 'a' });
    const b = factory.create({ origin: 'b' });
    b.setAccessPolicy('namespaces');
    a.applyLocal([{ ...set('mfe:cart:items', 1), writer: 'header' }, { ...set('mfe:header:x', 1), writer: 'header' }], T0);
    const r = b.applyRemote(a.takeOutbox()!, T0);
    expect(r.dropped.map((d) => [d.code, d.opIndex])).toEqual([['ACCESS_DENIED', 0]]);
    expect(r.changes.map((c) => c.key)).toEqual(['mfe:header:x']);
  });
});

describe('storage entries', () => {
  it('round-trips metadata and repairs a torn pair', () => {
    const a = factory.create({ origin: 'a', schemaVersion: 3 });
    a.applyLocal([set('theme', 'dark')], T0);
    const meta = a.keyMeta('theme')!;
    expect(JSON.parse(meta)).toMatchObject({ v: 3, c: [T0, 0, 'a'] });
    const b = factory.create({ origin: 'b', schemaVersion: 3 });
    expect(b.loadEntry('theme', '"dark"', meta, T0)).toEqual({ ok: true, repaired: false });
    expect(b.loadEntry('theme', '"light"', meta, T0).repaired).toBe(true);
    expect(b.loadEntry('x', '"v"', null, T0)).toEqual({ ok: true, repaired: true });
    expect(b.loadEntry('y', '{bad', null, T0)).toMatchObject({ ok: false, error: { code: 'BAD_JSON' } });
    expect(b.keyJson('y')).toBeNull();
  });
});

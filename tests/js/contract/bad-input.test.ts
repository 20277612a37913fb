// docs/api-contract.md section 5 on the new manager: hostile input throws a typed error naming the key and
// leaves the state exactly as before; forbidden names are dropped and reported, never thrown.
import { afterEach, describe, expect, it } from 'vitest';
import { createLoaded, recorder, settle } from './helpers.js';
import { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';
import { StateLimitError, StateValidationError } from '../../../js-shim/errors.js';
import type { StateChangeEvent } from '../../../js-shim/types.js';

const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;

const hostileValues: Array<[string, unknown, string]> = [
  ['a function', () => 1, 'UNSUPPORTED_TYPE'],
  ['a nested function', { ok: 1, fn: () => 1 }, 'UNSUPPORTED_TYPE'],
  ['a symbol', Symbol('s'), 'UNSUPPORTED_TYPE'],
  ['a BigInt', 10n, 'UNSUPPORTED_TYPE'],
  ['a nested BigInt', { list: [1, 2n] }, 'UNSUPPORTED_TYPE'],
  ['a cycle', cyclic, 'CYCLE'],
  ['NaN', NaN, 'NON_FINITE'],
  ['Infinity', Infinity, 'NON_FINITE'],
  ['a nested -Infinity', { x: [-Infinity] }, 'NON_FINITE'],
  ['a Map', new Map([[1, 2]]), 'UNSUPPORTED_TYPE'],
  ['a Set', new Set([1]), 'UNSUPPORTED_TYPE'],
  ['an array hole', [1, , 3], 'BAD_VALUE'], // eslint-disable-line no-sparse-arrays
  ['undefined in an array', [1, undefined], 'BAD_VALUE'],
];

describe('ValtioStateManager: bad input', () => {
  let manager: ValtioStateManager;
  afterEach(() => manager?.destroy());

  it.each(hostileValues)('rejects %s with a StateValidationError naming the key, state unchanged', async (_label, value, code) => {
    const reported: Error[] = [];
    manager = await createLoaded({ initialState: { target: { keep: true } }, onError: (e) => reported.push(e) });
    const listener = recorder<[StateChangeEvent]>();
    manager.subscribeAll(listener);
    let thrown: unknown;
    try {
      manager.set('target', value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StateValidationError);
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as StateValidationError).code).toBe(code);
    expect((thrown as Error).message).toContain('target');
    expect(manager.get('target')).toEqual({ keep: true });
    expect(listener.calls).toHaveLength(0);
    await settle(manager);
    expect(JSON.parse(manager.core!.exportJson())).toEqual({ target: { keep: true } });
  });

  it.each([[''], [42], [null], [undefined], [{}], [Symbol('k')]])('rejects the key %s with BAD_KEY', async (key) => {
    manager = await createLoaded();
    expect(() => manager.set(key as string, 1)).toThrow(StateValidationError);
    expect(() => manager.set(key as string, 1)).toThrow(expect.objectContaining({ code: 'BAD_KEY' }));
    expect(manager.getSnapshot()).toEqual({});
  });

  it('rejects an oversized value and an oversized key with a RangeError', async () => {
    manager = await createLoaded({ initialState: { big: 'small' } });
    const big = 'x'.repeat(1024 * 1024 + 1);
    expect(() => manager.set('big', big)).toThrow(StateLimitError);
    expect(() => manager.set('big', { nested: [big] })).toThrow(RangeError);
    expect(() => manager.set('k'.repeat(2000), 1)).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }));
    expect(manager.get('big')).toBe('small');
  });

  it('counts UTF-8 bytes, not characters, for the size limit', async () => {
    manager = await createLoaded();
    const wide = '\u20ac'.repeat(400 * 1024); // 1.2 MB of UTF-8 in 400k characters
    expect(() => manager.set('wide', wide)).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }));
    expect(manager.get('wide')).toBeUndefined();
  });

  it('rejects values nested deeper than the core allows', async () => {
    manager = await createLoaded();
    let deep: unknown = 1;
    for (let i = 0; i < 80; i++) deep = { d: deep };
    expect(() => manager.set('deep', deep)).toThrow(expect.objectContaining({ code: 'TOO_DEEP' }));
  });

  it.each(['__proto__', 'constructor', 'prototype'])('drops and reports the key %s, never throws, no pollution', async (key) => {
    const reported: Error[] = [];
    manager = await createLoaded({ onError: (e) => reported.push(e) });
    expect(() => manager.set(key, { polluted: true })).not.toThrow();
    expect(manager.getSnapshot()).toEqual({});
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ code: 'FORBIDDEN_KEY' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops forbidden member names at any depth, keeps the rest, reports each', async () => {
    const reported: Error[] = [];
    manager = await createLoaded({ onError: (e) => reported.push(e) });
    const hostile = JSON.parse('{"ok":1,"__proto__":{"polluted":true},"inner":{"constructor":{"prototype":{"polluted":true}},"fine":[{"prototype":1}]}}');
    manager.set('user', hostile);
    expect(manager.get('user')).toEqual({ ok: 1, inner: { fine: [{}] } });
    expect(reported.map((e) => (e as StateValidationError).code)).toEqual(['FORBIDDEN_KEY', 'FORBIDDEN_KEY', 'FORBIDDEN_KEY']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await settle(manager);
    expect(JSON.parse(manager.core!.exportJson())).toEqual({ user: { ok: 1, inner: { fine: [{}] } } });
  });

  it('reports through console.warn by default', async () => {
    const warnings: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => { warnings.push(args); };
    try {
      manager = await createLoaded();
      manager.set('__proto__', 1);
    } finally {
      console.warn = original;
    }
    expect(warnings).toHaveLength(1);
  });

  it('stores what JSON would for Dates, and drops undefined members', async () => {
    manager = await createLoaded();
    const when = new Date('2024-01-02T03:04:05.000Z');
    manager.set('v', { when, gone: undefined, n: -0 });
    expect(manager.get('v')).toEqual({ when: '2024-01-02T03:04:05.000Z', n: 0 });
    expect(Object.keys(manager.get('v') as object)).toEqual(['when', 'n']);
  });

  it('the caller keeps no handle on the stored value, and snapshot values are frozen', async () => {
    manager = await createLoaded();
    const input = { list: [1, 2], nested: { a: 1 } };
    manager.set('k', input);
    input.list.push(3);
    input.nested.a = 2;
    expect(manager.get('k')).toEqual({ list: [1, 2], nested: { a: 1 } });
    const stored = manager.getSnapshot().k as { nested: object };
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen(stored.nested)).toBe(true);
  });

  it('set(key, undefined) removes the key (JSON has no undefined)', async () => {
    manager = await createLoaded({ initialState: { k: 1 } });
    const listener = recorder<[unknown, StateChangeEvent]>();
    manager.subscribe('k', listener);
    manager.set('k', undefined, 'form');
    expect(manager.getSnapshot()).toEqual({});
    expect(listener.calls[1]![1]).toMatchObject({ value: undefined, previousValue: 1, source: 'form' });
  });

  it('rejects non-function listeners and bad MFE ids', async () => {
    manager = await createLoaded();
    expect(() => manager.subscribe('k', 'nope' as never)).toThrow(StateValidationError);
    expect(() => manager.subscribeAll(null as never)).toThrow(StateValidationError);
    expect(() => manager.registerMFE('')).toThrow(StateValidationError);
    expect(() => manager.registerMFE('a:b')).toThrow(StateValidationError);
    expect(manager.getSnapshot()).toEqual({});
  });

  it('restoreSnapshot with a bad value throws before clearing anything', async () => {
    manager = await createLoaded({ initialState: { keep: 1 } });
    expect(() => manager.restoreSnapshot({ a: 1, b: () => 2 })).toThrow(StateValidationError);
    expect(() => manager.restoreSnapshot(null as never)).toThrow(StateValidationError);
    expect(manager.getSnapshot()).toEqual({ keep: 1 });
  });

  it('rejects a bad initialState value at construction', () => {
    expect(() => new ValtioStateManager({ persistent: false, crossTab: false, devtools: false, initialState: { f: () => 1 } })).toThrow(StateValidationError);
  });
});

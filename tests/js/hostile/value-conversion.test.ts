// Values whose JSON form differs from what a naive copy makes: boxed primitives must be
// stored as the primitive (a member copy gives {} or {"0":"a","1":"b"}), and a Date (any
// toJSON object) is stored as its JSON form, the same in the view, the core and storage.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage, QUIET, createLoaded } from '../contract/helpers.js';
import { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';
import { UniversalStateManager } from '../../../js-shim/legacy/universal-state-manager.js';

const coreOf = (m: ValtioStateManager) => JSON.parse(m.core!.exportJson()) as Record<string, unknown>;

let manager: ValtioStateManager;
afterEach(() => {
  manager?.destroy();
  vi.unstubAllGlobals();
});

const cases: Array<[string, unknown, unknown]> = [
  ['new Number(5)', new Number(5), 5],
  ['new String("ab")', new String('ab'), 'ab'],
  ['new Boolean(false)', new Boolean(false), false],
  ['boxed values inside objects and arrays', { n: new Number(-0), list: [new String('x'), new Boolean(true)] }, { n: 0, list: ['x', true] }],
  ['a Date (its JSON form: the ISO string)', new Date(Date.UTC(2024, 0, 2)), '2024-01-02T00:00:00.000Z'],
  ['a Date inside an object', { at: new Date(0) }, { at: '1970-01-01T00:00:00.000Z' }],
];

describe('ValtioStateManager stores the JSON form, everywhere at once', () => {
  it.each(cases)('%s', async (_name, input, stored) => {
    const storage = new MemoryStorage();
    manager = await createLoaded({ persistent: true, storage } as never);
    const heard: unknown[] = [];
    manager.subscribe('v', (value) => heard.push(value));
    manager.set('v', input);
    manager.getProxyStore().nested = { inner: input };
    expect(manager.get('v')).toEqual(stored);
    expect(heard).toEqual([stored]);
    manager.flush();
    expect(coreOf(manager)).toEqual({ v: stored, nested: { inner: stored } });
    const reload = new ValtioStateManager({ ...QUIET, persistent: true, storage } as never);
    expect(reload.get('v')).toEqual(stored);
    expect(reload.get('nested')).toEqual({ inner: stored });
    reload.destroy();
  });
});

describe('the legacy manager agrees once the value has been through storage', () => {
  it.each(cases)('%s', (_name, input, stored) => {
    vi.stubGlobal('localStorage', new MemoryStorage());
    const legacy = new UniversalStateManager({ ...QUIET, persistent: true });
    legacy.set('v', input);
    // In memory it keeps what it was given (the object itself); after a reload, the JSON form.
    const reload = new UniversalStateManager({ ...QUIET, persistent: true });
    expect(reload.get('v')).toEqual(stored);
  });
});

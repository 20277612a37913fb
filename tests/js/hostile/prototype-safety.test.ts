// The proxy store must never hand out a real prototype: a path through `__proto__`,
// `constructor` or `prototype` would let a value reach Object.prototype / Array.prototype
// of the whole page. And a namespaced MFE handle must not read past its guard.
import { afterEach, describe, expect, it } from 'vitest';
import { createLoaded } from '../contract/helpers.js';
import type { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';

let manager: ValtioStateManager;
afterEach(() => {
  manager?.destroy();
  for (const proto of [Object.prototype, Array.prototype, Function.prototype]) {
    for (const name of ['polluted', 'x']) delete (proto as Record<string, unknown>)[name];
  }
});

/** Runs a hostile statement; whether it throws or not, nothing global may change. */
function attempt(statement: () => void): void {
  try {
    statement();
  } catch {
    // refusing loudly is fine; reaching a prototype is not
  }
}

describe('the proxy store and prototypes', () => {
  it.each([
    ['store.user.__proto__.polluted', (s: any) => { s.user.__proto__.polluted = 'yes'; }],
    ['store.user.constructor.prototype.polluted', (s: any) => { s.user.constructor.prototype.polluted = 'yes'; }],
    ['store.list.__proto__.x', (s: any) => { s.list.__proto__.x = 1; }],
    ['store.list.constructor.prototype.x', (s: any) => { s.list.constructor.prototype.x = 1; }],
    ['store.user.profile.__proto__.polluted', (s: any) => { s.user.profile.__proto__.polluted = 'yes'; }],
    ['store.user["__proto__"]["polluted"]', (s: any) => { s.user['__proto__']['polluted'] = 'yes'; }],
    ['store.user.toString.constructor.prototype.polluted', (s: any) => { s.user.toString.constructor.prototype.polluted = 'yes'; }],
  ])('%s reaches no global prototype', async (_name, hostile) => {
    manager = await createLoaded();
    manager.set('user', { name: 'Ann', profile: { age: 1 } });
    manager.set('list', [1, 2]);
    attempt(() => hostile(manager.getProxyStore()));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).x).toBeUndefined();
    expect((Function.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(manager.getSnapshot()).toEqual({ user: { name: 'Ann', profile: { age: 1 } }, list: [1, 2] });
  });

  it('array methods and ordinary reads still work through the proxy', async () => {
    manager = await createLoaded();
    manager.set('list', [1, 2, 3]);
    manager.set('user', { name: 'Ann' });
    const store = manager.getProxyStore();
    expect(store.list.map((n: number) => n * 2)).toEqual([2, 4, 6]);
    expect(store.list.filter((n: number) => n > 1)).toEqual([2, 3]);
    store.list.push(4);
    expect(manager.get('list')).toEqual([1, 2, 3, 4]);
    expect(String(store.user)).toBe('[object Object]');
    expect(store.user.hasOwnProperty('name')).toBe(true);
    expect(store.user.constructor).toBeUndefined();
    expect(store.user.__proto__).toBeUndefined();
  });
});

describe("a namespaced MFE handle and other MFEs' keys", () => {
  it("cannot reach another MFE's key through a property descriptor", async () => {
    manager = await createLoaded({ accessControl: 'namespaces' } as never);
    manager.set('mfe:x:y', { secret: 1 });
    const store = manager.forMFE('z').getProxyStore() as Record<string, any>;
    const descriptor = Object.getOwnPropertyDescriptor(store, 'mfe:x:y');
    attempt(() => { descriptor!.value.secret = 2; });
    attempt(() => { descriptor!.value.added = 3; });
    attempt(() => { delete descriptor!.value.secret; });
    attempt(() => { store['mfe:x:y'].secret = 4; });
    expect(manager.get('mfe:x:y')).toEqual({ secret: 1 });
    // Its own namespace stays writable through the same route.
    manager.set('mfe:z:mine', { n: 1 });
    Object.getOwnPropertyDescriptor(store, 'mfe:z:mine')!.value.n = 2;
    expect(manager.get('mfe:z:mine')).toEqual({ n: 2 });
  });
});

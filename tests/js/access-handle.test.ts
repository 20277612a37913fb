// createMFEHandle over a recording fake manager: the namespace rule, attribution of every
// write kind (set, delete, clear, register, proxy store at any depth), nothing changed on a
// rejected write, and 'off' letting everything through.
import { describe, expect, it } from 'vitest';
import { createMFEHandle, namespaceOwner, type AccessControlledManager } from '../../js-shim/access/index.js';
import { StateAccessError } from '../../js-shim/errors.js';
import { UniversalStateManager } from '../../js-shim/legacy/universal-state-manager.js';

/** The real legacy manager (in memory) plus the two hooks the new manager provides. */
function managerWith(accessControl: 'off' | 'namespaces') {
  const inner = new UniversalStateManager({ persistent: false, crossTab: false, devtools: false });
  const writes: Array<{ writer: string | undefined; key: string }> = [];
  let writer: string | undefined;
  inner.subscribeAll((e) => writes.push({ writer, key: e.key }));
  const store = new Proxy({} as Record<string, unknown>, {
    get: (_t, key) => (typeof key === 'string' ? inner.get(key) : undefined),
    set: (_t, key, value) => { inner.set(String(key), value, 'proxy'); return true; },
    deleteProperty: (_t, key) => { inner.delete(String(key)); return true; },
  });
  const manager = Object.assign(Object.create(inner) as UniversalStateManager, {
    accessControl,
    withWriter<T>(id: string, write: () => T): T {
      const outer = writer;
      writer = id;
      try { return write(); } finally { writer = outer; }
    },
    getProxyStore: () => store,
  }) as AccessControlledManager;
  return { manager, writes };
}

describe('namespaceOwner', () => {
  it('reads the MFE id of mfe:… keys as the core does', () => {
    expect(namespaceOwner('mfe:cart:items')).toBe('cart');
    expect(namespaceOwner('mfe:cart:')).toBe('cart');
    expect(namespaceOwner('mfe:cart')).toBe('cart'); // the core's rule: up to the next ':' or the end
    expect(namespaceOwner('mfe::x')).toBe('');
    expect(namespaceOwner('theme')).toBeNull();
  });
});

describe('createMFEHandle', () => {
  it('attributes every write to the MFE and allows its own namespace and shared keys', () => {
    const { manager, writes } = managerWith('namespaces');
    const cart = createMFEHandle(manager, 'cart');
    cart.set('mfe:cart:items', [1]);
    cart.set('theme', 'dark');
    cart.registerMFE('cart');
    cart.delete('theme');
    expect(writes.map((w) => w.writer)).toEqual(['cart', 'cart', 'cart', 'cart']);
    expect(cart.get('mfe:cart:items')).toEqual([1]);
  });

  it('throws StateAccessError for another MFE\'s keys and changes nothing', () => {
    const { manager, writes } = managerWith('namespaces');
    manager.set('mfe:profile:name', 'Ada');
    writes.length = 0;
    const cart = createMFEHandle(manager, 'cart');
    const attempts: Array<() => void> = [
      () => cart.set('mfe:profile:name', 'Eve'),
      () => cart.delete('mfe:profile:name'),
      () => cart.registerMFE('profile'),
      () => cart.unregisterMFE('profile'),
      () => cart.clear(),
      () => cart.restoreSnapshot({}),
      () => { (cart.getProxyStore() as Record<string, unknown>)['mfe:profile:name'] = 'Eve'; },
      () => { delete (cart.getProxyStore() as Record<string, unknown>)['mfe:profile:name']; },
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow(StateAccessError);
      try { attempt(); } catch (e) { expect((e as StateAccessError).code).toBe('ACCESS_DENIED'); }
    }
    expect(writes).toEqual([]);
    expect(manager.getSnapshot()).toEqual({ 'mfe:profile:name': 'Ada' });
  });

  it('guards nested proxy-store writes by the top-level key they fall under', () => {
    const { manager } = managerWith('namespaces');
    manager.set('mfe:profile:user', { name: 'Ada' });
    const store = createMFEHandle(manager, 'cart').getProxyStore() as Record<string, Record<string, unknown>>;
    expect(() => { store['mfe:profile:user'].name = 'Eve'; }).toThrow(StateAccessError);
    expect(store['mfe:profile:user']).toBe(store['mfe:profile:user']);
  });

  it('lets every write through when access control is off, still attributed', () => {
    const { manager, writes } = managerWith('off');
    const cart = createMFEHandle(manager, 'cart');
    cart.set('mfe:profile:name', 'Eve');
    expect(manager.get('mfe:profile:name')).toBe('Eve');
    expect(writes).toEqual([{ writer: 'cart', key: 'mfe:profile:name' }]);
  });

  it('rejects unusable MFE ids and drops its own subscriptions on destroy', () => {
    const { manager } = managerWith('namespaces');
    expect(() => createMFEHandle(manager, '')).toThrow(TypeError);
    expect(() => createMFEHandle(manager, 'a:b')).toThrow(TypeError);
    const cart = createMFEHandle(manager, 'cart');
    const seen: unknown[] = [];
    cart.subscribe('theme', (v) => seen.push(v));
    cart.destroy();
    manager.set('theme', 'dark');
    expect(seen).toEqual([]);
  });
});

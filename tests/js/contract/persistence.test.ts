// Both managers share the storage prefix (docs/api-contract.md section 3): what one wrote, the other loads.
// A real-shaped in-memory Storage stands in for localStorage (node has none).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage, QUIET } from './helpers.js';
import { UniversalStateManager } from '../../../js-shim/legacy/universal-state-manager.js';
import { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';

describe('persistence across both managers', () => {
  let storage: MemoryStorage;
  afterEach(() => vi.unstubAllGlobals());

  const legacy = (config = {}) => {
    vi.stubGlobal('localStorage', storage);
    return new UniversalStateManager({ ...QUIET, persistent: true, ...config });
  };
  const ours = async (config = {}) => {
    // Repairs of entries a legacy tab wrote are reported; keep them off the console here.
    const m = new ValtioStateManager({ ...QUIET, persistent: true, storage, onError: () => {}, ...config });
    await m.ready;
    return m;
  };

  it('the legacy manager writes one JSON entry per key and loads them back over initialState', () => {
    storage = new MemoryStorage();
    const first = legacy();
    first.set('theme', 'dark');
    first.set('user', { name: 'Ann' });
    first.delete('theme');
    first.set('count', 3);
    expect(storage.getItem('mfe-state:user')).toBe('{"name":"Ann"}');
    expect(storage.getItem('mfe-state:theme')).toBeNull();
    first.destroy();
    const second = legacy({ initialState: { count: 0, extra: true } });
    expect(second.getSnapshot()).toEqual({ count: 3, extra: true, user: { name: 'Ann' } });
    second.destroy();
  });

  it('the legacy manager skips and reports a corrupt entry, loading the others', () => {
    storage = new MemoryStorage();
    storage.setItem('mfe-state:good', '1');
    storage.setItem('mfe-state:bad', '{"trunc');
    storage.setItem('other-app:x', '2');
    const reported: Error[] = [];
    const m = legacy({ onError: (e: Error) => reported.push(e) });
    expect(m.getSnapshot()).toEqual({ good: 1 });
    expect(reported).toHaveLength(1);
    m.destroy();
  });

  it('the new manager persists on destroy and loads back, stored entries overriding initialState', async () => {
    storage = new MemoryStorage();
    const first = await ours();
    first.set('count', 5);
    first.getProxyStore().user = { name: 'Ann', tags: ['a'] };
    first.destroy();
    expect(JSON.parse(storage.getItem('mfe-state:count')!)).toBe(5);
    const second = await ours({ initialState: { count: 0, fresh: 'x' } });
    expect(second.getSnapshot()).toEqual({ count: 5, fresh: 'x', user: { name: 'Ann', tags: ['a'] } });
    expect(JSON.parse(second.core!.exportJson())).toEqual({ count: 5, fresh: 'x', user: { name: 'Ann', tags: ['a'] } });
    second.destroy();
  });

  it('rollback and back: legacy reads what the new manager wrote, without foreign keys, and vice versa', async () => {
    storage = new MemoryStorage();
    const valtio = await ours();
    valtio.set('profile', { name: 'Ann' });
    valtio.set('n', 1);
    valtio.destroy();
    const old = legacy();
    expect(old.getSnapshot()).toEqual({ profile: { name: 'Ann' }, n: 1 });
    old.set('n', 2);
    old.set('added', [1, 2]);
    old.destroy();
    const again = await ours();
    expect(again.getSnapshot()).toEqual({ profile: { name: 'Ann' }, n: 2, added: [1, 2] });
    again.destroy();
  });

  it('forbidden names found in storage are never loaded; good entries are', async () => {
    storage = new MemoryStorage();
    storage.setItem('mfe-state:__proto__', '{"polluted":true}');
    storage.setItem('mfe-state:nested', '{"a":1,"__proto__":{"polluted":true}}');
    storage.setItem('mfe-state:good', '2');
    const reported: Error[] = [];
    const m = await ours({ onError: (e: Error) => reported.push(e) });
    expect(m.get('good')).toBe(2);
    expect(Object.keys(m.getSnapshot())).not.toContain('__proto__');
    // The persistence module leaves such an entry untouched rather than half-load it.
    expect([undefined, { a: 1 }]).toContainEqual(m.get('nested'));
    expect(reported.length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    m.destroy();
  });

  it('persistent: false never touches storage', async () => {
    storage = new MemoryStorage();
    storage.setItem('mfe-state:k', '1');
    const m = new ValtioStateManager({ ...QUIET, storage, persistent: false });
    await m.ready;
    m.set('x', 1);
    m.destroy();
    expect(m.get('k')).toBeUndefined();
    expect(storage.getItem('mfe-state:x')).toBeNull();
  });
});

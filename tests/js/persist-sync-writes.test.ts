// `storageWrites: 'sync'`: code and tests written for the legacy manager read localStorage
// right after `set`. With the option, the value is there when `set` returns, on both
// managers, whether or not the wasm core has loaded yet; without it, writes stay coalesced.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UniversalStateManager } from '../../js-shim/legacy/universal-state-manager.js';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import type { StateManager } from '../../js-shim/types.js';
import { loadCore } from '../../js-shim/wasm/load-core.js';
import { FakeStorage } from './fakes/storage-fakes.js';

const OPTS = { crossTab: false, devtools: false, onError: () => {} } as const;
const managers: StateManager[] = [];
afterEach(() => {
  for (const m of managers.splice(0)) m.destroy();
  vi.unstubAllGlobals();
});

function withLocalStorage(): FakeStorage {
  const storage = new FakeStorage();
  vi.stubGlobal('localStorage', storage);
  return storage;
}
const track = <M extends StateManager>(m: M): M => (managers.push(m), m);

describe.each([
  { name: 'UniversalStateManager', create: () => track(new UniversalStateManager({ ...OPTS, storageWrites: 'sync' })) },
  { name: 'ValtioStateManager', create: () => track(new ValtioStateManager({ ...OPTS, storageWrites: 'sync' })) },
])("storageWrites: 'sync' on $name", ({ create }) => {
  it('localStorage holds the value right after set, and loses the key right after delete', async () => {
    const storage = withLocalStorage();
    const manager = create();
    await (manager as { ready?: Promise<void> }).ready;
    manager.set('theme', 'dark');
    expect(storage.getItem('mfe-state:theme')).toBe('"dark"');
    manager.set('user', { name: 'Ann', tags: ['a'] });
    expect(JSON.parse(storage.getItem('mfe-state:user')!)).toEqual({ name: 'Ann', tags: ['a'] });
    manager.delete('theme');
    expect(storage.getItem('mfe-state:theme')).toBeNull();
  });
});

describe("storageWrites: 'sync' on ValtioStateManager", () => {
  it('writes before the core has loaded, and the pair (value + metadata) once it has', async () => {
    const storage = withLocalStorage();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const manager = track(new ValtioStateManager({ ...OPTS, storageWrites: 'sync', loadCore: () => gate.then(loadCore) }));
    expect(manager.core).toBeNull();
    manager.set('count', 1);
    expect(storage.getItem('mfe-state:count')).toBe('1');
    expect(storage.getItem('mfe-state#meta:count')).toBeNull();
    release();
    await manager.ready;
    expect(storage.getItem('mfe-state#meta:count')).toBe(manager.core!.keyMeta('count'));
    manager.set('count', 2);
    expect(storage.getItem('mfe-state:count')).toBe('2');
    expect(storage.getItem('mfe-state#meta:count')).toBe(manager.core!.keyMeta('count'));
  });

  it('nested writes through the proxy store and transactions are in storage when they return', async () => {
    const storage = withLocalStorage();
    const manager = track(new ValtioStateManager({ ...OPTS, storageWrites: 'sync', initialState: { user: { name: 'Ann' } } }));
    await manager.ready;
    manager.getProxyStore().user.name = 'Bob';
    expect(JSON.parse(storage.getItem('mfe-state:user')!)).toEqual({ name: 'Bob' });
    manager.transaction(() => {
      manager.set('a', 1);
      manager.set('b', 2);
    });
    expect([storage.getItem('mfe-state:a'), storage.getItem('mfe-state:b')]).toEqual(['1', '2']);
  });

  it('a reload reads what the sync write stored', async () => {
    const storage = withLocalStorage();
    const first = track(new ValtioStateManager({ ...OPTS, storageWrites: 'sync' }));
    await first.ready;
    first.set('draft', 'hello');
    const second = track(new ValtioStateManager({ ...OPTS }));
    expect(second.get('draft')).toBe('hello');
    expect(storage.getItem('mfe-state:draft')).toBe('"hello"');
  });

  it('the default stays coalesced: nothing is written inside set', async () => {
    const storage = withLocalStorage();
    const manager = track(new ValtioStateManager({ ...OPTS }));
    await manager.ready;
    manager.set('theme', 'dark');
    expect(storage.getItem('mfe-state:theme')).toBeNull();
    manager.flush();
    expect(storage.getItem('mfe-state:theme')).toBe('"dark"');
  });
});

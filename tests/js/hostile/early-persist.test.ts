// Writes acknowledged before the core has loaded must survive the page going away at that
// moment: the storage pass (pagehide, hidden tab, flush()) writes them from the view, with
// metadata the next load's core accepts as it is. The same pass runs in batches while the
// core loads, so a page that dies without any pagehide (a crash, a killed process) keeps
// them too.
import { describe, expect, it, vi } from 'vitest';
import { MemoryStorage, QUIET } from '../contract/helpers.js';
import { FakeStorage } from '../fakes/storage-fakes.js';
import { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';
import { loadCore } from '../../../js-shim/wasm/load-core.js';
import type { CoreFactory } from '../../../js-shim/wasm/core-api.js';

/** A core that never arrives while the test looks: the page closes before it loads. */
const neverLoads = (): Promise<CoreFactory> => new Promise(() => {});

function pageWith(storage: Storage, errors: Error[] = []): ValtioStateManager {
  return new ValtioStateManager({ ...QUIET, persistent: true, storage, loadCore: neverLoads, onError: (e) => errors.push(e) } as never);
}

async function reload(storage: Storage, errors: Error[]): Promise<ValtioStateManager> {
  await loadCore();
  const next = new ValtioStateManager({ ...QUIET, persistent: true, storage, onError: (e) => errors.push(e) } as never);
  await next.ready;
  return next;
}

describe('writes made before the core loads, then the page goes away', () => {
  it('300 writes are all in storage, with metadata the next core keeps', async () => {
    const storage = new MemoryStorage();
    const page = pageWith(storage);
    for (let i = 0; i < 300; i++) page.set(`k${i}`, { i, text: `value ${i}` });
    page.getProxyStore().k0.text = 'nested';
    page.delete('k299');
    page.flush(); // what pagehide and visibilitychange run
    const errors: Error[] = [];
    const next = await reload(storage, errors);
    expect(next.keys()).toHaveLength(299);
    expect(next.get('k0')).toEqual({ i: 0, text: 'nested' });
    expect(next.get('k298')).toEqual({ i: 298, text: 'value 298' });
    expect(next.get('k299')).toBeUndefined();
    // Not treated as torn or legacy entries: the metadata was the core's own format.
    expect(errors).toEqual([]);
    expect(JSON.parse(next.core!.keyMeta('k1')!).c[2]).toBe(page.origin);
    next.destroy();
  });

  it('a queued clear removes every stored key, then the later writes are stored', async () => {
    const storage = new MemoryStorage();
    const errors: Error[] = [];
    const first = await reload(storage, errors);
    first.set('old', 1);
    first.set('kept', 2);
    first.destroy();
    const page = pageWith(storage);
    page.clear();
    page.set('kept', 3);
    page.flush();
    const next = await reload(storage, errors);
    expect(next.getSnapshot()).toEqual({ kept: 3 });
    expect(errors).toEqual([]);
    next.destroy();
  });

  it('an entry another tab stored with a later clock is not overwritten', async () => {
    const storage = new MemoryStorage();
    const page = pageWith(storage);
    page.set('shared', 'mine');
    storage.setItem('mfe-state:shared', '"theirs"');
    storage.setItem('mfe-state#meta:shared', JSON.stringify({ v: 1, c: [Date.now() + 10_000, 0, 'other'], h: '0000000000000000' }));
    page.flush();
    expect(storage.getItem('mfe-state:shared')).toBe('"theirs"');
  });
});

describe('writes made while the core loads reach storage in batches, without a pagehide', () => {
  it('300 writes are stored by the next batch; a page that then dies (no pagehide) loses none', async () => {
    const storage = new MemoryStorage();
    const page = pageWith(storage);
    for (let i = 0; i < 300; i++) page.set(`k${i}`, { i });
    expect(storage.getItem('mfe-state:k0')).toBeNull(); // batched: not inside set()
    await vi.waitFor(() => expect(storage.getItem('mfe-state:k299')).toBe('{"i":299}'));
    // The page is gone without flush(), pagehide or destroy(): only the batch wrote.
    const errors: Error[] = [];
    const next = await reload(storage, errors);
    expect(next.keys()).toHaveLength(300);
    expect(next.get('k150')).toEqual({ i: 150 });
    expect(errors).toEqual([]);
    next.destroy();
  });

  it('the pass at pagehide writes only what changed since the last batch', async () => {
    const storage = new FakeStorage();
    const page = pageWith(storage);
    for (let i = 0; i < 50; i++) page.set(`k${i}`, i);
    await vi.waitFor(() => expect(storage.getItem('mfe-state:k49')).toBe('49'));
    storage.writes.length = 0;
    page.set('k7', 'changed');
    page.set('late', true);
    page.flush(); // what pagehide runs
    expect(storage.writes.map((w) => w.key).sort()).toEqual(['mfe-state#meta:k7', 'mfe-state#meta:late', 'mfe-state:k7', 'mfe-state:late']);
    expect(storage.getItem('mfe-state:k7')).toBe('"changed"');
  });

  it('a key deleted after a batch stored it is removed by the next pass', async () => {
    const storage = new MemoryStorage();
    const page = pageWith(storage);
    page.set('gone', 1);
    await vi.waitFor(() => expect(storage.getItem('mfe-state:gone')).toBe('1'));
    page.delete('gone');
    await vi.waitFor(() => expect(storage.getItem('mfe-state:gone')).toBeNull());
    expect(storage.getItem('mfe-state#meta:gone')).toBeNull();
  });

  it('a transaction that throws stores nothing, in a batch or at pagehide', async () => {
    const storage = new FakeStorage();
    const page = pageWith(storage);
    page.set('before', 1);
    expect(() => page.transaction(() => {
      page.set('undone', 'never');
      page.set('before', 2);
      throw new Error('abort');
    })).toThrow('abort');
    await vi.waitFor(() => expect(storage.getItem('mfe-state:before')).toBe('1'));
    page.flush();
    expect(storage.writes.some((w) => w.key.endsWith(':undone'))).toBe(false);
    expect(storage.getItem('mfe-state:before')).toBe('1');
  });
});

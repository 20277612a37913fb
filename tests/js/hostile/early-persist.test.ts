// Writes acknowledged before the core has loaded must survive the page going away at that
// moment: the storage pass (pagehide, hidden tab, flush()) writes them from the view, with
// metadata the next load's core accepts as it is.
import { describe, expect, it } from 'vitest';
import { MemoryStorage, QUIET } from '../contract/helpers.js';
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

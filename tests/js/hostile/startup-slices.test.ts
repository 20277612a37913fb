// Many stored keys reach the core in slices of later tasks: the manager must work the whole
// time (reads, writes, other tabs' messages), and end with the core holding every stored
// entry and every write made meanwhile.
import { describe, expect, it } from 'vitest';
import { QUIET } from '../contract/helpers.js';
import { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';
import { loadCore } from '../../../js-shim/wasm/load-core.js';

/** A Map-backed Storage whose key(i) is O(1) (10,000 entries are listed at start-up). */
class FastStorage implements Storage {
  private readonly data = new Map<string, string>();
  private order: string[] | null = null;
  get length(): number { return this.data.size; }
  clear(): void { this.data.clear(); this.order = null; }
  getItem(key: string): string | null { return this.data.get(key) ?? null; }
  key(index: number): string | null { this.order ??= [...this.data.keys()]; return this.order[index] ?? null; }
  removeItem(key: string): void { if (this.data.delete(key)) this.order = null; }
  setItem(key: string, value: string): void { if (!this.data.has(key)) this.order = null; this.data.set(key, String(value)); }
}

const KEYS = 5000;

async function filledStorage(): Promise<FastStorage> {
  await loadCore();
  const storage = new FastStorage();
  const filler = new ValtioStateManager({ ...QUIET, persistent: true, storage } as never);
  for (let i = 0; i < KEYS; i++) filler.set(`k${i}`, { i });
  filler.destroy();
  return storage;
}

describe('start-up over many stored keys', () => {
  it('serves reads and takes writes while the core loads in slices; the core ends with everything', async () => {
    const storage = await filledStorage();
    const errors: Error[] = [];
    const manager = new ValtioStateManager({ ...QUIET, persistent: true, storage, onError: (e) => errors.push(e) } as never);
    // The constructor returned before the core took every entry: the view already has them.
    expect(manager.core).toBeNull();
    expect(manager.get('k4999')).toEqual({ i: 4999 });
    manager.set('k0', { i: -1 });
    manager.delete('k1');
    manager.set('new', true);
    await manager.ready;
    manager.flush();
    const core = JSON.parse(manager.core!.exportJson()) as Record<string, unknown>;
    expect(Object.keys(core)).toHaveLength(KEYS); // 5000 - k1 + new
    expect(core.k0).toEqual({ i: -1 });
    expect(core.k1).toBeUndefined();
    expect(core.k4999).toEqual({ i: 4999 });
    expect(JSON.parse(JSON.stringify(manager.getSnapshot()))).toEqual(core);
    expect(errors).toEqual([]);
    manager.destroy();
    // What it wrote meanwhile is in storage for the next page.
    const next = new ValtioStateManager({ ...QUIET, persistent: true, storage } as never);
    expect(next.get('k0')).toEqual({ i: -1 });
    expect(next.get('k1')).toBeUndefined();
    next.destroy();
  });

  it('destroy() while the slices run: no core is attached afterwards, nothing is reported', async () => {
    const storage = await filledStorage();
    const errors: Error[] = [];
    const manager = new ValtioStateManager({ ...QUIET, persistent: true, storage, onError: (e) => errors.push(e) } as never);
    await new Promise((resolve) => setTimeout(resolve, 0));
    manager.destroy();
    await manager.ready;
    expect(manager.core).toBeNull();
    expect(errors).toEqual([]);
  });
});

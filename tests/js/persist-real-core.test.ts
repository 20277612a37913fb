// Persistence with the real manager and the real wasm core, over a Map-backed Storage:
// what one manager stores another loads; legacy-written and torn pairs are repaired; a
// schema migration runs; storage keeps the converged winner when two tabs race.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { attachSync } from '../../js-shim/sync/index.js';
import { attachPersistence, compareClocks, parseMeta } from '../../js-shim/persist/index.js';
import type { StateStorageError } from '../../js-shim/persist/storage-error.js';
import { FakeStorage } from './fakes/storage-fakes.js';
import { ChannelHub } from './fakes/channel-fakes.js';

const live: Array<{ destroy(): void }> = [];
afterEach(() => live.splice(0).forEach((m) => m.destroy()));

async function open(storage: Storage, extra: Record<string, unknown> = {}) {
  const errors: Error[] = [];
  const manager = new ValtioStateManager({ storage, crossTab: false, devtools: false, onError: (e) => errors.push(e), ...extra });
  live.push(manager);
  await manager.whenCoreReady();
  await new Promise((r) => setTimeout(r, 0)); // the load-time repair pass runs after ready
  return { manager, errors, codes: () => errors.map((e) => (e as StateStorageError).code) };
}

/** What a flush leaves in storage must be exactly what the core would write now. */
function expectPairsMatchCore(storage: FakeStorage, manager: ValtioStateManager, prefix = 'mfe-state'): void {
  for (const key of manager.keys()) {
    expect(JSON.parse(storage.getItem(`${prefix}:${key}`)!)).toEqual(manager.get(key));
    expect(storage.getItem(`${prefix}#meta:${key}`)).toBe(manager.core!.keyMeta(key));
  }
}

describe('persistence over the real core', () => {
  it('manager.flush() makes a write durable before it returns; without it the write waits for the batch', async () => {
    const storage = new FakeStorage();
    const { manager } = await open(storage);
    manager.set('draft', { text: 'hello' });
    expect(storage.getItem('mfe-state:draft')).toBeNull(); // coalesced off the hot path
    manager.flush();
    expect(JSON.parse(storage.getItem('mfe-state:draft')!)).toEqual({ text: 'hello' });
    expectPairsMatchCore(storage, manager);
  });

  it('a write flushed by one manager loads, with its clock, in the next one', async () => {
    const storage = new FakeStorage();
    const a = await open(storage);
    a.manager.set('user', { name: 'Ada', tags: ['x'] });
    a.manager.set('count', 3);
    a.manager.destroy(); // flushes pending writes
    const b = await open(storage);
    expect(b.manager.getSnapshot()).toEqual({ user: { name: 'Ada', tags: ['x'] }, count: 3 });
    expect(b.errors).toEqual([]);
    expectPairsMatchCore(storage, b.manager);
  });

  it('rebuilds metadata for values a legacy tab wrote, and repairs a torn pair, keeping the values', async () => {
    const storage = new FakeStorage();
    const a = await open(storage);
    a.manager.set('theme', 'light');
    a.manager.destroy();
    storage.setItem('mfe-state:theme', '"dark"'); // what the legacy manager writes: value only
    storage.setItem('mfe-state:lang', '"fr"');
    const b = await open(storage);
    expect(b.manager.getSnapshot()).toEqual({ theme: 'dark', lang: 'fr' });
    expect(b.codes().sort()).toEqual(['TORN_ENTRY', 'TORN_ENTRY']);
    await vi.waitFor(() => expectPairsMatchCore(storage, b.manager)); // the idle batch
    const c = await open(storage); // and the next load finds nothing to repair
    expect(c.errors).toEqual([]);
  });

  it('migrates entries stored under an older schema version', async () => {
    const storage = new FakeStorage();
    const v1 = await open(storage);
    v1.manager.set('user', 'Ada');
    v1.manager.destroy();
    const v2 = await open(storage, { schemaVersion: 2, migrate: (value: unknown, from: number) => (from === 1 ? { name: value } : value) });
    expect(v2.manager.get('user')).toEqual({ name: 'Ada' });
    expect(v2.errors).toEqual([]);
    await vi.waitFor(() => expectPairsMatchCore(storage, v2.manager));
    expect(JSON.parse(storage.getItem('mfe-state#meta:user')!).v).toBe(2);
  });

  it('leaves the converged winner in storage even when the losing tab writes storage last', async () => {
    const storage = new FakeStorage();
    const hub = new ChannelHub();
    // Persistence attached by hand so the test decides which tab writes storage first.
    const tabs = await Promise.all([0, 1].map(async () => {
      const { manager } = await open(storage, { persistent: false });
      return { manager, persistence: attachPersistence(manager, { storage, prefix: 'mfe-state' }), sync: attachSync(manager, { channelFactory: hub.factory }) };
    }));
    await hub.settle();
    tabs[0].manager.set('k', 'from-0');
    tabs[1].manager.set('k', 'from-1');
    tabs.forEach((t) => t.manager.flush()); // both committed before either hears the other
    const clockOf = (i: number) => parseMeta(tabs[i].manager.core!.keyMeta('k')!)!.clock;
    const [winner, loser] = compareClocks(clockOf(0), clockOf(1)) > 0 ? [tabs[0], tabs[1]] : [tabs[1], tabs[0]];
    const winning = winner.manager.get('k');
    winner.persistence.flush();
    loser.persistence.flush(); // still holds its own, older write
    expect(storage.getItem('mfe-state:k')).toBe(JSON.stringify(winning));
    await hub.settle();
    expect(loser.manager.get('k')).toBe(winning);
    tabs.forEach((t) => { t.persistence.flush(); t.sync.detach(); t.persistence.detach(); });
    expect(storage.getItem('mfe-state:k')).toBe(JSON.stringify(winning));
    expect((await open(storage)).manager.get('k')).toBe(winning);
  });

  it('reports an exhausted quota without throwing and keeps the state in memory', async () => {
    const storage = new FakeStorage();
    const a = await open(storage);
    a.manager.set('small', 1);
    a.manager.destroy();
    const b = await open(storage);
    storage.quota = 300;
    expect(() => { b.manager.set('big', 'x'.repeat(1000)); b.manager.flush(); b.manager.destroy(); }).not.toThrow();
    expect(b.codes()).toContain('QUOTA_EXCEEDED');
    expect(b.manager.get('big')).toBe('x'.repeat(1000));
    expect(storage.getItem('mfe-state:small')).toBe('1');
  });
});

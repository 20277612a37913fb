// Sync with the real manager and the real wasm core over an in-memory channel hub: seeded
// random writes in several tabs converge; a cut-off tab catches up from digests; forged
// remote writes into another MFE's namespace are dropped and reported.
import { afterEach, describe, expect, it } from 'vitest';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { attachSync, CHANNEL_V2, type SyncHandle } from '../../js-shim/sync/index.js';
import { StateAccessError } from '../../js-shim/errors.js';
import { ChannelHub, type FakeChannel } from './fakes/channel-fakes.js';
import { mulberry32 as rng } from '../support/mulberry32.js';

const live: Array<{ destroy(): void }> = [];
const syncs: SyncHandle[] = [];
afterEach(() => { syncs.splice(0).forEach((s) => s.detach()); live.splice(0).forEach((m) => m.destroy()); });


async function tabs(n: number, config: Record<string, unknown> = {}) {
  const hub = new ChannelHub();
  const errors: Error[][] = [];
  const managers: ValtioStateManager[] = [];
  for (let i = 0; i < n; i++) {
    const list: Error[] = [];
    const m = new ValtioStateManager({ persistent: false, crossTab: false, devtools: false, onError: (e) => list.push(e), ...config });
    await m.ready;
    live.push(m);
    managers.push(m);
    errors.push(list);
    syncs.push(attachSync(m, { channelFactory: hub.factory }));
  }
  await hub.settle();
  const v2 = (i: number) => hub.channels.filter((c) => c.name === CHANNEL_V2)[i] as FakeChannel;
  return { hub, managers, errors, v2 };
}

describe('sync over the real core', () => {
  it.each([1, 2, 3])('converges 4 tabs after seeded random writes (seed %i)', async (seed) => {
    const { hub, managers } = await tabs(4);
    const random = rng(seed);
    for (let round = 0; round < 20; round++) {
      for (let op = 0; op < 25; op++) {
        const m = managers[Math.floor(random() * managers.length)];
        const key = `k${Math.floor(random() * 8)}`;
        const r = random();
        if (r < 0.6) m.set(key, { n: Math.floor(random() * 1000), by: m.origin.slice(0, 4) });
        else if (r < 0.8 && m.get(key) !== null && typeof m.get(key) === 'object') m.getProxyStore()[key].n = round;
        else if (r < 0.97) m.delete(key);
        else m.clear();
      }
      managers.forEach((m) => m.flush());
      if (random() < 0.5) await hub.settle(); // sometimes rounds overlap in flight
    }
    await hub.settle();
    const digests = new Set(managers.map((m) => m.core!.digest()));
    expect(digests.size, `seed ${seed}`).toBe(1);
    const snapshots = managers.map((m) => JSON.stringify(Object.entries(m.getSnapshot()).sort()));
    expect(new Set(snapshots).size, `seed ${seed}`).toBe(1);
  });

  it('a tab cut off from the channel catches up both ways from digests', async () => {
    const { hub, managers, v2 } = await tabs(3);
    v2(2).deaf = true;
    managers[0].set('while-away', 1);
    managers[2].set('offline-edit', 2);
    managers.forEach((m) => m.flush());
    await hub.settle();
    expect(managers[2].get('while-away')).toBeUndefined();
    v2(2).deaf = false;
    syncs[2].requestCatchUp();
    await hub.settle();
    for (const m of managers) expect([m.get('while-away'), m.get('offline-edit')]).toEqual([1, 2]);
    expect(new Set(managers.map((m) => m.core!.digest())).size).toBe(1);
  });

  it('drops a forged remote write into another MFE\'s namespace and reports it', async () => {
    const { hub, managers, errors } = await tabs(2, { accessControl: 'namespaces' });
    managers[1].set('mfe:profile:name', 'Ada');
    managers[1].flush();
    await hub.settle();
    // A tab whose manager has access control off (or a hostile script) sends cart's write.
    const forger = new ValtioStateManager({ persistent: false, crossTab: false, devtools: false });
    await forger.ready;
    live.push(forger);
    syncs.push(attachSync(forger, { channelFactory: hub.factory }));
    forger.forMFE('cart').set('mfe:profile:name', 'Eve');
    forger.flush();
    await hub.settle();
    for (const m of managers) expect(m.get('mfe:profile:name')).toBe('Ada');
    expect(errors[0].some((e) => /ACCESS_DENIED|may not write/.test(`${(e as { code?: string }).code} ${e.message}`))).toBe(true);
    // Locally the handle refuses before anything changes.
    expect(() => managers[0].forMFE('cart').set('mfe:profile:name', 'Eve')).toThrow(StateAccessError);
    expect(managers[0].get('mfe:profile:name')).toBe('Ada');
  });
});

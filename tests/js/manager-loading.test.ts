// The loading path of the new manager, with the real core handed over when the test says
// so (a deferred loader), and with a loader that fails.
import { afterEach, describe, expect, it } from 'vitest';
import { QUIET, recorder } from './contract/helpers.js';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { loadCore } from '../../js-shim/wasm/load-core.js';
import type { CoreFactory } from '../../js-shim/wasm/core-api.js';
import type { StateChangeEvent } from '../../js-shim/types.js';

function deferredLoader(): { load: () => Promise<CoreFactory>; release: () => Promise<void> } {
  let resolve!: (f: CoreFactory) => void;
  const promise = new Promise<CoreFactory>((r) => { resolve = r; });
  return { load: () => promise, release: async () => resolve(await loadCore()) };
}

describe('ValtioStateManager: before and without the core', () => {
  let manager: ValtioStateManager;
  afterEach(() => manager?.destroy());

  it('queues writes and remote messages until the core arrives, then applies them in order', async () => {
    const loader = deferredLoader();
    const reported: Error[] = [];
    manager = new ValtioStateManager({ ...QUIET, loadCore: loader.load, initialState: { a: 1 }, onError: (e) => reported.push(e) });
    const other = new ValtioStateManager({ ...QUIET });
    await other.ready;
    let message: string | null = null;
    other.onFlush((info) => { message = info.outbox; });
    other.set('remote', 'r', 'other-tab');
    other.flush();
    manager.set('b', 2);
    manager.getProxyStore().b2 = { x: 1 };
    manager.getProxyStore().b2.x = 2;
    const heard = recorder<[StateChangeEvent]>();
    manager.subscribeAll(heard);
    manager.applyRemoteMessage(message!);
    expect(manager.core).toBeNull();
    expect(manager.get('remote')).toBeUndefined(); // merged by the core only
    await loader.release();
    await manager.ready;
    expect(manager.getSnapshot()).toEqual({ a: 1, b: 2, b2: { x: 2 }, remote: 'r' });
    expect(JSON.parse(manager.core!.exportJson())).toEqual({ a: 1, b: 2, b2: { x: 2 }, remote: 'r' });
    expect(heard.calls.map(([e]) => `${e.key}:${e.source}`)).toEqual(['remote:other-tab (cross-tab)']);
    expect(reported).toEqual([]);
    other.destroy();
  });

  it('a core that fails to load is reported once; the manager keeps working on its view', async () => {
    const reported: Error[] = [];
    manager = new ValtioStateManager({ ...QUIET, loadCore: () => Promise.reject(new Error('offline')), onError: (e) => reported.push(e) });
    manager.set('a', 1);
    await expect(manager.ready).rejects.toThrow('offline');
    await Promise.resolve();
    expect(reported.map((e) => (e as { code?: string }).code)).toEqual(['NOT_LOADED']);
    const heard = recorder<[unknown, StateChangeEvent]>();
    manager.subscribe('a', heard);
    manager.set('a', 2);
    expect(manager.get('a')).toBe(2);
    expect(heard.calls.map(([v]) => v)).toEqual([1, 2]);
    expect(manager.core).toBeNull();
  });

  it('destroy before the core arrives: nothing is applied afterwards and nothing throws', async () => {
    const loader = deferredLoader();
    manager = new ValtioStateManager({ ...QUIET, loadCore: loader.load });
    manager.set('a', 1);
    manager.destroy();
    await loader.release();
    await manager.ready;
    expect(manager.core).toBeNull();
  });
});

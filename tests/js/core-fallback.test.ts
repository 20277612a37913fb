// When the wasm core cannot load, the new manager must not lose writes silently: they reach
// storage in the legacy format and other tabs on the legacy channel, a reload keeps them,
// `ready` rejects with a StateCoreError, and the failure is said once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { StateCoreError } from '../../js-shim/errors.js';
import { ChannelHub } from './fakes/channel-fakes.js';
import { FakeStorage } from './fakes/storage-fakes.js';

const blocked = () => new StateCoreError('WASM_BLOCKED', "the wasm core could not load: CSP. Remedy: add 'wasm-unsafe-eval'.");

describe('ValtioStateManager without its core', () => {
  const managers: ValtioStateManager[] = [];
  afterEach(() => {
    for (const m of managers.splice(0)) m.destroy();
    vi.restoreAllMocks();
  });
  const make = (config: ConstructorParameters<typeof ValtioStateManager>[0]) => {
    const m = new ValtioStateManager({ devtools: false, ...config });
    managers.push(m);
    return m;
  };

  it('stores writes in the legacy format, shares them on the legacy channel, and a reload keeps them', async () => {
    const storage = new FakeStorage();
    storage.setItem('mfe-state:theme', '"light"');
    storage.setItem('mfe-state#meta:theme', 'stale metadata of an older write');
    const hub = new ChannelHub();
    const error = blocked();
    const failing = make({ storage, channelFactory: hub.factory, loadCore: () => Promise.reject(error), onError: () => undefined });
    const withCore = make({ persistent: false, channelFactory: hub.factory });
    const legacyTab = hub.factory('mfe-state-sync');
    const legacyHeard: unknown[] = [];
    legacyTab.onmessage = (event) => legacyHeard.push(event.data);

    failing.set('theme', 'dark', 'settings'); // queued for the core before the failure is known
    const rejection = await failing.ready.then(() => null, (e: unknown) => e);
    expect(rejection).toBeInstanceOf(StateCoreError);
    expect((rejection as StateCoreError).code).toBe('WASM_BLOCKED');
    expect((rejection as StateCoreError).cause).toBe(error);
    expect((rejection as Error).message).toMatch(/CSP\. Remedy: add 'wasm-unsafe-eval'\..*legacy format/);
    await withCore.ready;

    failing.set('cart', { items: 1 }, 'cart-mfe');
    failing.getProxyStore().cart.items = 2;
    await Promise.resolve();
    expect(storage.getItem('mfe-state:theme')).toBe('"dark"');
    expect(storage.getItem('mfe-state#meta:theme')).toBeNull(); // it described the old value
    expect(storage.getItem('mfe-state:cart')).toBe('{"items":2}');
    await hub.settle();
    expect(legacyHeard).toContainEqual(expect.objectContaining({ key: 'cart', value: { items: 2 }, source: 'proxy' }));
    expect(withCore.get('cart')).toEqual({ items: 2 }); // merged through its legacy bridge
    expect(withCore.get('theme')).toBe('dark');

    // The other way: a tab with a core (bridged event) and a legacy tab (plain event).
    withCore.set('user', { name: 'Ann' }, 'profile');
    legacyTab.postMessage({ key: 'lang', value: 'fr', source: 'legacy-mfe', timestamp: Date.now() });
    await hub.settle();
    expect(failing.get('user')).toEqual({ name: 'Ann' });
    expect(failing.get('lang')).toBe('fr');

    failing.delete('theme');
    await Promise.resolve();
    expect(storage.getItem('mfe-state:theme')).toBeNull();

    // Reload: a new manager on the same storage, its core failing again, and one whose loads.
    const reloaded = make({ storage, crossTab: false, loadCore: () => Promise.reject(blocked()), onError: () => undefined });
    expect(reloaded.get('cart')).toEqual({ items: 2 });
    const healthy = make({ storage, crossTab: false, onError: () => undefined });
    await healthy.ready;
    expect(JSON.parse(healthy.core!.exportJson())).toEqual({ cart: { items: 2 } });
  });

  it('says so with exactly one console.error per failed load, however many managers waited', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = blocked();
    const load = () => Promise.reject(error);
    const a = make({ persistent: false, crossTab: false, loadCore: load });
    const b = make({ persistent: false, crossTab: false, loadCore: load });
    await Promise.allSettled([a.ready, b.ready]);
    expect(consoleError).toHaveBeenCalledTimes(1);
    expect(String(consoleError.mock.calls[0]!.join(' '))).toMatch(/could not load: CSP\. Remedy/);
    expect(consoleWarn).not.toHaveBeenCalled();
  });

  it('an app with its own onError gets the failure there, and the console stays quiet', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const reported: Error[] = [];
    const m = make({ persistent: false, crossTab: false, loadCore: () => Promise.reject(new Error('offline')), onError: (e) => reported.push(e) });
    const rejection = await m.ready.then(() => null, (e: unknown) => e);
    expect(reported).toEqual([rejection]);
    expect((rejection as StateCoreError).code).toBe('NOT_LOADED');
    expect(consoleError).not.toHaveBeenCalled();
  });
});

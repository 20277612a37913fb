// The console handles as the legacy platform shaped them, on both real managers: platform
// teams' end-to-end tests and runbooks call `getState`, `setState`, `subscribe`, `mfes` and
// (on the Valtio handle) `state`, so each must keep its name, arguments and result.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UniversalStateManager } from '../../js-shim/legacy/universal-state-manager.js';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import type { StateChangeEvent } from '../../js-shim/types.js';

interface LegacyHandle {
  manager: unknown;
  state: Record<string, any>;
  getState(): Record<string, unknown>;
  setState(key: string, value: unknown): void;
  subscribe(key: string, cb: (value: unknown, event: StateChangeEvent) => void): () => void;
  mfes(): Array<{ id: string }>;
}

const QUIET = { persistent: false, crossTab: false, onError: () => {} } as const;
const cases = [
  { name: 'UniversalStateManager', handle: '__MFE_STATE__', create: (init: Record<string, unknown>) => new UniversalStateManager({ ...QUIET, initialState: init }) },
  { name: 'ValtioStateManager', handle: '__MFE_VALTIO_STATE__', create: (init: Record<string, unknown>) => new ValtioStateManager({ ...QUIET, initialState: init }) },
];

afterEach(() => vi.unstubAllGlobals());

describe.each(cases)('window.$handle on $name', ({ handle: name, create }) => {
  const setUp = (init: Record<string, unknown> = {}) => {
    const win: Record<string, unknown> = {};
    vi.stubGlobal('window', win);
    const manager = create(init);
    return { manager, handle: win[name] as LegacyHandle, win };
  };

  it('manager is the manager itself', () => {
    const { manager, handle } = setUp();
    expect(handle.manager).toBe(manager);
    manager.destroy();
  });

  it('getState() returns the whole state as a plain object', () => {
    const { manager, handle } = setUp({ theme: 'light', user: { name: 'Ann' } });
    expect(handle.getState()).toEqual({ theme: 'light', user: { name: 'Ann' } });
    manager.set('theme', 'dark');
    expect(handle.getState()).toEqual({ theme: 'dark', user: { name: 'Ann' } });
    manager.destroy();
  });

  it("setState(key, value) writes with source 'devtools' and returns nothing", () => {
    const { manager, handle } = setUp({ theme: 'light' });
    const events: StateChangeEvent[] = [];
    manager.subscribeAll((e) => events.push(e));
    expect(handle.setState('theme', 'dark')).toBeUndefined();
    expect(manager.get('theme')).toBe('dark');
    expect(events.map((e) => [e.key, e.value, e.source])).toEqual([['theme', 'dark', 'devtools']]);
    manager.destroy();
  });

  it('subscribe(key, cb) hears the current value, then each write, until unsubscribed', () => {
    const { manager, handle } = setUp({ count: 1 });
    const seen: unknown[] = [];
    const unsubscribe = handle.subscribe('count', (value) => seen.push(value));
    manager.set('count', 2);
    manager.set('other', 'x');
    expect(typeof unsubscribe).toBe('function');
    unsubscribe();
    manager.set('count', 3);
    expect(seen).toEqual([1, 2]);
    manager.destroy();
  });

  it('mfes() lists the registered MFEs with their metadata', () => {
    const { manager, handle } = setUp();
    expect(handle.mfes()).toEqual([]);
    manager.registerMFE('cart', { framework: 'react', version: '1.2.0' });
    expect(handle.mfes()).toEqual([expect.objectContaining({ id: 'cart', framework: 'react', version: '1.2.0' })]);
    manager.unregisterMFE('cart');
    expect(handle.mfes()).toEqual([]);
    manager.destroy();
  });

  it('the newer helpers stay beside the legacy members', () => {
    const { manager, handle } = setUp({ a: 1 });
    const h = handle as unknown as { get(k: string): unknown; keys(): string[] };
    expect(h.get('a')).toBe(1);
    expect(h.keys()).toEqual(['a']);
    manager.destroy();
  });

  it('destroy() removes the handle', () => {
    const { manager, win } = setUp();
    manager.destroy();
    expect(win[name]).toBeUndefined();
  });
});

describe('window.__MFE_VALTIO_STATE__.state', () => {
  it('is the live store, as on the legacy Valtio handle: reads are current and assignments write', () => {
    const win: Record<string, unknown> = {};
    vi.stubGlobal('window', win);
    const manager = new ValtioStateManager({ ...QUIET, initialState: { user: { name: 'Ann' } } });
    const handle = win.__MFE_VALTIO_STATE__ as LegacyHandle;
    expect(handle.state).toBe(manager.getProxyStore());
    handle.state.user.name = 'Bob';
    expect(manager.get('user')).toEqual({ name: 'Bob' });
    manager.set('theme', 'dark');
    expect(handle.state.theme).toBe('dark');
    manager.destroy();
  });
});

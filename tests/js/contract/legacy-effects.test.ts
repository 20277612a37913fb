// The legacy manager's side effects, and a mixed rollout (docs/api-contract.md section 3, docs/reliability.md scenario 11c):
// real node BroadcastChannels between managers of one process; waits are on listener
// promises, never on timers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QUIET } from './helpers.js';
import { UniversalStateManager } from '../../../js-shim/legacy/universal-state-manager.js';
import { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';
import type { StateChangeEvent, StateManager } from '../../../js-shim/types.js';

/** Resolves with the first event for `key` whose source ends with '(cross-tab)'. */
function nextRemote(manager: StateManager, key: string): Promise<StateChangeEvent> {
  return new Promise((resolve) => {
    const off = manager.subscribe(key, (_value, event) => {
      if (!event.source.endsWith('(cross-tab)')) return;
      off();
      resolve(event);
    });
  });
}

describe('legacy manager side effects', () => {
  const managers: StateManager[] = [];
  afterEach(() => {
    for (const m of managers.splice(0)) m.destroy();
    vi.unstubAllGlobals();
  });
  const track = <M extends StateManager>(m: M): M => {
    managers.push(m);
    return m;
  };

  it("broadcasts every change on 'mfe-state-sync'; the other tab applies it with '(cross-tab)'", async () => {
    vi.stubGlobal('window', new EventTarget()); // cross-tab is a browser feature
    const a = track(new UniversalStateManager({ ...QUIET, crossTab: true }));
    const b = track(new UniversalStateManager({ ...QUIET, crossTab: true }));
    const arrived = nextRemote(b, 'theme');
    a.set('theme', 'dark', 'settings');
    const event = await arrived;
    expect(event).toMatchObject({ key: 'theme', value: 'dark', source: 'settings (cross-tab)' });
    expect(b.get('theme')).toBe('dark');
    const removed = nextRemote(b, 'theme');
    a.delete('theme');
    expect((await removed).value).toBeUndefined();
    expect(b.getSnapshot()).toEqual({});
  });

  it('installs window.__MFE_STATE__ and reports to Redux DevTools when present', () => {
    const sent: unknown[] = [];
    const connection = { init: vi.fn(), send: (action: unknown) => sent.push(action) };
    const fakeWindow: Record<string, unknown> = { __REDUX_DEVTOOLS_EXTENSION__: { connect: () => connection } };
    vi.stubGlobal('window', fakeWindow);
    const m = track(new UniversalStateManager({ ...QUIET, devtools: true, initialState: { a: 1 } }));
    expect(connection.init).toHaveBeenCalledWith({ a: 1 });
    m.set('a', 2, 'src');
    expect(sent).toEqual([expect.objectContaining({ type: 'SET a', payload: 2 })]);
    const handle = fakeWindow.__MFE_STATE__ as { getState(): unknown; manager: unknown };
    expect(handle.manager).toBe(m);
    expect(handle.getState()).toEqual({ a: 2 });
    m.destroy();
    expect(fakeWindow.__MFE_STATE__).toBeUndefined();
  });

  it('works with every side effect on where the platform has none (SSR: no window)', async () => {
    const legacy = track(new UniversalStateManager({ initialState: { a: 1 } }));
    const ours = track(new ValtioStateManager({ initialState: { a: 1 } }));
    // Two managers of one server process must not sync with each other.
    legacy.set('a', 2);
    ours.set('a', 3);
    await ours.ready;
    expect(legacy.get('a')).toBe(2);
    expect(ours.get('a')).toBe(3);
  });
});

describe('mixed rollout: a legacy tab and a new tab on the same channel', () => {
  const managers: StateManager[] = [];
  afterEach(() => {
    for (const m of managers.splice(0)) m.destroy();
    vi.unstubAllGlobals();
  });

  it('each sees the other\'s writes', async () => {
    vi.stubGlobal('window', new EventTarget());
    const old = new UniversalStateManager({ ...QUIET, crossTab: true });
    const ours = new ValtioStateManager({ ...QUIET, crossTab: true, onError: () => {} });
    managers.push(old, ours);
    await ours.ready;
    const toOurs = nextRemote(ours, 'fromLegacy');
    old.set('fromLegacy', { n: 1 }, 'legacy-mfe');
    expect(await toOurs).toMatchObject({ value: { n: 1 }, source: 'legacy-mfe (cross-tab)' });
    const toOld = nextRemote(old, 'fromOurs');
    ours.set('fromOurs', [1, 2], 'new-mfe');
    expect(await toOld).toMatchObject({ value: [1, 2], source: 'new-mfe (cross-tab)' });
    expect(old.get('fromOurs')).toEqual([1, 2]);
    expect(ours.get('fromLegacy')).toEqual({ n: 1 });
  });
});

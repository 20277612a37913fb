// The manager's devtools at construction: the console handle at once, the Redux DevTools
// connection only when the extension is installed, loaded as its own chunk a few tasks
// later. Writes made before it arrives are part of the base state it starts from.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { FakeExtension } from './devtools-fakes.js';

const QUIET = { persistent: false, crossTab: false } as const;
const live: ValtioStateManager[] = [];
afterEach(() => {
  live.splice(0).forEach((m) => m.destroy());
  vi.unstubAllGlobals();
});
const make = (config: ConstructorParameters<typeof ValtioStateManager>[0] = {}) => {
  const m = new ValtioStateManager({ ...QUIET, ...config });
  live.push(m);
  return m;
};

/** Lets the manager's import() of the connection settle (it is the module loaded here too). */
async function connectionChunkSettled(): Promise<void> {
  await import('../../js-shim/devtools/connection.js');
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('devtools attached on demand', () => {
  it('installs the console handle synchronously and connects nothing without the extension', async () => {
    const win: Record<string, unknown> = {};
    vi.stubGlobal('window', win);
    const m = make({ initialState: { theme: 'light' } });
    const handle = win.__MFE_VALTIO_STATE__ as { get(key: string): unknown; manager: unknown };
    expect(handle.manager).toBe(m);
    expect(handle.get('theme')).toBe('light');
    m.destroy();
    expect(win.__MFE_VALTIO_STATE__).toBeUndefined();
  });

  it('connects once the chunk arrives, from the state at that moment, then names every change', async () => {
    const ext = new FakeExtension();
    const win: Record<string, unknown> = { __REDUX_DEVTOOLS_EXTENSION__: ext };
    vi.stubGlobal('window', win);
    const m = make({ initialState: { theme: 'light' } });
    expect(win.__MFE_VALTIO_STATE__).toBeDefined();
    m.set('early', 1, 'boot'); // before the connection exists
    await vi.waitFor(() => expect(ext.inits).toHaveLength(1));
    expect(ext.connectOptions).toEqual([expect.objectContaining({ name: 'MFE Universal State' })]);
    expect(ext.inits[0]).toEqual({ theme: 'light', early: 1 });

    await m.ready;
    m.set('theme', 'dark', 'settings');
    m.flush();
    expect(ext.names()).toEqual(['set theme (settings)']);
    expect(ext.sent.at(-1)!.state).toEqual({ theme: 'dark', early: 1 });

    // Time travel reaches the manager through the lazily loaded code as well.
    ext.dispatch({ type: 'DISPATCH', payload: { type: 'JUMP_TO_STATE' }, state: JSON.stringify({ theme: 'light' }) });
    expect(m.getSnapshot()).toEqual({ theme: 'light' });
  });

  it('never connects a manager destroyed before the connection arrived', async () => {
    const ext = new FakeExtension();
    vi.stubGlobal('window', { __REDUX_DEVTOOLS_EXTENSION__: ext });
    const m = make();
    m.destroy();
    await connectionChunkSettled();
    expect(ext.connectOptions).toEqual([]);
    expect(ext.subscribers.size).toBe(0);
  });

  it('closes the connection on destroy once connected', async () => {
    const ext = new FakeExtension();
    vi.stubGlobal('window', { __REDUX_DEVTOOLS_EXTENSION__: ext });
    const m = make();
    await vi.waitFor(() => expect(ext.subscribers.size).toBe(1));
    m.destroy();
    expect(ext.subscribers.size).toBe(0);
  });
});

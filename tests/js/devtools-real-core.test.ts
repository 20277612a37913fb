// js-shim/devtools over the real ValtioStateManager and wasm core, with a fake extension:
// the action names come from real change sets, and time travel really replaces the state
// held by the core (not only the JS view).
import { afterEach, describe, expect, it } from 'vitest';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { attachDevtools, DEVTOOLS_SOURCE } from '../../js-shim/devtools/index.js';
import type { StateChangeEvent } from '../../js-shim/types.js';
import { FakeExtension } from './devtools-fakes.js';

const live: ValtioStateManager[] = [];
afterEach(() => live.splice(0).forEach((m) => m.destroy()));

async function setup() {
  const errors: Error[] = [];
  const manager = new ValtioStateManager({
    persistent: false, crossTab: false, devtools: false,
    initialState: { theme: 'light', sharedCounter: 0 },
    onError: (e) => errors.push(e),
  });
  live.push(manager);
  await manager.ready;
  const ext = new FakeExtension();
  const devtools = attachDevtools(manager, { extension: ext, windowHandleName: null });
  const events: StateChangeEvent[] = [];
  manager.subscribeAll((e) => events.push(e));
  return { manager, ext, devtools, errors, events };
}

/** What the core holds, rebuilt from it: time travel must reach the source of truth. */
function coreState(manager: ValtioStateManager): unknown {
  manager.flush();
  return JSON.parse(manager.core!.exportJson());
}

describe('devtools over the real manager', () => {
  it('names committed changes by the fields they changed and the writer', async () => {
    const { manager, ext } = await setup();
    expect(ext.inits).toEqual([{ theme: 'light', sharedCounter: 0 }]);

    manager.set('user', { name: 'Ada', email: '' }, 'react-mfe');
    manager.flush();
    manager.set('user', { name: 'Ada', email: 'ada@example.com' }, 'vue-mfe');
    manager.flush();
    manager.getProxyStore().user.name = 'Grace';
    manager.flush();
    manager.delete('theme');
    manager.flush();

    expect(ext.names()).toEqual([
      'set user (react-mfe)',
      'set user.email (vue-mfe)',
      'set user.name (proxy)',
      'delete theme (delete)',
    ]);
    expect(ext.sent.at(-1)!.state).toEqual({ sharedCounter: 0, user: { name: 'Grace', email: 'ada@example.com' } });
  });

  it('JUMP_TO_STATE replaces the state in the view and in the core, removes absent keys, and is not re-sent', async () => {
    const { manager, ext, events, errors } = await setup();
    manager.set('user', { name: 'Ada' }, 'react-mfe');
    manager.set('sharedCounter', 5, 'vanilla-mfe');
    manager.flush();
    const sentBefore = ext.sent.length;

    ext.dispatch({ type: 'DISPATCH', payload: { type: 'JUMP_TO_STATE' }, state: JSON.stringify(ext.inits[0]) });
    expect(manager.getSnapshot()).toEqual({ theme: 'light', sharedCounter: 0 });
    expect(manager.get('user')).toBeUndefined();
    expect(coreState(manager)).toEqual({ theme: 'light', sharedCounter: 0 });
    expect(ext.sent.length).toBe(sentBefore);
    // Listeners heard it, labelled as devtools writes.
    expect(events.filter((e) => e.key === 'sharedCounter').at(-1)).toMatchObject({ value: 0, source: DEVTOOLS_SOURCE });
    expect(events.some((e) => e.key === 'user' && e.value === undefined)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('COMMIT, ROLLBACK, RESET and IMPORT_STATE end in the expected state, in the core too', async () => {
    const { manager, ext } = await setup();
    manager.set('theme', 'dark', 'vue-mfe');
    manager.flush();
    ext.dispatch({ type: 'DISPATCH', payload: { type: 'COMMIT' } });
    manager.set('extra', [1, 2], 'react-mfe');
    manager.flush();

    ext.dispatch({ type: 'DISPATCH', payload: { type: 'ROLLBACK' }, state: JSON.stringify(ext.inits.at(-1)) });
    expect(coreState(manager)).toEqual({ theme: 'dark', sharedCounter: 0 });

    ext.dispatch({ type: 'DISPATCH', payload: { type: 'RESET' } });
    expect(coreState(manager)).toEqual({ theme: 'light', sharedCounter: 0 });

    const imported = { user: { name: 'Imported' }, sharedCounter: 7 };
    ext.dispatch({ type: 'DISPATCH', payload: { type: 'IMPORT_STATE', nextLiftedState: { computedStates: [{ state: {} }, { state: imported }] } } });
    expect(manager.getSnapshot()).toEqual(imported);
    expect(coreState(manager)).toEqual(imported);
  });

  it('reports what the manager refuses and keeps the state', async () => {
    const { manager, ext, errors } = await setup();
    ext.dispatch({ type: 'DISPATCH', payload: { type: 'JUMP_TO_STATE' }, state: JSON.stringify({ theme: 'x', big: 'y'.repeat(2 * 1024 * 1024) }) });
    expect(manager.getSnapshot()).toEqual({ theme: 'light', sharedCounter: 0 });
    expect(errors).toHaveLength(1);
  });
});

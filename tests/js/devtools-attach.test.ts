// js-shim/devtools alone: a fake host and a fake Redux DevTools extension. What is sent to
// the extension, and what each time-travel message does to the host's state.
import { describe, expect, it } from 'vitest';
import { attachDevtools, DEVTOOLS_SOURCE } from '../../js-shim/devtools/index.js';
import { change, FakeExtension, FakeHost } from './devtools-fakes.js';

const user = { profile: { name: 'Ada', email: 'ada@example.com' } };

function setup(initial: Record<string, unknown> = { theme: 'light', sharedCounter: 0 }) {
  const host = new FakeHost(initial);
  const ext = new FakeExtension();
  const devtools = attachDevtools(host, { extension: ext, name: 'demo', windowHandleName: null });
  return { host, ext, devtools };
}
const snapshot = (host: FakeHost) => Object.fromEntries(host.state);
const dispatch = (ext: FakeExtension, payload: object, state?: unknown) =>
  ext.dispatch({ type: 'DISPATCH', payload, ...(state === undefined ? {} : { state }) });

describe('sending changes', () => {
  it('connects with the given name and sends the state at attach time as the base', () => {
    const { ext, devtools } = setup();
    expect(ext.connectOptions).toEqual([expect.objectContaining({ name: 'demo' })]);
    expect(ext.inits).toEqual([{ theme: 'light', sharedCounter: 0 }]);
    expect(devtools.connected).toBe(true);
    expect(devtools.recording).toBe(true);
  });

  it('names each committed change by path and writer and sends the state after it', () => {
    const { host, ext } = setup({ user });
    host.write('user', ['profile', 'name'], 'Grace', 'react-mfe');
    expect(ext.names()).toEqual(['set user.profile.name (react-mfe)']);
    expect(ext.sent[0].state).toEqual({ user: { profile: { name: 'Grace', email: 'ada@example.com' } } });
    expect(ext.sent[0].action).toMatchObject({ changes: [{ path: 'user.profile.name', op: 'set', source: 'react-mfe' }] });
  });

  it('groups the changes of one flush by operation and writer; remote ones say cross-tab', () => {
    const { host, ext } = setup();
    host.emit(
      [
        change({ key: 'theme', path: [], deleted: false, json: '"dark"', origin: 'local' }),
        change({ key: 'sharedCounter', path: [], deleted: false, json: '1', origin: 'local' }),
        change({ key: 'mfe:vue:notes', path: [], deleted: true, origin: 'local' }),
        change({ key: 'list', path: [2, 'a b'], deleted: false, json: '1', origin: 'remote' }),
      ],
      [
        { key: 'theme', value: 'dark', previousValue: 'light', source: 'vue-mfe', timestamp: 1 },
        { key: 'sharedCounter', value: 1, previousValue: 0, source: 'vue-mfe', timestamp: 1 },
        { key: 'mfe:vue:notes', value: undefined, previousValue: 'x', source: 'delete', timestamp: 1 },
      ],
    );
    expect(ext.names()).toEqual([
      'set theme, sharedCounter (vue-mfe); delete mfe:vue:notes (delete); set list[2]["a b"] (cross-tab)',
    ]);
  });

  it('uses the source the manager carries on a change when there is one', () => {
    const { host, ext } = setup();
    host.emit([change({ key: 'theme', path: [], deleted: false, json: '"x"', origin: 'remote', source: 'vanilla-mfe' })]);
    expect(ext.names()).toEqual(['set theme (vanilla-mfe (cross-tab))']);
  });

  it('names a whole-object write by the field it changed', () => {
    const { host, ext } = setup({ user });
    host.replaceState({ user: { profile: { ...user.profile, email: 'ada@lovelace.dev' } } }, 'vue-mfe');
    expect(ext.names()).toEqual(['set user.profile.email (vue-mfe)']);
  });

  it('summarises long lists of paths', () => {
    const { host, ext } = setup();
    const keys = ['a', 'b', 'c', 'd', 'e'];
    host.emit(
      keys.map((key) => change({ key, path: [], deleted: false, json: '1', origin: 'local' })),
      keys.map((key) => ({ key, value: 1, previousValue: undefined, source: 'snapshot', timestamp: 1 })),
    );
    expect(ext.names()).toEqual(['set a, b, c +2 more (snapshot)']);
  });
});

describe('time travel', () => {
  it('JUMP_TO_STATE and JUMP_TO_ACTION replace the state, removing keys absent from the target', () => {
    const { host, ext } = setup();
    host.write('user', [], user, 'react-mfe');
    host.write('theme', [], 'dark', 'vue-mfe');
    const afterFirst = ext.sent[0].state;

    dispatch(ext, { type: 'JUMP_TO_STATE', index: 1, actionId: 1 }, JSON.stringify(afterFirst));
    expect(snapshot(host)).toEqual({ theme: 'light', sharedCounter: 0, user });

    dispatch(ext, { type: 'JUMP_TO_ACTION', actionId: 0 }, JSON.stringify(ext.inits[0]));
    expect(snapshot(host)).toEqual({ theme: 'light', sharedCounter: 0 });
    expect(host.state.has('user')).toBe(false);
    // Replaying history is not new history.
    expect(ext.names()).toEqual(['set user (react-mfe)', 'set theme (vue-mfe)']);
  });

  it('COMMIT makes the current state the base; ROLLBACK returns to it', () => {
    const { host, ext } = setup();
    host.write('theme', [], 'dark', 'vue-mfe');
    dispatch(ext, { type: 'COMMIT' });
    expect(ext.inits.at(-1)).toEqual({ theme: 'dark', sharedCounter: 0 });

    host.write('sharedCounter', [], 5, 'vanilla-mfe');
    host.write('extra', [], true, 'react-mfe');
    dispatch(ext, { type: 'ROLLBACK' }, JSON.stringify(ext.inits.at(-1)));
    expect(snapshot(host)).toEqual({ theme: 'dark', sharedCounter: 0 });
    expect(ext.inits.at(-1)).toEqual({ theme: 'dark', sharedCounter: 0 });
  });

  it('RESET returns to the state at attach time, even after a COMMIT', () => {
    const { host, ext } = setup();
    host.write('theme', [], 'dark', 'vue-mfe');
    dispatch(ext, { type: 'COMMIT' });
    host.write('user', [], user, 'react-mfe');
    dispatch(ext, { type: 'RESET' });
    expect(snapshot(host)).toEqual({ theme: 'light', sharedCounter: 0 });
    expect(ext.inits.at(-1)).toEqual({ theme: 'light', sharedCounter: 0 });
  });

  it('IMPORT_STATE applies the last computed state and hands the history back to the extension', () => {
    const { host, ext } = setup();
    host.write('junk', [], 1, 'x');
    const lifted = {
      actionsById: {},
      computedStates: [{ state: { theme: 'light' } }, { state: { theme: 'dark', user } }],
      stagedActionIds: [0, 1],
    };
    dispatch(ext, { type: 'IMPORT_STATE', nextLiftedState: lifted });
    expect(snapshot(host)).toEqual({ theme: 'dark', user });
    expect(ext.sent.at(-1)).toEqual({ action: null, state: lifted });
  });

  it('PAUSE_RECORDING stops and resumes sending (explicit status or toggle)', () => {
    const { host, ext, devtools } = setup();
    dispatch(ext, { type: 'PAUSE_RECORDING', status: false });
    expect(devtools.recording).toBe(false);
    host.write('theme', [], 'dark', 'vue-mfe');
    expect(ext.sent).toEqual([]);
    expect(host.state.get('theme')).toBe('dark'); // pausing never blocks writes

    dispatch(ext, { type: 'PAUSE_RECORDING' });
    expect(devtools.recording).toBe(true);
    host.write('theme', [], 'light', 'vue-mfe');
    expect(ext.names()).toEqual(['set theme (vue-mfe)']);
  });

  it('labels time-travel writes with the devtools source so listeners can tell them apart', () => {
    const { host, ext } = setup();
    const seen: string[] = [];
    host.onFlush((info) => seen.push(...info.legacyEvents.map((e) => e.source)));
    dispatch(ext, { type: 'JUMP_TO_STATE' }, '{"theme":"dark"}');
    expect(seen).toEqual([DEVTOOLS_SOURCE, DEVTOOLS_SOURCE]);
  });
});

describe('untrusted messages', () => {
  it('reports malformed messages and leaves the state exactly as it was', () => {
    const { host, ext } = setup();
    const before = snapshot(host);
    const bad: unknown[] = [
      { type: 'DISPATCH', payload: { type: 'JUMP_TO_STATE' }, state: '{not json' },
      { type: 'DISPATCH', payload: { type: 'JUMP_TO_ACTION' }, state: '[1,2]' },
      { type: 'DISPATCH', payload: { type: 'JUMP_TO_STATE' } },
      { type: 'DISPATCH', payload: { type: 'IMPORT_STATE', nextLiftedState: { computedStates: [] } } },
      { type: 'DISPATCH', payload: { type: 'IMPORT_STATE' } },
      { type: 'DISPATCH', payload: null },
      { type: 'DISPATCH', payload: { type: 'JUMP_TO_STATE' }, state: '{"__proto__":{"polluted":true}}' },
      { type: 'DISPATCH', payload: { type: 'ROLLBACK' }, state: '{"theme":"x","deep":{"a":[{"constructor":{}}]}}' },
    ];
    for (const message of bad) expect(() => ext.dispatch(message)).not.toThrow();
    expect(host.errors).toHaveLength(bad.length);
    expect(snapshot(host)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignores messages that are not time travel', () => {
    const { host, ext } = setup();
    for (const m of [null, 42, 'x', { type: 'START' }, { type: 'ACTION', payload: '{}' }, { type: 'DISPATCH', payload: { type: 'LOCK_CHANGES' } }]) {
      ext.dispatch(m);
    }
    expect(host.errors).toEqual([]);
  });

  it('reports an extension that throws instead of breaking the write', () => {
    const host = new FakeHost({ theme: 'light' });
    const throwing = new FakeExtension();
    const conn = throwing.connect.bind(throwing);
    throwing.connect = (o) => ({ ...conn(o), send: () => { throw new Error('too big'); } });
    attachDevtools(host, { extension: throwing, windowHandleName: null });
    expect(() => host.write('theme', [], 'dark', 'x')).not.toThrow();
    expect(host.errors.map((e) => e.message)).toEqual(['devtools: send failed: too big']);
  });
});

describe('without the extension', () => {
  it('does nothing per write when there is no extension (node: no window either)', () => {
    const host = new FakeHost({ theme: 'light' });
    const devtools = attachDevtools(host);
    expect(devtools.connected).toBe(false);
    expect(host.listenerCount()).toBe(0);
    host.write('theme', [], 'dark', 'x');
    expect(host.errors).toEqual([]);
    expect(() => devtools.detach()).not.toThrow();
  });

  it('reports a connect that throws and carries on without', () => {
    const host = new FakeHost();
    const devtools = attachDevtools(host, {
      extension: { connect: () => { throw new Error('blocked'); } },
      windowHandleName: null,
    });
    expect(devtools.connected).toBe(false);
    expect(host.errors).toHaveLength(1);
  });

  it('finds the extension on the injected window', () => {
    const ext = new FakeExtension();
    const win: Record<string, unknown> = { __REDUX_DEVTOOLS_EXTENSION__: ext };
    const devtools = attachDevtools(new FakeHost(), { window: win });
    expect(devtools.connected).toBe(true);
    expect(ext.inits).toHaveLength(1);
  });
});

describe('detach', () => {
  it('stops sending, unsubscribes from the extension and removes the handle', () => {
    const host = new FakeHost({ theme: 'light' });
    const ext = new FakeExtension();
    const win: Record<string, unknown> = {};
    const devtools = attachDevtools(host, { extension: ext, window: win });
    expect(win.__MFE_VALTIO_STATE__).toBeDefined();
    devtools.detach();
    host.write('theme', [], 'dark', 'x');
    expect(ext.sent).toEqual([]);
    expect(ext.subscribers.size).toBe(0);
    expect(host.listenerCount()).toBe(0);
    expect('__MFE_VALTIO_STATE__' in win).toBe(false);
    expect(devtools.connected).toBe(false);
  });
});

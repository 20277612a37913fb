// The console handle alone: what a developer gets from `window.__MFE_VALTIO_STATE__` /
// `window.__MFE_STATE__`, with an injected window (node has none).
import { describe, expect, it } from 'vitest';
import { attachDevtools, exposeDebugHandle, type DebugHandle, type DebugHandleTarget } from '../../js-shim/devtools/index.js';
import type { StateChangeEvent } from '../../js-shim/types.js';
import { FakeHost } from './devtools-fakes.js';

/** A manager-shaped target over a Map, recording the source of each write. */
function fakeManager(initial: Record<string, unknown>) {
  const state = new Map(Object.entries(initial));
  const writes: { key: string; source?: string }[] = [];
  const listeners = new Set<(e: StateChangeEvent) => void>();
  const target: DebugHandleTarget = {
    get: (k) => state.get(k),
    getSnapshot: () => structuredClone(Object.fromEntries(state)),
    set: (key, value, source) => {
      writes.push({ key, source });
      state.set(key, value);
      for (const l of listeners) l({ key, value, previousValue: undefined, source: source ?? 'unknown', timestamp: 1 });
    },
    delete: (key) => void state.delete(key),
    subscribeAll: (l) => (listeners.add(l), () => listeners.delete(l)),
  };
  return { target, state, writes, listeners };
}

describe('console handle', () => {
  it('reads, writes with source "console", deletes and lists keys', () => {
    const { target, state, writes } = fakeManager({ theme: 'light' });
    const win: Record<string, unknown> = {};
    exposeDebugHandle(target, '__MFE_STATE__', win);
    const handle = win.__MFE_STATE__ as DebugHandle;
    expect(handle.manager).toBe(target);
    expect(handle.get('theme')).toBe('light');
    handle.set('theme', 'dark');
    expect(writes).toEqual([{ key: 'theme', source: 'console' }]);
    expect(handle.keys()).toEqual(['theme']);
    const copy = handle.state;
    copy.theme = 'changed';
    expect(state.get('theme')).toBe('dark');
    handle.delete('theme');
    expect(handle.keys()).toEqual([]);
  });

  it('watch() subscribes until stopped', () => {
    const { target, listeners } = fakeManager({});
    const win: Record<string, unknown> = {};
    exposeDebugHandle(target, 'h', win);
    const stop = (win.h as DebugHandle).watch();
    expect(listeners.size).toBe(1);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('removal leaves a newer handle of the same name alone', () => {
    const win: Record<string, unknown> = {};
    const removeOld = exposeDebugHandle(fakeManager({}).target, 'h', win);
    exposeDebugHandle(fakeManager({ a: 1 }).target, 'h', win);
    removeOld();
    expect((win.h as DebugHandle).get('a')).toBe(1);
  });

  it('is a no-op without a window (SSR) or without a name', () => {
    expect(() => exposeDebugHandle(fakeManager({}).target)()).not.toThrow();
    const win: Record<string, unknown> = {};
    exposeDebugHandle(fakeManager({}).target, '', win);
    expect(Object.keys(win)).toEqual([]);
  });

  it('attachDevtools installs a read-only handle over a bare host', () => {
    const win: Record<string, unknown> = {};
    attachDevtools(new FakeHost({ theme: 'light' }), { extension: null, window: win });
    const handle = win.__MFE_VALTIO_STATE__ as DebugHandle;
    expect(handle.state).toEqual({ theme: 'light' });
    expect(() => handle.set('theme', 'dark')).toThrow(TypeError);
  });
});

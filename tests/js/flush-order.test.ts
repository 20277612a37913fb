// In which order a commit is heard. A write from another tab reaches its key listeners
// before the flush listeners (storage, devtools), which can wait; flush listeners still get
// every commit once and in the order the core made them, and what a commit's `changes` say
// is what was committed, however late a flush listener reads them.
import { describe, expect, it } from 'vitest';
import type { CoreChange } from '../../js-shim/wasm/core-api.js';
import type { FlushInfo } from '../../js-shim/internal/manager-host.js';
import { Notifier } from '../../js-shim/manager/notifier.js';
import { ValtioStateManager } from '../../js-shim/core.js';
import { MemoryStorage } from './contract/helpers.js';

function setup() {
  const view = new Map<string, unknown>();
  const log: string[] = [];
  const notifier = new Notifier({
    read: (key) => view.get(key),
    mutable: (node) => node,
    commit: () => log.push('commit'),
    report: (error) => log.push(`error ${error.message}`),
  });
  return { view, log, notifier };
}

const change = (key: string, value: unknown): CoreChange => ({ key, path: [], deleted: false, value, source: 'test' });

describe('flush listeners and key listeners', () => {
  it('tells key listeners of a remote change before flush listeners', () => {
    const { view, log, notifier } = setup();
    notifier.listeners.addKey('k', (value) => log.push(`key listener ${String(value)}`));
    notifier.onFlush((info) => log.push(`flush ${info.changedKeys.join(',')}`));
    view.set('k', 2);
    notifier.committed([change('k', 2)], 'remote', null, []);
    notifier.remoteApplied(new Map([['k', { previous: 1, source: 'tab' }]]), ' (cross-tab)');
    expect(log).toEqual(['key listener 2', 'flush k']);
  });

  it('delivers a held remote commit before the commit of a write its listener made', () => {
    const { view, log, notifier } = setup();
    notifier.onFlush((info) => log.push(`flush ${info.changes.map((c) => `${c.origin}:${c.key}=${String(c.value)}`).join(',')}`));
    notifier.listeners.addKey('a', () => {
      // The listener writes and flushes at once: that local commit comes after the remote one.
      view.set('b', 1);
      notifier.written('b', 1, undefined, 'listener', null);
      notifier.committed([change('b', 1)], 'local', null, []);
    });
    view.set('a', 5);
    notifier.committed([change('a', 5)], 'remote', null, []);
    notifier.remoteApplied(new Map([['a', { previous: undefined, source: 'tab' }]]), ' (cross-tab)');
    expect(log).toEqual(['flush remote:a=5', 'flush local:b=1']);
  });

  it('still delivers a held remote commit at the end of the task if nothing else does', async () => {
    const { view, log, notifier } = setup();
    notifier.onFlush((info) => log.push(`flush ${info.changedKeys.join(',')}`));
    view.set('k', 1);
    notifier.committed([change('k', 1)], 'remote', null, []);
    notifier.schedule();
    await Promise.resolve();
    expect(log).toEqual(['flush k', 'commit']);
  });

  it("gives a commit's changes as committed, even when a flush listener reads them after later writes", () => {
    const { view, notifier } = setup();
    const infos: FlushInfo[] = [];
    notifier.onFlush((info) => infos.push(info));
    notifier.acknowledge(new Map([['k', { n: 0 }]]));
    view.set('k', { n: 1 });
    notifier.committed([change('k', { n: 1 })], 'local', null, []);
    view.set('k', { n: 2 });
    notifier.committed([change('k', { n: 2 })], 'local', null, []);
    // read only now, after both commits
    expect(infos.map((i) => i.changes.map((c) => [c.previous, c.value]))).toEqual([
      [[{ n: 0 }, { n: 1 }]],
      [[{ n: 1 }, { n: 2 }]],
    ]);
    expect(infos[0]!.changes).toBe(infos[0]!.changes); // built once
    expect(Object.isFrozen(infos[1]!.changes[0]!.value)).toBe(true);
  });

  it('over a real core: a remote write is heard by its listener before this tab schedules storage for it', async () => {
    const OFF = { persistent: false, crossTab: false, devtools: false } as const;
    const a = new ValtioStateManager(OFF);
    const b = new ValtioStateManager(OFF);
    await Promise.all([a.ready, b.ready]);
    const outbox: Array<string | Uint8Array> = [];
    a.onFlush((info) => { if (info.outbox !== null) outbox.push(info.outbox); });
    const log: string[] = [];
    b.onFlush((info) => log.push(`flush ${info.changedKeys.join(',')}`));
    b.subscribe('theme', (value) => log.push(`listener ${String(value)}`));
    a.set('theme', 'dark', 'settings');
    a.flush();
    b.applyRemoteMessage(outbox[0]!);
    expect(log).toEqual(['listener dark', 'flush theme']);
    a.destroy();
    b.destroy();
  });
});

describe('a local write leaving the tab', () => {
  it("posts the other tabs' message before this tab writes it to storage", async () => {
    const log: string[] = [];
    class LoggingStorage extends MemoryStorage {
      override setItem(key: string, value: string): void {
        log.push('stored');
        super.setItem(key, value);
      }
    }
    const channel = { onmessage: null, postMessage: (data: unknown) => log.push(typeof data === 'string' || data instanceof Uint8Array ? 'v2 posted' : 'legacy posted'), close() {} };
    // 'sync' storage writes: the storage write happens inside the commit's flush listeners
    const manager = new ValtioStateManager({ crossTab: true, devtools: false, storage: new LoggingStorage(), storageWrites: 'sync', channelFactory: () => channel });
    await manager.ready;
    await new Promise((resolve) => setTimeout(resolve, 0));
    log.length = 0;
    manager.set('theme', 'dark', 'settings'); // ('sync' commits inside the set)
    await Promise.resolve();
    expect(log[0]).toBe('v2 posted');
    expect(log).toContain('stored');
    manager.destroy();
  });
});

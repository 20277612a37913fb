// The notifier alone, over a plain Map as the view: who hears a write and when (listeners
// synchronously, end-of-task listeners once per task after the commit), what flush listeners
// get as `previous` (the acknowledged value, not the view's), and that a throwing listener
// neither stops the others nor escapes.
import { describe, expect, it } from 'vitest';
import type { CoreChange } from '../../js-shim/wasm/core-api.js';
import type { FlushInfo } from '../../js-shim/internal/manager-host.js';
import { Notifier } from '../../js-shim/manager/notifier.js';

function setup() {
  const view = new Map<string, unknown>();
  const errors: Error[] = [];
  const log: string[] = [];
  const notifier = new Notifier({
    read: (key) => view.get(key),
    mutable: (node) => (node !== null && typeof node === 'object' ? { ...(node as object) } as typeof node : node),
    commit: () => log.push('commit'),
    report: (error) => errors.push(error),
  });
  return { view, errors, log, notifier };
}

const setOf = (key: string, json: string): CoreChange => ({ key, path: [], deleted: false, value: JSON.parse(json), source: 'test' }) as CoreChange;

describe('Notifier', () => {
  it('tells key listeners synchronously with a mutable copy and a frozen previous value', () => {
    const { view, notifier } = setup();
    const previous = { n: 1 };
    const next = { n: 2 };
    view.set('k', next);
    const heard: Array<{ value: unknown; previous: unknown }> = [];
    notifier.listeners.addKey('k', (value, event) => heard.push({ value, previous: event.previousValue }));
    notifier.written('k', next, previous, 'src', null);
    expect(heard).toHaveLength(1);
    expect(heard[0]!.value).toEqual({ n: 2 });
    expect(heard[0]!.value).not.toBe(next); // the copy, never the view node
    expect(Object.isFrozen(heard[0]!.previous)).toBe(true);
  });

  it('builds the event the same way whichever of value and previous is a primitive', () => {
    const { notifier } = setup();
    const heard: Array<{ value: unknown; previous: unknown; event: object }> = [];
    notifier.listeners.addKey('k', (value, event) => heard.push({ value, previous: event.previousValue, event }));
    const objectBefore = { n: 1 };
    notifier.written('k', 5, objectBefore, 'a', null);
    const objectAfter = { n: 2 };
    notifier.written('k', objectAfter, 5, 'b', null);
    notifier.written('k', null, undefined, 'c', null);
    expect(heard.map((h) => h.value)).toEqual([5, { n: 2 }, null]);
    expect(heard[1]!.value).not.toBe(objectAfter);
    expect(heard.map((h) => h.previous)).toEqual([{ n: 1 }, 5, undefined]);
    expect(Object.isFrozen(objectBefore)).toBe(true);
    for (const { event } of heard) expect(Object.keys(event)).toEqual(['key', 'value', 'previousValue', 'source', 'timestamp']);
  });

  it('runs end-of-task listeners once per task, after the commit, with every changed key', async () => {
    const { notifier, log } = setup();
    const batches: string[][] = [];
    notifier.onTaskEnd((keys) => {
      log.push('task-end');
      batches.push([...keys].sort());
    });
    notifier.written('a', 1, undefined, 's', null);
    notifier.written('b', 2, undefined, 's', null);
    notifier.written('a', 3, 1, 's', null);
    expect(batches).toEqual([]);
    await Promise.resolve();
    expect(batches).toEqual([['a', 'b']]);
    expect(log).toEqual(['commit', 'task-end']);
  });

  it('gives flush listeners the acknowledged value as previous, then acknowledges the new one', () => {
    const { view, notifier } = setup();
    notifier.acknowledge(new Map([['k', 'stored']]));
    const infos: FlushInfo[] = [];
    notifier.onFlush((info) => infos.push(info));
    view.set('k', 'first');
    view.set('k', 'second'); // two writes in one task: previous is still what the core held
    notifier.committed([setOf('k', '"second"')], 'local', 'out', []);
    expect(infos[0]!.changes[0]).toMatchObject({ key: 'k', previous: 'stored', value: 'second', origin: 'local' });
    expect(infos[0]!.changedKeys).toEqual(['k']);
    view.set('k', 'third');
    notifier.committed([setOf('k', '"third"')], 'local', null, []);
    expect(infos[1]!.changes[0]).toMatchObject({ previous: 'second', value: 'third' });
  });

  it('keeps legacy events only while a flush listener is attached', () => {
    const { notifier } = setup();
    notifier.written('k', 1, undefined, 's', null);
    expect(notifier.takeLegacyEvents()).toBeNull();
    const stop = notifier.onFlush(() => {});
    notifier.written('k', 1, undefined, 's', null);
    notifier.written('k', 2, 1, 's', null);
    const events = notifier.takeLegacyEvents();
    expect(events?.map((e) => e.value)).toEqual([2]); // last event per key
    expect(notifier.takeLegacyEvents()).toEqual([]);
    stop();
    expect(notifier.takeLegacyEvents()).toBeNull();
  });

  it('reports a throwing flush listener and still calls the next one', () => {
    const { notifier, errors } = setup();
    const called: string[] = [];
    notifier.onFlush(() => {
      throw new Error('boom');
    });
    notifier.onFlush(() => called.push('second'));
    notifier.committed([setOf('k', '1')], 'remote', null, []);
    notifier.remoteApplied(new Map(), ' (cross-tab)'); // a remote commit's flush info follows its listeners
    expect(called).toEqual(['second']);
    expect(errors.map((e) => e.message)).toEqual(['boom']);
  });

  it('tells remote changes only for keys whose value changed, with the suffixed source', () => {
    const { view, notifier } = setup();
    view.set('same', 1);
    view.set('moved', 2);
    const heard: string[] = [];
    notifier.listeners.addGlobal((event) => heard.push(`${event.key}:${event.source}`));
    notifier.remoteApplied(new Map([['same', { previous: 1, source: 'a' }], ['moved', { previous: 1, source: 'b' }]]), ' (cross-tab)');
    expect(heard).toEqual(['moved:b (cross-tab)']);
  });

  it('counts every kind of listener and drops the synchronous ones on clear', () => {
    const { notifier } = setup();
    notifier.listeners.addKey('k', () => {});
    notifier.watchers.add('k', [], () => {}, false);
    notifier.onFlush(() => {});
    notifier.onTaskEnd(() => {});
    expect(notifier.count).toBe(4);
    notifier.clear();
    expect(notifier.count).toBe(1); // end-of-task listeners belong to selectors, which stop themselves
  });
});

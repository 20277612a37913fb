// The view alone: reads hand out mutable copies that never reach the view, snapshots are
// frozen, cached until `changed()`, and share unchanged subtrees with the previous snapshot.
import { describe, expect, it } from 'vitest';
import { StateView } from '../../js-shim/manager/state-view.js';

describe('StateView', () => {
  it('hands out one mutable copy per node; changing it changes neither the view nor a snapshot', () => {
    const view = new StateView();
    view.values.set('user', { name: 'Ann', tags: ['a'] });
    const copy = view.get('user') as { name: string; tags: string[] };
    expect(view.get('user')).toBe(copy); // the same copy until the key is written
    copy.name = 'Bo';
    copy.tags.push('b');
    expect(view.peek('user')).toEqual({ name: 'Ann', tags: ['a'] });
    expect(view.snapshot().user).toEqual({ name: 'Ann', tags: ['a'] });
    expect(view.readAt('user', ['tags'])).toBe(copy.tags);
  });

  it('returns primitives as they are', () => {
    const view = new StateView();
    view.values.set('n', 3);
    expect(view.get('n')).toBe(3);
    expect(view.get('missing')).toBeUndefined();
  });

  it('freezes snapshots deeply and keeps the cached one until told the view changed', () => {
    const view = new StateView();
    view.values.set('a', { deep: { n: 1 } });
    const first = view.snapshot();
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen((first.a as { deep: object }).deep)).toBe(true);
    view.values.set('b', 2);
    expect(view.snapshot()).toBe(first); // nobody said it changed
    view.changed();
    const second = view.snapshot();
    expect(second).not.toBe(first);
    expect(second.b).toBe(2);
    expect(second.a).toBe(first.a); // unchanged key: the same frozen node
  });

  it('gives snapshotAt the node the snapshot holds', () => {
    const view = new StateView();
    view.values.set('a', { deep: { n: 1 } });
    expect(view.snapshotAt('a', ['deep'])).toBe((view.snapshot().a as { deep: object }).deep);
    expect(view.keys()).toEqual(['a']);
  });
});

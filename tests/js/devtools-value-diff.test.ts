// Naming a whole-key write by the fields it changed: bounded, identity-aware, and falling
// back to the write's own path whenever a precise answer would cost or mislead.
import { describe, expect, it } from 'vitest';
import { changedSubpaths } from '../../js-shim/devtools/value-diff.js';

describe('changedSubpaths', () => {
  it('finds the one field a whole-object write changed, at any depth', () => {
    const prev = { profile: { name: 'Ada', email: 'a@x' }, tags: ['a'] };
    expect(changedSubpaths(prev, { ...prev, profile: { ...prev.profile, name: 'Grace' } })).toEqual([['profile', 'name']]);
    expect(changedSubpaths(prev, { ...prev, tags: ['a', 'b'] })).toEqual([['tags', 1]]);
  });

  it('lists added and removed members', () => {
    expect(changedSubpaths({ a: 1, b: 2 }, { a: 1, c: 3 })).toEqual([['b'], ['c']]);
  });

  it('skips unchanged subtrees by identity without walking them', () => {
    const shared = new Proxy({}, { ownKeys: () => { throw new Error('walked'); } });
    expect(changedSubpaths({ big: shared, n: 1 }, { big: shared, n: 2 })).toEqual([['n']]);
  });

  it('names the write itself for primitives, new keys, kind changes, equal values and too many changes', () => {
    expect(changedSubpaths(1, 2)).toEqual([[]]);
    expect(changedSubpaths(undefined, { a: 1 })).toEqual([[]]);
    expect(changedSubpaths([1], { 0: 1 })).toEqual([[]]);
    expect(changedSubpaths({ a: 1 }, { a: 1 })).toEqual([[]]);
    expect(changedSubpaths({ a: 1, b: 1, c: 1, d: 1 }, { a: 2, b: 2, c: 2, d: 2 })).toEqual([[]]);
  });

  it('stops descending past a depth limit', () => {
    let a: any = { v: 1 };
    let b: any = { v: 2 };
    for (let i = 0; i < 20; i++) {
      a = { n: a };
      b = { n: b };
    }
    const [path] = changedSubpaths(a, b);
    expect(path.length).toBeLessThanOrEqual(9);
    expect(path.every((s) => s === 'n')).toBe(true);
  });
});

// The read tracking selectors run on (js-shim/manager/read-tracking.ts), over frozen,
// structurally shared snapshots like the manager's. Two properties matter: it must never
// call a change "unchanged" when the selector would now return something else (a stale
// selector), and it should re-run no more often than the library it replaced
// (proxy-compare, kept as the oracle here).
import { describe, expect, it } from 'vitest';
import { createProxy, isChanged } from 'proxy-compare';
import { changedSince, trackReads, untracked, type ReadLog } from '../../js-shim/manager/read-tracking.js';

type Tree = Record<string, any>;

function freezeDeep<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.values(value).forEach(freezeDeep);
    Object.freeze(value);
  }
  return value;
}

/** An immutable update: copies the objects along `path`, shares every other subtree. */
function update(root: Tree, path: (string | number)[], change: (parent: any, key: string | number) => void): Tree {
  const copy = (node: any) => (Array.isArray(node) ? [...node] : { ...node });
  const top = copy(root);
  let node = top;
  for (const key of path.slice(0, -1)) {
    node[key] = copy(node[key]);
    node = node[key];
  }
  change(node, path[path.length - 1]);
  return freezeDeep(top);
}

const base = (): Tree => freezeDeep({
  a: 1,
  b: 'unrelated',
  user: { name: 'Ada', email: 'ada@example.com', tags: ['x', 'y'] },
  items: [{ v: 1 }, { v: 2 }, { v: 3 }],
});

const selectors: Record<string, (s: Tree) => unknown> = {
  'one key': (s) => s.a,
  'a nested member': (s) => s.user.name,
  'a whole object': (s) => s.user,
  'the keys of an object': (s) => Object.keys(s.user),
  '`in` on the root': (s) => 'extra' in s,
  'own-property test': (s) => Object.prototype.hasOwnProperty.call(s.user, 'email'),
  'an array length': (s) => s.items.length,
  'a map over an array': (s) => s.items.map((i: { v: number }) => i.v),
  'a filter over an array': (s) => s.items.filter((i: { v: number }) => i.v > 1).length,
  'JSON of an object': (s) => JSON.stringify(s.user),
  'a spread copy': (s) => ({ ...s.user }),
  'entries of the root': (s) => Object.entries(s).length,
  'for...of over tags': (s) => { let t = ''; for (const tag of s.user.tags) t += tag; return t; },
};

const changes: Record<string, (s: Tree) => Tree> = {
  'the read key': (s) => update(s, ['a'], (p, k) => void (p[k] = 2)),
  'an unrelated key': (s) => update(s, ['b'], (p, k) => void (p[k] = 'other')),
  'the nested member': (s) => update(s, ['user', 'name'], (p, k) => void (p[k] = 'Grace')),
  'a sibling member': (s) => update(s, ['user', 'email'], (p, k) => void (p[k] = 'g@example.com')),
  'a member added': (s) => update(s, ['user', 'extra'], (p, k) => void (p[k] = true)),
  'a member deleted': (s) => update(s, ['user', 'email'], (p, k) => void delete p[k]),
  'an array element member': (s) => update(s, ['items', 0, 'v'], (p, k) => void (p[k] = 9)),
  'an element appended': (s) => update(s, ['items', 3], (p, k) => void (p[k] = { v: 4 })),
  'a root key added': (s) => update(s, ['extra'], (p, k) => void (p[k] = 1)),
  'a tag changed': (s) => update(s, ['user', 'tags', 1], (p, k) => void (p[k] = 'z')),
  'nothing (same values, new root)': (s) => freezeDeep({ ...s }),
};

describe('read tracking over frozen, structurally shared snapshots', () => {
  for (const [selectorName, fn] of Object.entries(selectors)) {
    for (const [changeName, change] of Object.entries(changes)) {
      it(`${selectorName}, after a change of ${changeName}`, () => {
        const previous = base();
        const next = change(previous);
        const log: ReadLog = new WeakMap();
        const before = untracked(fn(trackReads(previous, log)));
        const ours = changedSince(previous, next, log);
        // Never stale: "unchanged" must mean the selector returns an equal value.
        if (!ours) expect(fn(next)).toEqual(before);
        // No more re-runs than proxy-compare.
        const affected = new WeakMap<object, unknown>();
        fn(createProxy(previous, affected));
        if (!isChanged(previous, next, affected)) expect(ours).toBe(false);
      });
    }
  }

  it('hands out one proxy per object in a run, and the frozen object itself through untracked()', () => {
    const s = base();
    const log: ReadLog = new WeakMap();
    const tracked = trackReads(s, log);
    expect(tracked.user).toBe(tracked.user);
    expect(untracked(tracked.user)).toBe(s.user);
    expect(Object.isFrozen(untracked(tracked.user))).toBe(true);
    expect(Array.isArray(tracked.items)).toBe(true);
    expect(untracked(42)).toBe(42);
  });

  it('counts an object nothing was read from as changed when its identity changed', () => {
    const s = base();
    expect(changedSince(s, { ...s }, new WeakMap())).toBe(true);
    expect(changedSince(s, s, new WeakMap())).toBe(false);
  });
});

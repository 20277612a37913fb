// The one structural path write both managers and the adapters' setters use: it copies only
// the containers along the path, creates missing parents for the adapters, and removes a
// member written as undefined.
import { describe, expect, it } from 'vitest';
import { writeAtPath } from '../../js-shim/internal/paths.js';

describe('writeAtPath', () => {
  it('shares every subtree off the path and leaves the old root untouched', () => {
    const root = { a: { b: 1 }, other: { deep: [1, 2] } };
    const next = writeAtPath(root, ['a', 'b'], 2) as typeof root;
    expect(next).toEqual({ a: { b: 2 }, other: { deep: [1, 2] } });
    expect(next.other).toBe(root.other);
    expect(root.a.b).toBe(1);
  });

  it('creates a missing parent: an array for a numeric segment, an object otherwise', () => {
    expect(writeAtPath(undefined, ['list', 0, 'name'], 'x')).toEqual({ list: [{ name: 'x' }] });
    expect(Array.isArray((writeAtPath({}, ['list', 0], 1) as { list: unknown }).list)).toBe(true);
    // a primitive in the way is replaced, never spread into an object of its characters
    expect(writeAtPath({ a: 'abc' }, ['a', 'b'], 1)).toEqual({ a: { b: 1 } });
  });

  it('removes a member written as undefined, and truncates an array at a removed index', () => {
    expect(writeAtPath({ a: 1, b: 2 }, ['a'], undefined)).toEqual({ b: 2 });
    expect(writeAtPath({ l: [1, 2, 3] }, ['l', 2], undefined)).toEqual({ l: [1, 2] });
  });
});

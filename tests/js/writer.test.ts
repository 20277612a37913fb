// The write path alone, over a plain Map as the view and a recording queue: bad input
// changes nothing, a middleware veto changes nothing, forbidden keys are dropped and
// reported, nested writes copy only their path, and ops carry the MFE that wrote them.
import { describe, expect, it } from 'vitest';
import type { StateChangeEvent, StateMiddleware } from '../../js-shim/types.js';
import type { PendingOp } from '../../js-shim/manager/write-queue.js';
import { MAX_DEPTH, MAX_VALUE_BYTES } from '../../js-shim/internal/core-limits.js';
import { StateLimitError, StateValidationError } from '../../js-shim/errors.js';
import { Writer, type WriterQueue } from '../../js-shim/manager/writer.js';

class Queue implements WriterQueue {
  accepting = true;
  ops: PendingOp[] = [];
  queueKeySet(key: string, value: unknown, source: string): void {
    if (this.accepting) this.ops.push({ kind: 'set', key, path: [], value, source });
  }
  queueOp(op: PendingOp): void {
    if (this.accepting) this.ops.push(op);
  }
}

interface Written {
  key: string;
  value: unknown;
  previous: unknown;
  source: string;
  checked: StateChangeEvent | null;
}

function setup(middleware: StateMiddleware[] = [], initial: Record<string, unknown> = {}) {
  const values = new Map<string, unknown>(Object.entries(initial));
  const queue = new Queue();
  const written: Written[] = [];
  const reported: Error[] = [];
  const vetoed: string[] = [];
  let scheduled = 0;
  const writer = new Writer({
    values,
    queue,
    report: (error) => reported.push(error),
    written: (key, value, previous, source, checked) => written.push({ key, value, previous, source, checked }),
    vetoed: (key) => vetoed.push(key),
    schedule: () => {
      scheduled++;
    },
  }, middleware);
  return { values, queue, written, reported, vetoed, writer, scheduled: () => scheduled };
}

/** Expects `fn` to throw `type` with `code`, and returns nothing else. */
function expectThrows(fn: () => void, type: new (...args: never[]) => Error, code: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(type);
  expect((caught as { code: string }).code).toBe(code);
}

describe('Writer: validation', () => {
  it('refuses a non-finite number, a bad source and a lone surrogate before anything changes', () => {
    const { writer, values, queue, written } = setup([], { n: 1 });
    expectThrows(() => writer.set('n', Number.NaN, 's'), StateValidationError, 'NON_FINITE');
    expectThrows(() => writer.set('n', Infinity, 's'), StateValidationError, 'NON_FINITE');
    expectThrows(() => writer.set('n', 2, 42 as unknown as string), StateValidationError, 'BAD_VALUE');
    expectThrows(() => writer.set('bad\uD800', 2, 's'), StateValidationError, 'BAD_KEY');
    expectThrows(() => writer.set('', 2, 's'), StateValidationError, 'BAD_KEY');
    expect(values.get('n')).toBe(1);
    expect(queue.ops).toEqual([]);
    expect(written).toEqual([]);
  });

  it('stores -0 as 0 and copies objects so the caller cannot change the view later', () => {
    const { writer, values } = setup();
    writer.set('z', -0, 's');
    expect(Object.is(values.get('z'), 0)).toBe(true);
    const user = { name: 'Ann', tags: ['a'] };
    writer.set('user', user, 's');
    user.tags.push('b');
    expect(values.get('user')).toEqual({ name: 'Ann', tags: ['a'] });
    expect(values.get('user')).not.toBe(user);
  });

  it('set(key, undefined) removes the key and reports the removal once', () => {
    const { writer, values, queue, written } = setup([], { a: 1 });
    writer.set('a', undefined, 's');
    writer.set('a', undefined, 's');
    expect(values.has('a')).toBe(false);
    expect(queue.ops).toEqual([{ kind: 'delete', key: 'a', path: [], source: 's', writer: undefined }]);
    expect(written).toEqual([{ key: 'a', value: undefined, previous: 1, source: 's', checked: null }]);
  });
});

describe('Writer: forbidden keys', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('drops a write to %s and reports it; nothing changes', (key) => {
    const { writer, values, queue, written, reported } = setup();
    writer.set(key, 1, 's');
    writer.delete(key);
    writer.writePath(key, ['x'], 1, 's');
    expect([...values.keys()]).toEqual([]);
    expect(queue.ops).toEqual([]);
    expect(written).toEqual([]);
    expect(reported).toHaveLength(3);
    for (const error of reported) expect(error).toMatchObject({ code: 'FORBIDDEN_KEY' });
  });

  it('drops a nested write through a forbidden member name, leaving the key as it was', () => {
    const { writer, values, queue, reported } = setup([], { user: { name: 'Ann' } });
    const before = values.get('user');
    writer.writePath('user', ['__proto__', 'polluted'], true, 's');
    expect(values.get('user')).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(queue.ops).toEqual([]);
    expect(reported[0]).toMatchObject({ code: 'FORBIDDEN_KEY', key: 'user.__proto__.polluted' });
  });
});

describe('Writer: middleware', () => {
  it('a veto leaves the view and the queue untouched and tells the host which key', () => {
    const veto: StateMiddleware = () => {};
    const { writer, values, queue, written, vetoed } = setup([veto], { a: 1, user: { name: 'Ann' } });
    writer.set('a', 2, 's');
    writer.set('a', undefined, 's');
    writer.writePath('user', ['name'], 'Bob', 's');
    expect(values.get('a')).toBe(1);
    expect(values.get('user')).toEqual({ name: 'Ann' });
    expect(queue.ops).toEqual([]);
    expect(written).toEqual([]);
    expect(vetoed).toEqual(['a', 'a', 'user']);
  });

  it('the middleware sees the frozen event, and the write reports that same event', () => {
    const seen: StateChangeEvent[] = [];
    const { writer, written } = setup([(event, next) => {
      seen.push(event);
      next();
    }], { user: { name: 'Ann', age: 1 } });
    writer.writePath('user', ['name'], 'Bob', 'form');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ key: 'user', value: { name: 'Bob', age: 1 }, previousValue: { name: 'Ann', age: 1 }, source: 'form' });
    expect(Object.isFrozen(seen[0]!.value)).toBe(true);
    expect(written[0]!.checked).toBe(seen[0]);
  });

  it('delete() skips the middleware (as before), set(key, undefined) does not', () => {
    const keys: string[] = [];
    const { writer, values } = setup([(event, next) => {
      keys.push(event.key);
      next();
    }], { a: 1, b: 2 });
    writer.delete('a');
    writer.set('b', undefined, 's');
    expect(keys).toEqual(['b']);
    expect([...values.keys()]).toEqual([]);
  });
});

describe('Writer: nested path writes', () => {
  it('copies only the path written: siblings keep their identity, the op carries the path', () => {
    const { writer, values, queue, written } = setup([], { doc: { a: { x: 1 }, b: { y: 2 } } });
    const before = values.get('doc') as { a: object; b: object };
    writer.writePath('doc', ['a', 'x'], 5, 'edit');
    const after = values.get('doc') as { a: { x: number }; b: object };
    expect(after).not.toBe(before);
    expect(after.a.x).toBe(5);
    expect(after.b).toBe(before.b);
    expect(before).toEqual({ a: { x: 1 }, b: { y: 2 } });
    expect(queue.ops).toEqual([{ kind: 'set', key: 'doc', path: ['a', 'x'], value: 5, source: 'edit', writer: undefined }]);
    expect(written).toEqual([{ key: 'doc', value: after, previous: before, source: 'edit', checked: null }]);
  });

  it('assigning what is already there queues nothing and reports nothing', () => {
    const { writer, queue, written } = setup([], { user: { name: 'Ann' } });
    writer.writePath('user', ['name'], 'Ann', 's');
    expect(queue.ops).toEqual([]);
    expect(written).toEqual([]);
  });

  it('removing the last array element is a pop; any other index is refused', () => {
    const { writer, values, queue } = setup([], { list: { items: [1, 2, 3] } });
    expectThrows(() => writer.writePath('list', ['items', 0], undefined, 's'), StateValidationError, 'BAD_PATH');
    expect(values.get('list')).toEqual({ items: [1, 2, 3] });
    writer.writePath('list', ['items', 2], undefined, 's');
    expect(values.get('list')).toEqual({ items: [1, 2] });
    expect(queue.ops).toEqual([{ kind: 'set', key: 'list', path: ['items'], value: [1, 2], source: 's', writer: undefined }]);
  });

  it('refuses a path through a primitive and a path as deep as the depth limit', () => {
    const { writer, values, queue } = setup([], { user: { name: 'Ann' } });
    expectThrows(() => writer.writePath('user', ['name', 'first'], 'A', 's'), StateValidationError, 'BAD_PATH');
    expectThrows(() => writer.writePath('user', Array.from({ length: MAX_DEPTH }, () => 'a'), 1, 's'), StateLimitError, 'TOO_DEEP');
    expect(values.get('user')).toEqual({ name: 'Ann' });
    expect(queue.ops).toEqual([]);
  });

  it('an empty path is a whole-key set', () => {
    const { writer, values, queue } = setup();
    writer.writePath('k', [], { v: 1 }, 's');
    expect(values.get('k')).toEqual({ v: 1 });
    expect(queue.ops).toEqual([{ kind: 'set', key: 'k', path: [], value: { v: 1 }, source: 's' }]);
  });
});

describe('Writer: size limits', () => {
  it('refuses a nested write that grows the key past the value limit, however it is split', () => {
    // {"a":"<half>","b":"<half>"} is 2 * half + 15 bytes: 7 over the limit.
    const half = 'x'.repeat(MAX_VALUE_BYTES / 2 - 4);
    const { writer, values, queue } = setup([], { big: { a: half } });
    const before = values.get('big');
    // Each half fits alone; together they are over the limit.
    expectThrows(() => writer.writePath('big', ['b'], half + 'yy', 's'), StateLimitError, 'TOO_LARGE');
    expect(values.get('big')).toBe(before);
    expect(queue.ops).toEqual([]);
    // Shrinking one member and then growing the other, within the limit, is fine.
    writer.writePath('big', ['a'], 'short', 's');
    writer.writePath('big', ['b'], half, 's');
    expect((values.get('big') as { b: string }).b).toHaveLength(half.length);
    expectThrows(() => writer.writePath('big', ['a'], half, 's'), StateLimitError, 'TOO_LARGE');
  });

  it('refuses a whole value over the limit', () => {
    const { writer, values } = setup();
    expectThrows(() => writer.set('big', { s: 'x'.repeat(MAX_VALUE_BYTES) }, 's'), StateLimitError, 'TOO_LARGE');
    expect(values.has('big')).toBe(false);
  });
});

describe('Writer: attribution and the rest of the write API', () => {
  it('ops made inside withWriter name the MFE, nested calls restore the outer one, a throw restores it too', () => {
    const { writer, queue } = setup([], { doc: { n: 0 } });
    writer.withWriter('cart', () => {
      writer.set('a', 1, 's');
      writer.withWriter('profile', () => writer.writePath('doc', ['n'], 1, 's'));
      writer.delete('a');
    });
    expect(() => writer.withWriter('boom', () => {
      throw new Error('x');
    })).toThrow('x');
    writer.set('b', 2, 's');
    expect(queue.ops.map((op) => [op.kind, op.writer])).toEqual([['set', 'cart'], ['set', 'profile'], ['delete', 'cart'], ['set', undefined]]);
  });

  it('clear() reports every key with its previous value; on an empty view it still queues a clear and schedules a commit', () => {
    const { writer, values, queue, written, scheduled } = setup([], { a: 1, b: 2 });
    writer.clear();
    expect(values.size).toBe(0);
    expect(written.map((w) => [w.key, w.value, w.previous, w.source])).toEqual([['a', undefined, 1, 'clear'], ['b', undefined, 2, 'clear']]);
    expect(scheduled()).toBe(0);
    writer.clear();
    expect(queue.ops.map((op) => op.kind)).toEqual(['clear', 'clear']);
    expect(scheduled()).toBe(1);
  });

  it('clear() on an empty view with no core to come queues nothing and schedules nothing', () => {
    const { writer, queue, scheduled } = setup();
    queue.accepting = false;
    writer.clear();
    expect(queue.ops).toEqual([]);
    expect(scheduled()).toBe(0);
  });

  it('replaceState removes keys not wanted, writes changed ones and leaves equal ones alone', () => {
    const { writer, values, written, reported } = setup([], { keep: 1, change: 1, drop: 1 });
    writer.replaceState({ keep: 1, change: 2, fresh: 3, constructor: 9, gone: undefined }, 'import');
    expect(Object.fromEntries(values)).toEqual({ keep: 1, change: 2, fresh: 3 });
    expect(written.map((w) => [w.key, w.value, w.source])).toEqual([['drop', undefined, 'import'], ['change', 2, 'import'], ['fresh', 3, 'import']]);
    expect(reported[0]).toMatchObject({ code: 'FORBIDDEN_KEY' });
  });
});

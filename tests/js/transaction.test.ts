// The transaction alone, over a plain Map as the view and a recording queue: nothing is
// announced until the end, each changed key once with its final value; a throw, a promise,
// a veto or a refusal from the core puts the view and the queue back and tells nobody.
import { describe, expect, it } from 'vitest';
import type { CoreStatus } from '../../js-shim/wasm/core-api.js';
import type { StateChangeEvent } from '../../js-shim/types.js';
import { StateCoreError, StateTransactionError, StateValidationError } from '../../js-shim/errors.js';
import { Transaction, type TransactionQueue } from '../../js-shim/manager/transaction.js';

class Queue implements TransactionQueue {
  ops: string[] = [];
  released = false;
  refuse: CoreStatus | null = null;
  flushed: string[][] = [];
  flush(): void {
    this.flushed.push(this.ops.splice(0));
  }
  checkpoint(): number {
    return this.ops.length;
  }
  rollback(checkpoint: number): void {
    this.ops.length = checkpoint;
  }
  release(): void {
    this.released = true;
  }
  flushBatch(): CoreStatus | null {
    if (this.refuse !== null) return this.refuse;
    this.flushed.push(this.ops.splice(0));
    return null;
  }
}

function setup() {
  const values = new Map<string, unknown>();
  const queue = new Queue();
  const heard: StateChangeEvent[] = [];
  const legacy: string[] = [];
  let stale = 0;
  const tx = new Transaction({
    values,
    queue,
    makeEvent: (key, value, previousValue, source) => ({ key, value, previousValue, source, timestamp: 0 }),
    recordLegacy: (key) => legacy.push(key),
    notify: (event) => heard.push(event),
    viewChanged: () => {
      stale++;
    },
  });
  /** A write as the manager makes it: the view changes, the op is queued, the transaction records it. */
  const write = (key: string, value: unknown, source = 's') => {
    const previous = values.get(key);
    if (value === undefined) values.delete(key);
    else values.set(key, value);
    queue.ops.push(key);
    if (!tx.record(key, previous, source)) heard.push({ key, value, previousValue: previous, source, timestamp: 0 });
  };
  return { values, queue, heard, legacy, tx, write, stale: () => stale };
}

describe('Transaction', () => {
  it('announces each changed key once, with its final value and the value before it began', () => {
    const { values, queue, heard, legacy, tx, write } = setup();
    values.set('a', 1);
    queue.ops.push('earlier');
    const result = tx.run(() => {
      write('a', 2);
      write('a', 3);
      write('b', 'x');
      expect(heard).toEqual([]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(heard.map((e) => [e.key, e.value, e.previousValue])).toEqual([['a', 3, 1], ['b', 'x', undefined]]);
    expect(legacy).toEqual(['a', 'b']);
    // the earlier write went first, on its own; the transaction's ops in one batch
    expect(queue.flushed).toEqual([['earlier'], ['a', 'a', 'b']]);
    expect(queue.released).toBe(true);
    expect(tx.active).toBe(false);
  });

  it('announces nothing for a key written back to the value it had', () => {
    const { values, heard, tx, write } = setup();
    values.set('a', 1);
    tx.run(() => {
      write('a', 2);
      write('a', 1);
    });
    expect(heard).toEqual([]);
  });

  it('rolls the view and the queue back when the function throws', () => {
    const { values, queue, heard, tx, write, stale } = setup();
    values.set('a', 1);
    expect(() => tx.run(() => {
      write('a', 2);
      write('new', 'x');
      throw new Error('user error');
    })).toThrow('user error');
    expect([...values]).toEqual([['a', 1]]);
    expect(queue.ops).toEqual([]);
    expect(heard).toEqual([]);
    expect(stale()).toBe(1);
    expect(tx.active).toBe(false);
  });

  it('rolls back a function that returns a promise', () => {
    const { values, tx, write } = setup();
    expect(() => tx.run(() => {
      write('a', 1);
      return Promise.resolve();
    })).toThrow(StateTransactionError);
    expect(values.has('a')).toBe(false);
  });

  it('rolls back on a veto, even when the function swallowed the veto error', () => {
    const { values, heard, tx, write } = setup();
    let caught: unknown;
    expect(() => tx.run(() => {
      write('a', 1);
      try {
        tx.vetoed('b');
      } catch (error) {
        caught = error;
      }
    })).toThrow(/vetoed/);
    expect(caught).toBeInstanceOf(StateTransactionError);
    expect(values.has('a')).toBe(false);
    expect(heard).toEqual([]);
  });

  it('treats a veto outside a transaction as no error', () => {
    const { tx } = setup();
    expect(() => tx.vetoed('a')).not.toThrow();
  });

  it('rolls back and throws StateCoreError when the core refuses the batch', () => {
    const { values, queue, heard, tx, write } = setup();
    values.set('a', 1);
    queue.refuse = { code: 'BAD_PATH', message: 'refused' };
    let thrown: unknown;
    try {
      tx.run(() => write('a', 2));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StateCoreError);
    expect((thrown as StateCoreError).code).toBe('BAD_PATH');
    expect(values.get('a')).toBe(1);
    expect(queue.ops).toEqual([]);
    expect(heard).toEqual([]);
  });

  it('joins nested calls to the outer transaction', () => {
    const { heard, tx, write } = setup();
    tx.run(() => {
      tx.run(() => write('a', 1));
      expect(heard).toEqual([]);
    });
    expect(heard.map((e) => e.key)).toEqual(['a']);
  });

  it('refuses something that is not a function', () => {
    const { tx } = setup();
    expect(() => tx.run(42 as unknown as () => void)).toThrow(StateValidationError);
  });
});

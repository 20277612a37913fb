/**
 * `transaction(fn)`: every write inside `fn` changes the view and queues its op as usual,
 * but listeners hear nothing until the end; then the ops reach the core in one atomic batch
 * and each changed key is announced once with its final value. If `fn` throws, returns a
 * promise, a middleware vetoes, or the core refuses the batch, the view and the queue are put
 * back as they were and nobody is told.
 *
 * It owns the running transaction (the keys written so far with their value before it
 * began) and reaches the view, the queue and the listeners through `TransactionHost`, so it
 * can be tested alone (tests/js/transaction.test.ts).
 */
import type { CoreStatus } from '../wasm/core-api.js';
import type { StateChangeEvent } from '../types.js';
import { StateCoreError, StateTransactionError, StateValidationError } from '../errors.js';

/** The queue of ops for the core, as a transaction uses it (core-link.ts). */
export interface TransactionQueue {
  /** Hands the queued ops to the core now (earlier writes are not part of the batch). */
  flush(): void;
  checkpoint(): number;
  rollback(checkpoint: number): void;
  release(): void;
  /** Flushes the released ops as one atomic batch; the refusal, or null when it went in. */
  flushBatch(atomic: boolean): CoreStatus | null;
}

/** What a transaction needs from the manager around it. */
export interface TransactionHost {
  /** The view's values (rolled back in place). */
  readonly values: Map<string, unknown>;
  readonly queue: TransactionQueue;
  /** The listeners' event for a change (notifier.ts). */
  makeEvent(key: string, value: unknown, previous: unknown, source: string): StateChangeEvent;
  /** Records the legacy event other tabs get at the flush (notifier.ts). */
  recordLegacy(key: string, value: unknown, previous: unknown, source: string): void;
  /** Tells every listener about one change of the committed transaction. */
  notify(event: StateChangeEvent): void;
  /** The view changed without a write (a rollback): cached snapshots are stale. */
  viewChanged(): void;
}

interface Running {
  changed: Map<string, { previous: unknown; source: string }>;
  vetoed: boolean;
}

export class Transaction {
  private running: Running | null = null;

  constructor(private readonly host: TransactionHost) {}

  /** True while a transaction runs: its writes are recorded here instead of announced. */
  get active(): boolean {
    return this.running !== null;
  }

  /**
   * Records a write inside the running transaction; false when none runs (the caller
   * announces the write itself). Keeps the value before the first write of the key.
   */
  record(key: string, previous: unknown, source: string): boolean {
    const running = this.running;
    if (running === null) return false;
    const seen = running.changed.get(key);
    running.changed.set(key, { previous: seen === undefined ? previous : seen.previous, source });
    return true;
  }

  /**
   * A middleware vetoed the write of `key`. Inside a transaction the veto aborts the whole
   * transaction: it is recorded and thrown, so the caller's function stops and everything
   * rolls back. Outside one it is no error.
   */
  vetoed(key: string): void {
    if (this.running === null) return;
    this.running.vetoed = true;
    throw new StateTransactionError('VETOED', `a middleware vetoed the write of "${key}"; the transaction is rolled back`, key);
  }

  run<T>(fn: () => T): T {
    if (this.running !== null) return fn(); // nested calls join the outer transaction
    if (typeof fn !== 'function') throw new StateValidationError('BAD_VALUE', 'transaction expects a function');
    const { queue, values } = this.host;
    queue.flush(); // earlier writes are not part of this batch
    const checkpoint = queue.checkpoint();
    const running: Running = { changed: new Map(), vetoed: false };
    this.running = running;
    let result: T;
    try {
      result = fn();
      if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
        throw new StateTransactionError('ASYNC', 'transaction callbacks must be synchronous; the writes were rolled back');
      }
      if (running.vetoed) throw new StateTransactionError('VETOED', 'a middleware vetoed a write; the transaction is rolled back');
    } catch (error) {
      this.running = null;
      this.rollback(running.changed, checkpoint);
      throw error;
    }
    this.running = null;
    queue.release();
    // Legacy events for other tabs, then the one batch, then the listeners.
    const events: StateChangeEvent[] = [];
    for (const [key, { previous, source }] of running.changed) {
      const value = values.get(key);
      if (value === previous) continue;
      events.push(this.host.makeEvent(key, value, previous, source));
      this.host.recordLegacy(key, value, previous, source);
    }
    const refused = queue.flushBatch(true);
    if (refused !== null) {
      this.rollback(running.changed, 0);
      throw new StateCoreError(refused.code, `the core refused the transaction: ${refused.message}`);
    }
    for (const event of events) this.host.notify(event);
    return result;
  }

  /** Puts back the value each key had before the transaction and drops its queued ops. */
  private rollback(changed: Map<string, { previous: unknown }>, checkpoint: number): void {
    const { values } = this.host;
    for (const [key, { previous }] of changed) {
      if (previous === undefined) values.delete(key);
      else values.set(key, previous);
    }
    this.host.queue.rollback(checkpoint);
    this.host.viewChanged();
  }
}

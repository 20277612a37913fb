/**
 * Builds the parts of the new manager and wires each part's host to the others: the view
 * (state-view.ts), the notifier, the transaction, the link to the core (core-link.ts) and the
 * write path (writer.ts). The parts know nothing of each other; this is the one place that
 * routes what one part reports to the rest, so the facade (valtio-state-manager.ts) only
 * holds them.
 *
 * Why a view plus a queue: `get` and `set` must be as cheap as a Map (docs/benchmarks.md, W1/W2)
 * and synchronous from the first line, while the wasm core loads asynchronously and every
 * crossing costs microseconds. So writes land in the immutable JS view at once, listeners
 * run, and the op waits in a queue that reaches the core in one batch at the end of the task.
 */
import type { ErrorReporter, StateChangeEvent, StateMiddleware } from '../types.js';
import { StateView } from './state-view.js';
import { CoreLink } from './core-link.js';
import { Notifier } from './notifier.js';
import { Transaction } from './transaction.js';
import { Writer } from './writer.js';

export interface ManagerParts {
  /** The view, the copies reads hand out and the cached snapshot. */
  readonly state: StateView;
  /** Listeners of every kind and the end-of-task schedule. */
  readonly notifier: Notifier;
  /** The core, the queue of local ops for it and the remote backlog. */
  readonly link: CoreLink;
  /** The running transaction, if any. */
  readonly tx: Transaction;
  /** set, writePath, delete, clear, replaceState and MFE attribution. */
  readonly writer: Writer;
}

/** What the parts need from the facade that holds them. */
export interface ManagerPartsHost {
  readonly report: ErrorReporter;
  readonly middleware: readonly StateMiddleware[];
  /**
   * Called after every whole-key change the view takes as a local write (including a key
   * re-read from the core), once listeners or the running transaction have it: the facade
   * writes it to storage at once or the legacy way when it must.
   */
  afterWrite(key: string, value: unknown, source: string): void;
}

export function createManagerParts(host: ManagerPartsHost): ManagerParts {
  const report = host.report;
  const state = new StateView();
  const notifier: Notifier = new Notifier({
    read: (key) => state.values.get(key),
    mutable: (node) => state.mutable(node),
    commit: () => link.flush(),
    report,
  });
  const link: CoreLink = new CoreLink({
    values: state.values,
    report,
    inTransaction: () => tx.active,
    takeLegacyEvents: () => notifier.takeLegacyEvents(),
    committed: (changes, origin, outbox, legacyEvents, overflow) => notifier.committed(changes, origin, outbox, legacyEvents, overflow),
    resynced: (key, value, previous, source) => written(key, value, previous, source, null),
    remoteApplied: (before, suffix) => {
      state.changed();
      notifier.remoteApplied(before, suffix);
    },
  });
  const tx: Transaction = new Transaction({
    values: state.values,
    queue: link,
    makeEvent: (key, value, previous, source) => notifier.makeEvent(key, value, previous, source),
    recordLegacy: (key, value, previous, source) => notifier.recordLegacy(key, value, previous, source),
    notify: (event) => {
      state.changed();
      notifier.notify(event);
    },
    viewChanged: () => state.changed(),
  });
  /**
   * A whole-key change is in the view: a running transaction records it (and tells nobody
   * until it commits), otherwise the notifier tells everyone now. `checked` is the frozen
   * event the middleware saw, if any. (Declared after the parts it calls: every `set` runs
   * it, and reaching a binding declared further down costs a check that it is set.)
   */
  const written = (key: string, value: unknown, previous: unknown, source: string, checked: StateChangeEvent | null): void => {
    state.changed();
    if (!tx.record(key, previous, source)) notifier.written(key, value, previous, source, checked);
    host.afterWrite(key, value, source);
  };
  const writer = new Writer({
    values: state.values,
    queue: link,
    report,
    written,
    vetoed: (key) => tx.vetoed(key),
    schedule: () => notifier.schedule(),
  }, host.middleware);
  return { state, notifier, link, tx, writer };
}

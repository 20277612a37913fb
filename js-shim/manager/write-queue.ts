/**
 * Local writes waiting for the core. `set` only records the (already validated, copied)
 * value; it is encoded for the core at flush time, once per surviving op, so the hot path
 * does no encoding and ten thousand writes to one key cross as one op.
 */
import type { LocalOp } from '../wasm/core-api.js';
import type { Path } from '../internal/path-subscription.js';

const EMPTY_PATH: Path = Object.freeze([]) as Path;

export type PendingOp = (
  | { kind: 'set'; key: string; path: Path; value: unknown; source: string; writer?: string }
  | { kind: 'delete'; key: string; path: Path; source: string; writer?: string }
  | { kind: 'clear'; source: string; writer?: string }
) & {
  /** Set on the ops of one committed transaction: they reach the core all or none. */
  group?: number;
};

export class WriteQueue {
  private ops: PendingOp[] = [];
  /**
   * The queued whole-key write (by the container app) of each key that has had no other op since. A new
   * whole-key write of that key replaces it in place: ops on different keys commute, and
   * nothing queued after it touches the key, so only the last value matters to the core and
   * to other tabs. 100 keys written in rounds cross as 100 ops, not 100 x rounds.
   */
  private readonly latest = new Map<string, PendingOp & { kind: 'set' }>();

  get size(): number {
    return this.ops.length;
  }

  /** Ops before this index belong to an outer scope a transaction must not touch. */
  private floor = 0;

  /** Starts a transaction's part of the queue; returns where to cut on rollback. */
  checkpoint(): number {
    this.latest.clear(); // ops queued before must not be rewritten in place
    this.floor = this.ops.length;
    return this.floor;
  }

  /** Drops every op queued since `checkpoint` (a rolled-back transaction). */
  rollback(checkpoint: number): void {
    this.ops.length = checkpoint;
    this.latest.clear();
    this.floor = 0;
  }

  private groups = 0;

  /**
   * Ends a transaction that committed: its ops stay queued, marked as one group, so that if
   * the core refuses one of them later (the core was not loaded yet) none is applied.
   */
  release(): void {
    const group = ++this.groups;
    for (let i = this.floor; i < this.ops.length; i++) this.ops[i]!.group = group;
    this.latest.clear();
    this.floor = 0;
  }

  /** Adds an op (nested writes, deletes, clears, attributed writes). */
  push(op: PendingOp): void {
    if (op.kind === 'clear') {
      // A clear makes everything queued before it irrelevant (within the transaction).
      this.ops.length = this.floor;
      this.latest.clear();
    } else {
      this.latest.delete(op.key);
    }
    this.ops.push(op);
  }

  /** The hot path of `set`: a whole-key write by the container. Allocates nothing when coalesced. */
  pushKeySet(key: string, value: unknown, source: string): void {
    const queued = this.latest.get(key);
    if (queued !== undefined) {
      queued.value = value;
      queued.source = source;
      return;
    }
    const op = { kind: 'set' as const, key, path: EMPTY_PATH, value, source };
    this.latest.set(key, op);
    this.ops.push(op);
  }

  /** Takes every queued op, encoded for the core. */
  drain(): LocalOp[] {
    return this.drainWithGroups().ops;
  }

  /** Takes every queued op, with the transaction group of each (undefined: on its own). */
  drainWithGroups(): { ops: LocalOp[]; groups: Array<number | undefined> } {
    const ops = this.ops;
    this.ops = [];
    this.latest.clear();
    this.floor = 0;
    return { ops: ops.map(toLocalOp), groups: ops.map((op) => op.group) };
  }

  /** Keys touched by queued ops (null = a clear is queued, i.e. every key). */
  touchedKeys(): Set<string> | null {
    const keys = new Set<string>();
    for (const op of this.ops) {
      if (op.kind === 'clear') return null;
      keys.add(op.key);
    }
    return keys;
  }
}

function toLocalOp(op: PendingOp): LocalOp {
  switch (op.kind) {
    case 'set':
      return { kind: 'set', key: op.key, path: op.path, value: op.value, source: op.source, writer: op.writer };
    case 'delete':
      return { kind: 'delete', key: op.key, path: op.path, source: op.source, writer: op.writer };
    default:
      return { kind: 'clear', source: op.source, writer: op.writer };
  }
}

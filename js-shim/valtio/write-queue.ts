/**
 * Local writes waiting for the core. `set` only records the (already validated, frozen)
 * value; JSON text is produced at flush time, once per surviving op, so the hot path does
 * no serialisation and ten thousand writes to one key cross as one op.
 */
import type { LocalOp } from '../wasm/core-api.js';
import type { Path } from '../internal/path-subscription.js';

const EMPTY_PATH: Path = Object.freeze([]) as Path;

export type PendingOp =
  | { kind: 'set'; key: string; path: Path; value: unknown; source: string; writer?: string }
  | { kind: 'delete'; key: string; path: Path; source: string; writer?: string }
  | { kind: 'clear'; source: string; writer?: string };

export class WriteQueue {
  private ops: PendingOp[] = [];

  get size(): number {
    return this.ops.length;
  }

  /**
   * Adds an op. A whole-key write directly after another whole-key write of the same key
   * (same writer) replaces it: only the last value matters to the core and to other tabs.
   */
  push(op: PendingOp): void {
    const ops = this.ops;
    const last = ops.length > 0 ? ops[ops.length - 1]! : undefined;
    if (
      last !== undefined && op.kind !== 'clear' && last.kind !== 'clear' && op.path.length === 0 &&
      last.path.length === 0 && last.key === op.key && last.writer === op.writer
    ) {
      ops[ops.length - 1] = op;
      return;
    }
    // A clear makes everything queued before it irrelevant.
    if (op.kind === 'clear' && op.writer === undefined) ops.length = 0;
    ops.push(op);
  }

  /**
   * The hot path of `set`: a whole-key write by the container. Reuses the last op object
   * when it is a whole-key write of the same key, so repeated writes allocate nothing.
   */
  pushKeySet(key: string, value: unknown, source: string): void {
    const ops = this.ops;
    const last = ops.length > 0 ? ops[ops.length - 1]! : undefined;
    if (last !== undefined && last.kind === 'set' && last.key === key && last.path.length === 0 && last.writer === undefined) {
      last.value = value;
      last.source = source;
      return;
    }
    ops.push({ kind: 'set', key, path: EMPTY_PATH, value, source });
  }

  /** Takes every queued op, encoded for the core. */
  drain(): LocalOp[] {
    const ops = this.ops;
    this.ops = [];
    return ops.map(toLocalOp);
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
      return { kind: 'set', key: op.key, path: op.path, json: JSON.stringify(op.value), source: op.source, writer: op.writer };
    case 'delete':
      return { kind: 'delete', key: op.key, path: op.path, source: op.source, writer: op.writer };
    default:
      return { kind: 'clear', source: op.source, writer: op.writer };
  }
}

/**
 * The JS view of what the core holds, and every way a read hands it out: `get`, `readAt` and
 * listeners get mutable copies (mutable-mirror.ts), as the legacy manager handed out mutable
 * values; snapshots, path subscriptions, history and devtools get the view's own nodes,
 * frozen lazily once per node (`freezeDeep`).
 *
 * View nodes are never changed after they are written: a write replaces the nodes on its
 * path (internal/paths.ts), so unchanged subtrees keep their identity. The values map is
 * written by the write path, the link to the core (keys re-read from it) and the transaction
 * (rollback); whoever changes it outside a write tells the view with `changed()`, which drops
 * the cached snapshot.
 */
import type { Path } from '../internal/path-subscription.js';
import { readAtPath } from '../internal/paths.js';
import { freezeDeep } from '../internal/validate.js';
import { MutableMirror } from './mutable-mirror.js';

export class StateView {
  /** Key -> immutable value. */
  readonly values = new Map<string, unknown>();
  private readonly mirror = new MutableMirror();
  private snapshotCache: Readonly<Record<string, unknown>> | null = null;

  /** The mutable copy of a view node (the value itself when it is not a container). */
  mutable<T>(node: T): T {
    return this.mirror.of(node);
  }

  /** The current value as `get` returns it: objects and arrays as their mutable copy. */
  get(key: string): unknown {
    const value = this.values.get(key);
    return typeof value !== 'object' ? value : this.mirror.of(value);
  }

  /** The frozen view value. */
  peek(key: string): unknown {
    return freezeDeep(this.values.get(key));
  }

  keys(): string[] {
    return [...this.values.keys()];
  }

  /** The value at `key` + `path`, mutable like `get` (the same copies). */
  readAt(key: string, path: Path): unknown {
    return this.mirror.of(readAtPath(this.values.get(key), path));
  }

  /** The value at `key` + `path` as it is in the snapshot: frozen and structurally shared. */
  snapshotAt(key: string, path: Path): unknown {
    return freezeDeep(readAtPath(this.values.get(key), path));
  }

  /** A frozen snapshot of every key, cached until the view changes. */
  snapshot(): Record<string, unknown> {
    if (this.snapshotCache === null) {
      const snapshot: Record<string, unknown> = {};
      for (const [key, value] of this.values) snapshot[key] = freezeDeep(value);
      this.snapshotCache = Object.freeze(snapshot);
    }
    return this.snapshotCache as Record<string, unknown>;
  }

  /** The values changed: the cached snapshot is stale. */
  changed(): void {
    this.snapshotCache = null;
  }
}

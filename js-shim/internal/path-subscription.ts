/**
 * The one subscription type the React and Vue adapters are written against (docs/conventions.md, convention 7).
 * Both managers implement it: the new one at path granularity, the legacy one at key
 * granularity (any write to the key notifies every path of it).
 */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export interface PathSubscribable {
  /**
   * The current value at `key` + `path`, as `get` returns it: mutable, as legacy MFEs expect
   * (on the new manager a copy that keeps its identity until the value changes).
   */
  readAt(key: string, path: Path): unknown;
  /**
   * The value at `key` + `path` as snapshots hold it. New manager: frozen and structurally
   * shared, so its identity changes exactly when the value changes (what useValtioStore and
   * selectors compare). Legacy manager: the stored value itself (it has no immutable values).
   */
  snapshotAt(key: string, path: Path): unknown;
  /**
   * Calls `onChange` when the value at `key` + `path` may have changed. The new manager calls
   * it only when the value at that path really changed (identity of the shared subtree), after
   * the write is committed to the core (end of the current task) or synchronously when
   * `{ sync: true }` is given (controlled text inputs).
   */
  subscribePath(key: string, path: Path, onChange: () => void, options?: { sync?: boolean }): () => void;
  /** Number of listeners of every kind currently attached (leak checks in tests). */
  listenerCount(): number;
}

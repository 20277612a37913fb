/**
 * The one subscription type the React and Vue adapters are written against (STYLE 7).
 * Both managers implement it: the new one at path granularity, the legacy one at key
 * granularity (any write to the key notifies every path of it).
 */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export interface PathSubscribable {
  /** The current value at `key` + `path`; immutable and structurally shared on the new manager. */
  readAt(key: string, path: Path): unknown;
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

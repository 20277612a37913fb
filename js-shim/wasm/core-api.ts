/**
 * The typed boundary to the C++ core (see docs/internals/contracts.md). Managers import
 * only these types and `loadCore`; nothing else in js-shim touches the emscripten Module.
 * Values cross in a compact binary form through one shared buffer, one crossing per batch:
 * written from the JS values themselves, and read back as JS values (no JSON text either way).
 */
import type { Path } from '../internal/path-subscription.js';

/**
 * `source` is the caller's label (set(key, v, source)); other tabs see it as
 * `'<source> (cross-tab)'`. `writer` is the MFE id of a `forMFE(id)` handle, used by the
 * namespace access policy; absent for the container.
 */
export type LocalOp =
  | { kind: 'set'; key: string; path: Path; value: unknown; source?: string; writer?: string }
  | { kind: 'delete'; key: string; path: Path; source?: string; writer?: string }
  | { kind: 'clear'; source?: string; writer?: string };

/**
 * A change the core made. `value` is the new value at `path` (absent when deleted): for a
 * local change that is exactly one op of the batch, that op's own `value` (the same
 * reference: the core does not send back what the caller has); otherwise a fresh plain
 * value read from the core's result.
 */
export interface CoreChange {
  key: string;
  path: Path;
  deleted: boolean;
  value?: unknown;
  /** Source label carried by the op, if any. */
  source?: string;
  /** MFE id that wrote it, if any. */
  writer?: string;
}

/** Status codes: OK, BAD_JSON, BAD_KEY, FORBIDDEN_KEY, BAD_PATH, TOO_LARGE, TOO_DEEP,
 *  BAD_MESSAGE, UNKNOWN_TYPE, FUTURE_CLOCK, BAD_META, ACCESS_DENIED, NOT_FOUND. */
export interface CoreStatus {
  code: string;
  message: string;
  opIndex?: number;
}

export interface LocalResult {
  ok: boolean;
  /** Only ops that changed something, in order. Empty when !ok (nothing applied). */
  changes: CoreChange[];
  error?: CoreStatus;
}

export interface RemoteResult {
  changes: CoreChange[];
  /** Ops or whole messages that were rejected; nothing of them was applied. */
  dropped: CoreStatus[];
}

export interface LoadResult {
  ok: boolean;
  /** True when the metadata was missing or did not match the value and was rebuilt. */
  repaired: boolean;
  error?: CoreStatus;
}

/**
 * A protocol-v2 ops or state message: bytes in the binary form the wasm core writes (what
 * tabs exchange), or JSON text (the NATS connector, older tabs, test fakes).
 */
export type V2Message = string | Uint8Array;

export interface CoreOptions {
  origin: string;
  maxFutureMs?: number;
  schemaVersion?: number;
}

export interface CoreHandle {
  readonly origin: string;
  /** `set` values must be JSON-compatible (the shim's validated copies); see LocalOp. */
  applyLocal(ops: readonly LocalOp[], nowMs: number): LocalResult;
  /** The local ops since the last take as one message (the wasm core: bytes), or null. */
  takeOutbox(): V2Message | null;
  /** Merges an ops or state message, text or bytes (an ArrayBuffer is read as bytes). */
  applyRemote(message: V2Message | ArrayBuffer, nowMs: number): RemoteResult;
  /** The full-state message as JSON text (for peers that speak text). */
  encodeState(): string;
  /** The full-state message in the binary form (what tabs exchange). */
  encodeStateBinary(): Uint8Array;
  digest(): string;
  /** Every live key and its value, as the core holds them (what `exportJson` writes as text). */
  exportValues(): Record<string, unknown>;
  exportJson(): string;
  /** A key's value as the core holds it; undefined when absent (what `keyJson` writes as text). */
  keyValue(key: string): unknown;
  keyJson(key: string): string | null;
  keyMeta(key: string): string | null;
  loadEntry(key: string, valueText: string, metaText: string | null, nowMs: number): LoadResult;
  snapshot(): number;
  restore(snapshotId: number, nowMs: number): LocalResult;
  releaseSnapshot(snapshotId: number): void;
  /**
   * 'namespaces': a remote op whose writer is MFE `a` touching a key `mfe:<b>:…` (b != a) is
   * dropped with ACCESS_DENIED (local ops are checked by the shim before they reach here,
   * and again by the core). 'off' (default): no check.
   */
  setAccessPolicy(policy: 'off' | 'namespaces'): void;
  dispose(): void;
}

export interface CoreFactory {
  create(options: CoreOptions): CoreHandle;
}

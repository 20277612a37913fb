/**
 * The seam between ValtioStateManager and its side-effect modules (sync/, persist/,
 * devtools/). The manager implements ManagerHost; each module is attached with the host and
 * its injected dependency (a channel, a Storage, a devtools extension), so each can be
 * tested alone against a small host.
 */
import type { CoreHandle, V2Message } from '../wasm/core-api.js';
import type { StateChangeEvent } from '../types.js';
import type { Path } from './path-subscription.js';

/** One change committed to the core during a flush (local or merged from elsewhere). */
export interface CommittedChange {
  key: string;
  /** [] for the whole key. */
  path: Path;
  deleted: boolean;
  /** Where it came from: 'local' writes, or 'remote' (another tab / storage / devtools). */
  origin: 'local' | 'remote';
  /** The value at `path` before this change (from the JS view; undefined when absent). */
  previous: unknown;
  /** The value at `path` after it (structurally shared with the view; undefined when deleted). */
  value: unknown;
  /** The caller's source label (set(key, v, source)), if any. */
  source?: string;
}

export interface FlushInfo {
  changes: readonly CommittedChange[];
  /** Keys whose value changed in this flush (deduplicated, in order of first change). */
  changedKeys: readonly string[];
  /** Encoded protocol-v2 ops message for the local changes of this flush, or null. */
  outbox: V2Message | null;
  /**
   * The further ops messages of this flush, in order, when its ops did not fit in one
   * message under the size limit (several large writes in one task). Absent otherwise.
   */
  overflow?: readonly V2Message[];
  /** Legacy StateChangeEvents of the local writes in this flush, last one per key. */
  legacyEvents: readonly StateChangeEvent[];
}

export interface ManagerHost {
  /** This replica's origin id (random per manager instance). */
  readonly origin: string;
  /** The core once loaded, else null. */
  readonly core: CoreHandle | null;
  /** Resolves with the core once every queued write has been applied to it. */
  whenCoreReady(): Promise<CoreHandle>;
  /** Applies the queued local writes to the core now (synchronous; no-op before load). */
  flush(): void;
  /**
   * Keys written locally and not yet applied to a core; null when a clear is queued.
   * Optional: hosts without a queue (test fakes) leave it out.
   */
  pendingLocalKeys?(): ReadonlySet<string> | null;
  /** Called after every flush that committed something. Returns an unsubscribe. */
  onFlush(listener: (info: FlushInfo) => void): () => void;
  /**
   * Merges a protocol-v2 message from another tab through the core, updates the view and
   * notifies listeners with source `'<original> (cross-tab)'`. Never throws: bad input is
   * reported through reportError.
   */
  applyRemoteMessage(message: V2Message | ArrayBuffer): void;
  /** Merges a legacy StateChangeEvent received on the legacy channel (clock = its timestamp). */
  applyLegacyEvent(event: unknown): void;
  /** The single error channel (config.onError, console.warn by default). */
  reportError(error: Error): void;
  /**
   * Replaces the whole state (devtools time travel, import): keys absent from `state` are
   * removed. Applied as local writes with the given source; listeners are notified.
   */
  replaceState(state: Record<string, unknown>, source: string): void;
  /** The current value of a key from the JS view (no crossing). */
  peek(key: string): unknown;
  /** Every key currently in the JS view. */
  keys(): string[];
}

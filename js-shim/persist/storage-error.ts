/**
 * The error type for everything that goes wrong between the state and localStorage. It is
 * never thrown to a caller: storage is outside input, so persistence reports these through
 * the manager's single error channel (`onError`, console.warn by default) and carries on
 * with the state in memory.
 */
import { StateError } from '../errors.js';

export type StorageErrorCode =
  /** No usable Storage (SSR, a private mode that throws on access, persistent: false is not this). */
  | 'STORAGE_UNAVAILABLE'
  /** setItem refused: the origin's quota is exhausted. The memory state is kept. */
  | 'QUOTA_EXCEEDED'
  /** getItem/setItem/removeItem/key() threw something other than a quota error. */
  | 'STORAGE_FAILED'
  /** An entry that is not JSON, too large, too deep or carries a forbidden member name. */
  | 'CORRUPT_ENTRY'
  /** Metadata that is not ours, or a schema version newer than this app knows. */
  | 'UNKNOWN_META'
  /** A value without its metadata or the reverse (a torn write, or a legacy tab's write). */
  | 'TORN_ENTRY'
  /** `migrate` threw or returned something JSON cannot carry. */
  | 'MIGRATION_FAILED';

export class StateStorageError extends StateError {
  // `declare`: narrows the type only; a field here would reset what the base constructor set.
  declare readonly code: StorageErrorCode;
  constructor(code: StorageErrorCode, message: string, key?: string, cause?: unknown) {
    super(code, message, key, cause);
    this.name = 'StateStorageError';
  }
}

/** True for the DOMException browsers throw when localStorage is full (names differ by engine). */
export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014;
}

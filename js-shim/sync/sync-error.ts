/**
 * The error type for what arrives from other tabs. Never thrown: another tab is outside
 * input, so sync drops the message and reports it through the manager's error channel.
 */
import { StateError } from '../errors.js';

export type SyncErrorCode =
  /** Not text, not JSON, not an object with a string type and origin. */
  | 'MALFORMED_MESSAGE'
  /** A well-formed envelope of a type protocol v2 does not know. */
  | 'UNKNOWN_TYPE'
  /** Over the message size limit; dropped before parsing. */
  | 'TOO_LARGE'
  /** The core rejected (part of) a message: its status code is in the message. */
  | 'REJECTED'
  /** Posting failed (a closed channel, storage fallback over quota). */
  | 'CHANNEL_FAILED';

/** Messages are not about one key: `key` is always undefined. */
export class StateSyncError extends StateError {
  // `declare`: narrows the type only; a field here would reset what the base constructor set.
  declare readonly code: SyncErrorCode;
  constructor(code: SyncErrorCode, message: string, cause?: unknown) {
    super(code, message, undefined, cause);
    this.name = 'StateSyncError';
  }
}

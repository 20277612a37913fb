/**
 * The error type for what arrives from other tabs. Never thrown: another tab is outside
 * input, so sync drops the message and reports it through the manager's error channel.
 */
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

export class StateSyncError extends Error {
  readonly code: SyncErrorCode;
  constructor(code: SyncErrorCode, message: string, cause?: unknown) {
    super(message);
    this.name = 'StateSyncError';
    this.code = code;
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

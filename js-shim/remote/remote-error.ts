/**
 * The error type for what goes wrong between a device and the server. Never thrown: the
 * server and other devices are outside input, so the connector reports through onError.
 */
import { StateError } from '../errors.js';

export type RemoteErrorCode =
  /** The server refused the credentials. */
  | 'AUTH_FAILED'
  /** The server refused a subject or bucket these credentials may not use. */
  | 'ACCESS_DENIED'
  /** An entry from the server was not a well-formed state entry for its key; dropped. */
  | 'BAD_ENTRY'
  /** The core rejected (part of) an entry from the server; its status is in the message. */
  | 'REJECTED'
  /** Connecting, reading or writing failed for another reason; retried on reconnect. */
  | 'SERVER_FAILED'
  /** The connector was given to a second manager, or to a manager without a core. */
  | 'MISUSED';

export class StateRemoteError extends StateError {
  // `declare`: narrows the type only; a field here would reset what the base constructor set.
  declare readonly code: RemoteErrorCode;
  constructor(code: RemoteErrorCode, message: string, key?: string, cause?: unknown) {
    super(code, message, key, cause);
    this.name = 'StateRemoteError';
  }
}

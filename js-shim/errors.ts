/**
 * One error type per cause, each with a stable `code` (ARCHITECTURE "Errors"). Caller
 * mistakes are thrown; anything that arrives from outside (storage, other tabs, devtools)
 * is only reported through the manager's `onError` channel.
 */

import type { CoreStatusCode } from './internal/core-limits.js';

/** Codes a caller can branch on without parsing messages (the core's own included). */
export type StateErrorCode =
  | Exclude<CoreStatusCode, 'OK'>
  | 'BAD_KEY'
  | 'BAD_VALUE'
  | 'CYCLE'
  | 'NON_FINITE'
  | 'UNSUPPORTED_TYPE'
  | 'FORBIDDEN_KEY'
  | 'BAD_PATH'
  | 'TOO_LARGE'
  | 'TOO_DEEP'
  | 'ACCESS_DENIED'
  | 'NOT_LOADED'
  | 'DESTROYED'
  | (string & {});

/**
 * A value or key the state cannot carry faithfully (function, symbol, cycle, BigInt,
 * NaN/Infinity, empty key...). Thrown before anything changes.
 *
 * @example
 * try { manager.set('fn', () => 1); } catch (e) {
 *   if (e instanceof StateValidationError) console.log(e.code, e.key); // 'UNSUPPORTED_TYPE' 'fn'
 * }
 */
export class StateValidationError extends TypeError {
  readonly code: StateErrorCode;
  readonly key: string | undefined;
  constructor(code: StateErrorCode, message: string, key?: string) {
    super(message);
    this.name = 'StateValidationError';
    this.code = code;
    this.key = key;
  }
}

/** A value over a size or depth limit (RangeError, as SPEC section 5 asks). */
export class StateLimitError extends RangeError {
  readonly code: StateErrorCode;
  readonly key: string | undefined;
  constructor(code: StateErrorCode, message: string, key?: string) {
    super(message);
    this.name = 'StateLimitError';
    this.code = code;
    this.key = key;
  }
}

/** An MFE handle writing outside its namespace while access control is on. */
export class StateAccessError extends Error {
  readonly code: StateErrorCode;
  readonly key: string | undefined;
  constructor(message: string, key?: string, code: StateErrorCode = 'ACCESS_DENIED') {
    super(message);
    this.name = 'StateAccessError';
    this.code = code;
    this.key = key;
  }
}

/** A status reported by the wasm core, turned into a JS error (STYLE 4). */
export class StateCoreError extends Error {
  readonly code: StateErrorCode;
  readonly key: string | undefined;
  constructor(code: StateErrorCode, message: string, key?: string) {
    super(message);
    this.name = 'StateCoreError';
    this.code = code;
    this.key = key;
  }
}

/** A transaction that did not commit (vetoed, asynchronous); everything was rolled back. */
export class StateTransactionError extends Error {
  readonly code: StateErrorCode;
  readonly key: string | undefined;
  constructor(code: StateErrorCode, message: string, key?: string) {
    super(message);
    this.name = 'StateTransactionError';
    this.code = code;
    this.key = key;
  }
}

/** Formats a key for messages without risking a throw on exotic inputs (symbols). */
export function describeKey(key: unknown): string {
  if (typeof key === 'string') return JSON.stringify(key.length > 80 ? key.slice(0, 77) + '...' : key);
  try {
    return String(key);
  } catch {
    return typeof key;
  }
}

/**
 * One error type per cause, each with a stable `code` (docs/architecture.md, "Errors"). Caller
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
  | 'WASM_BLOCKED'
  | 'WASM_NOT_FOUND'
  | 'WASM_FETCH_FAILED'
  | 'WASM_NOT_WASM'
  | 'NO_WEBASSEMBLY'
  | 'BAD_WASM_OPTION'
  | 'DESTROYED'
  | (string & {});

/**
 * The brand every error of this package carries on its prototype. `Symbol.for` so that a
 * second copy of the package on the page (two MFEs bundling it) brands with the same
 * symbol, and `instanceof StateError` holds for errors made by either copy.
 */
const STATE_ERROR = Symbol.for('@mfe/universal-state:StateError');

function brand(target: { prototype: object }): void {
  Object.defineProperty(target.prototype, STATE_ERROR, { value: true });
}

/**
 * The one base of every error this package throws or reports through `onError`: a stable
 * `code` to branch on, the state `key` concerned when there is one, and the underlying
 * `cause` when it wraps another failure.
 *
 * `StateValidationError` must stay a `TypeError` and `StateLimitError` a `RangeError`
 * (callers and the bad-input contract test for those), and a class has one parent. So the
 * base recognises its members by a brand instead of by its prototype chain: its
 * `Symbol.hasInstance` answers `instanceof StateError` for every branded error, while each
 * subclass keeps the ordinary prototype check (`instanceof StateStorageError` stays exact).
 *
 * @example
 * const manager = new ValtioStateManager({ onError: (e) => {
 *   if (e instanceof StateError) monitor.report(e.name, e.code, e.key, e.cause);
 * } });
 */
export class StateError extends Error {
  readonly code: StateErrorCode;
  readonly key: string | undefined;
  constructor(code: StateErrorCode, message: string, key?: string, cause?: unknown) {
    super(message);
    this.name = 'StateError';
    this.code = code;
    this.key = key;
    if (cause !== undefined) this.cause = cause;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses inherit this method: for them, the ordinary prototype-chain check.
    if (this !== StateError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [STATE_ERROR]?: unknown })[STATE_ERROR] === true;
  }
}
brand(StateError);

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
  constructor(code: StateErrorCode, message: string, key?: string, cause?: unknown) {
    super(message);
    this.name = 'StateValidationError';
    this.code = code;
    this.key = key;
    if (cause !== undefined) this.cause = cause;
  }
}
brand(StateValidationError);

/** A value over a size or depth limit (RangeError, as docs/api-contract.md section 5 asks). */
export class StateLimitError extends RangeError {
  readonly code: StateErrorCode;
  readonly key: string | undefined;
  constructor(code: StateErrorCode, message: string, key?: string, cause?: unknown) {
    super(message);
    this.name = 'StateLimitError';
    this.code = code;
    this.key = key;
    if (cause !== undefined) this.cause = cause;
  }
}
brand(StateLimitError);

/** An MFE handle writing outside its namespace while access control is on. */
export class StateAccessError extends StateError {
  constructor(message: string, key?: string, code: StateErrorCode = 'ACCESS_DENIED', cause?: unknown) {
    super(code, message, key, cause);
    this.name = 'StateAccessError';
  }
}

/** A status reported by the wasm core, turned into a JS error (docs/conventions.md, convention 4). */
export class StateCoreError extends StateError {
  constructor(code: StateErrorCode, message: string, key?: string, cause?: unknown) {
    super(code, message, key, cause);
    this.name = 'StateCoreError';
  }
}

/** A transaction that did not commit (vetoed, asynchronous); everything was rolled back. */
export class StateTransactionError extends StateError {
  constructor(code: StateErrorCode, message: string, key?: string, cause?: unknown) {
    super(code, message, key, cause);
    this.name = 'StateTransactionError';
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

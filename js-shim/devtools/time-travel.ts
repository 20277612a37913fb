/**
 * Reads the messages the Redux DevTools UI sends (time travel, import, pause) and turns
 * each into one command for index.ts. The extension is outside input: nothing here throws;
 * a malformed message becomes an `error` command that the caller reports.
 */
import { StateError } from '../errors.js';

export type StateObject = Record<string, unknown>;

export type DevtoolsCommand =
  /** Show this state (JUMP_TO_STATE / JUMP_TO_ACTION); history unchanged. */
  | { kind: 'jump'; state: StateObject }
  /** Make the current state the new base (COMMIT). */
  | { kind: 'commit' }
  /** Go back to the state at attach time and make it the base (RESET). */
  | { kind: 'reset' }
  /** Go back to the last committed state and make it the base (ROLLBACK). */
  | { kind: 'rollback'; state: StateObject }
  /** Take a whole exported history; the state becomes its last computed state (IMPORT_STATE). */
  | { kind: 'import'; state: StateObject; liftedState: unknown }
  /** Stop or resume sending changes; `status` undefined means toggle (PAUSE_RECORDING). */
  | { kind: 'pause'; status?: boolean }
  | { kind: 'ignore' }
  | { kind: 'error'; error: DevtoolsMessageError };

/**
 * What can go wrong with the DevTools extension: a message that could not be used
 * (`BAD_DEVTOOLS_MESSAGE`), or a call into the extension that threw (`DEVTOOLS_FAILED`,
 * the extension's error in `cause`). Reported, never thrown.
 */
export type DevtoolsErrorCode = 'BAD_DEVTOOLS_MESSAGE' | 'DEVTOOLS_FAILED';

export class DevtoolsMessageError extends StateError {
  // `declare`: narrows the type only; a field here would reset what the base constructor set.
  declare readonly code: DevtoolsErrorCode;
  constructor(message: string, cause?: unknown, code: DevtoolsErrorCode = 'BAD_DEVTOOLS_MESSAGE') {
    super(code, message, undefined, cause);
    this.name = 'DevtoolsMessageError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names that would reach an object's prototype if a consumer copied the state naively. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** The first forbidden member name at any depth, if any (devtools messages are rare and small). */
function forbiddenName(value: unknown, depth = 0): string | null {
  if (typeof value !== 'object' || value === null || depth > 64) return null;
  for (const name of Object.keys(value)) {
    if (FORBIDDEN.has(name)) return name;
    const inner = forbiddenName((value as Record<string, unknown>)[name], depth + 1);
    if (inner !== null) return inner;
  }
  return null;
}

/**
 * The extension sends states as JSON text; an injected fake may send objects. A state with
 * a forbidden name is refused whole: dropping just that member would make a "replace" erase
 * the keys it would otherwise have kept.
 */
function readState(raw: unknown, what: string): StateObject | DevtoolsMessageError {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return new DevtoolsMessageError(`${what}: state is not valid JSON`);
    }
  }
  if (!isRecord(value)) return new DevtoolsMessageError(`${what}: state is not an object of keys`);
  const bad = forbiddenName(value);
  return bad === null ? value : new DevtoolsMessageError(`${what}: state contains the forbidden name ${JSON.stringify(bad)}`);
}

function fail(message: string): DevtoolsCommand {
  return { kind: 'error', error: new DevtoolsMessageError(message) };
}

function fromState(raw: unknown, what: string, make: (s: StateObject) => DevtoolsCommand): DevtoolsCommand {
  const state = readState(raw, what);
  return state instanceof DevtoolsMessageError ? { kind: 'error', error: state } : make(state);
}

/** Decodes one message from `connection.subscribe`. */
export function interpretMessage(message: unknown): DevtoolsCommand {
  // START/STOP/ACTION (the UI's dispatcher) are not time travel: nothing to do.
  if (!isRecord(message) || message.type !== 'DISPATCH') return { kind: 'ignore' };
  const payload = message.payload;
  if (!isRecord(payload) || typeof payload.type !== 'string') return fail('DISPATCH without a payload type');

  switch (payload.type) {
    case 'JUMP_TO_STATE':
    case 'JUMP_TO_ACTION':
      return fromState(message.state, payload.type, (state) => ({ kind: 'jump', state }));
    case 'COMMIT':
      return { kind: 'commit' };
    case 'RESET':
      return { kind: 'reset' };
    case 'ROLLBACK':
      return fromState(message.state, 'ROLLBACK', (state) => ({ kind: 'rollback', state }));
    case 'IMPORT_STATE': {
      const lifted = payload.nextLiftedState;
      const computed = isRecord(lifted) ? lifted.computedStates : undefined;
      if (!Array.isArray(computed) || computed.length === 0) return fail('IMPORT_STATE without computedStates');
      const last: unknown = computed[computed.length - 1];
      if (!isRecord(last)) return fail('IMPORT_STATE: last computed state is not an object');
      return fromState(last.state, 'IMPORT_STATE', (state) => ({ kind: 'import', state, liftedState: lifted }));
    }
    case 'PAUSE_RECORDING':
      return { kind: 'pause', ...(typeof payload.status === 'boolean' ? { status: payload.status } : {}) };
    default:
      // LOCK_CHANGES, TOGGLE_ACTION, REORDER_ACTION...: features this store does not offer.
      return { kind: 'ignore' };
  }
}

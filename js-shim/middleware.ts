/**
 * The two middleware the legacy package shipped. Both work with either manager because a
 * middleware only sees the StateChangeEvent and the `next` continuation.
 */
import type { StateChangeEvent, StateMiddleware } from './types.js';

/**
 * Logs every write (key, previous and new value, source) and lets it through.
 *
 * @example
 * const manager = createStateManager({ middleware: [loggingMiddleware] });
 */
export const loggingMiddleware: StateMiddleware = (event, next) => {
  console.log(`[universal-state] ${event.key} (${event.source})`, {
    previousValue: event.previousValue,
    value: event.value,
    timestamp: event.timestamp,
  });
  next();
};

/** A validator returns true to accept the value. */
export type StateValidator = (value: unknown, event: StateChangeEvent) => boolean;

/**
 * Vetoes (and logs with console.warn) any write whose key has a validator that rejects the
 * value; keys without a validator pass. A validator that throws counts as a rejection.
 *
 * @example
 * const manager = createStateManager({
 *   middleware: [validationMiddleware({ age: (v) => typeof v === 'number' && v >= 0 })],
 * });
 * manager.set('age', -1); // vetoed: get('age') is unchanged, no listener runs
 */
export function validationMiddleware(validators: Record<string, StateValidator>): StateMiddleware {
  return (event, next) => {
    // Own properties only: a key named "toString" must not pick up Object.prototype's.
    const validator = Object.prototype.hasOwnProperty.call(validators, event.key) ? validators[event.key] : undefined;
    if (typeof validator !== 'function') {
      next();
      return;
    }
    let ok = false;
    try {
      ok = Boolean(validator(event.value, event));
    } catch (error) {
      console.warn(`[universal-state] validator for "${event.key}" threw; write rejected`, error);
      return;
    }
    if (!ok) {
      console.warn(`[universal-state] validation failed for "${event.key}"; write rejected`, event.value);
      return;
    }
    next();
  };
}

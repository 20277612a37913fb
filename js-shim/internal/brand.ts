/**
 * What makes the two manager classes recognisable across copies of the package and after a
 * host app's minifier:
 * - a brand under a `Symbol.for` key on the prototype, so `instanceof ValtioStateManager`
 *   is true for a manager built by another copy (static `Symbol.hasInstance` checks it);
 * - an explicit `name`, because minifiers rename classes and containers log
 *   `manager.constructor.name` to tell which manager runs.
 */
import { announceCopy } from './copies.js';

export type ManagerKind = 'ValtioStateManager' | 'UniversalStateManager';

const BRAND = Symbol.for('@mfe/universal-state/manager-kind');

/** True when `value` is a manager of this kind from any copy of the package. */
export function hasBrand(value: unknown, kind: ManagerKind): boolean {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === kind;
}

/** Called from the class's static block; `cls` is the class itself. */
export function brandManagerClass(cls: abstract new (...args: never[]) => unknown, kind: ManagerKind): void {
  announceCopy();
  Object.defineProperty(cls.prototype, BRAND, { value: kind });
  Object.defineProperty(cls, 'name', { value: kind, configurable: true });
  const ordinary = Function.prototype[Symbol.hasInstance];
  Object.defineProperty(cls, Symbol.hasInstance, {
    configurable: true,
    value(this: unknown, value: unknown): boolean {
      if (ordinary.call(this, value)) return true;
      // Only the branded class itself accepts other copies' managers; a subclass an app
      // writes keeps the ordinary prototype-chain meaning.
      return this === cls && hasBrand(value, kind);
    },
  });
}

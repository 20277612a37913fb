/**
 * The connection to the extension arrives as its own chunk, a few tasks after the manager
 * was built, and starts from the state of that moment. Writes made before it arrived are
 * already part of that state, but they may still be queued for the core and reach the
 * connection later, in the first flush that commits local writes. Naming them then would
 * show each twice (in the base state and as an action), or not, depending on how fast the
 * core loaded. This filter drops, from that one flush, the local changes to keys that had
 * queued writes when the connection arrived (`pending`; null: a clear was queued, so every
 * key) and whose value is the one the base state already shows (view nodes keep their
 * identity, so the test is `===`).
 */
import type { CommittedChange, FlushInfo } from '../internal/manager-host.js';
import { readAtPath } from '../internal/paths.js';
import type { StateObject } from './time-travel.js';

export function alreadyShownFilter(base: StateObject, pending: ReadonlySet<string> | null): (info: FlushInfo) => FlushInfo {
  let armed = pending === null || pending.size > 0;
  const shown = (change: CommittedChange): boolean => {
    if (change.origin !== 'local' || (pending !== null && !pending.has(change.key))) return false;
    const before = Object.prototype.hasOwnProperty.call(base, change.key) ? readAtPath(base[change.key], change.path) : undefined;
    return change.deleted ? before === undefined : Object.is(before, change.value);
  };
  return (info) => {
    if (!armed || !info.changes.some((c) => c.origin === 'local')) return info;
    armed = false;
    const changes = info.changes.filter((c) => !shown(c));
    return changes.length === info.changes.length ? info : { ...info, changes };
  };
}

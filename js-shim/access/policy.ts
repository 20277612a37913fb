/**
 * The MFE namespace rule, in one place for the handle (local writes) and in step with the
 * core's check of remote ops (`setAccessPolicy('namespaces')`): a key `mfe:<id>:…` belongs
 * to MFE `<id>`; only that MFE's handle (and the container, which writes as nobody) may
 * write it. Keys outside the `mfe:` namespace are shared.
 */
import { StateAccessError } from '../errors.js';

export type AccessControl = 'off' | 'namespaces';

/**
 * The owning MFE id of a namespaced key, or null for a shared key. Exactly the core's rule
 * (src/core.cpp namespaceOf): everything after `mfe:` up to the next `:` or the end, so
 * `mfe:cart` belongs to `cart` and `mfe::x` to nobody an MFE can be.
 */
export function namespaceOwner(key: string): string | null {
  if (!key.startsWith('mfe:')) return null;
  const end = key.indexOf(':', 4);
  return end < 0 ? key.slice(4) : key.slice(4, end);
}

export function mayWrite(writer: string, key: string): boolean {
  const owner = namespaceOwner(key);
  return owner === null || owner === writer;
}

/** Throws StateAccessError, before anything changes, when `writer` may not write `key`. */
export function assertMayWrite(policy: AccessControl, writer: string, key: string | null, action = 'write'): void {
  if (policy === 'namespaces' && key === null) {
    // An MFE's clear would erase other MFEs' namespaces; the core refuses it too.
    throw new StateAccessError(`MFE "${writer}" may not ${action}: only the container may (accessControl: 'namespaces')`);
  }
  if (policy !== 'namespaces' || key === null || mayWrite(writer, key)) return;
  throw new StateAccessError(
    `MFE "${writer}" may not ${action} "${key}": it belongs to MFE "${namespaceOwner(key)}" (accessControl: 'namespaces')`,
    key,
  );
}

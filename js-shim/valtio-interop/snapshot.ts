/**
 * valtio's `snapshot(proxy)`: the immutable view of a store (or of an object inside it).
 * The manager's snapshots are already what valtio's are: deeply frozen, and an unchanged
 * subtree keeps its identity from one snapshot to the next.
 */
import { placeOf, snapshotOf } from './place.js';

/**
 * @example
 * const store = manager.getProxyStore();
 * const before = snapshot(store);
 * store.user.name = 'Bob';
 * snapshot(store).settings === before.settings; // true: untouched subtree, same object
 */
export function snapshot<T extends object>(store: T): T {
  return snapshotOf(placeOf(store, 'snapshot')) as T;
}

/**
 * valtio's `subscribe` and `subscribeKey` over the manager's own listeners.
 *
 * Ops are valtio's shape: `['set', path, value, previous]` or `['delete', path, previous]`.
 * On the whole store an op's path is the top-level key that changed (a nested write names
 * its key, not the inner member); on an object inside the store the path is `[]` (the
 * object changed). Values are frozen snapshot values.
 */
import { placeOf, snapshotOf, type StorePlace } from './place.js';

export type Op =
  | [op: 'set', path: (string | symbol)[], value: unknown, prevValue: unknown]
  | [op: 'delete', path: (string | symbol)[], prevValue: unknown];

/**
 * Calls `callback` with the ops of each change. Batched: one call per task for every write
 * made in it, unless `notifyInSync`, which calls it inside each write.
 *
 * @example
 * const stop = subscribe(manager.getProxyStore(), (ops) => console.log(ops));
 * manager.set('theme', 'dark'); // logs [['set', ['theme'], 'dark', 'light']] once the task ends
 */
export function subscribe<T extends object>(store: T, callback: (ops: Op[]) => void, notifyInSync?: boolean): () => void {
  const place = placeOf(store, 'subscribe');
  let pending: Op[] = [];
  let scheduled = false;
  let active = true;
  const deliver = (op: Op): void => {
    if (notifyInSync) return callback([op]);
    pending.push(op);
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      const ops = pending;
      pending = [];
      if (active && ops.length > 0) callback(ops);
    });
  };
  const stop = place.key === null ? subscribeWhole(place, deliver) : subscribeInside(place, deliver, notifyInSync === true);
  return () => {
    active = false;
    stop();
  };
}

function subscribeWhole(place: StorePlace, deliver: (op: Op) => void): () => void {
  return place.manager.subscribeAll((event) => {
    const value = place.manager.snapshotAt(event.key, []);
    deliver(value === undefined ? ['delete', [event.key], event.previousValue] : ['set', [event.key], value, event.previousValue]);
  });
}

function subscribeInside(place: StorePlace, deliver: (op: Op) => void, sync: boolean): () => void {
  let previous = snapshotOf(place);
  return place.manager.subscribePath(place.key!, place.path, () => {
    const value = snapshotOf(place);
    if (value === previous) return;
    const before = previous;
    previous = value;
    deliver(value === undefined ? ['delete', [], before] : ['set', [], value, before]);
  }, { sync });
}

/**
 * valtio/utils' `subscribeKey`: `callback(store[key])` when that member changes, and only then
 * (a write to a sibling, or to another key, does not call it).
 *
 * @example
 * subscribeKey(manager.getProxyStore(), 'theme', (theme) => document.body.dataset.theme = theme);
 */
export function subscribeKey<T extends object, K extends keyof T>(
  store: T,
  key: K,
  callback: (value: T[K]) => void,
  notifyInSync?: boolean,
): () => void {
  const place = placeOf(store, 'subscribeKey');
  const name = typeof key === 'number' ? key : String(key);
  const [stateKey, path] = place.key === null ? [String(name), []] : [place.key, [...place.path, name]];
  return place.manager.subscribePath(stateKey, path, () => callback(store[key]), { sync: notifyInSync === true });
}

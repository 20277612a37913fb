/**
 * Finding the manager behind a store proxy. The proxy answers a `Symbol.for` member with its
 * place (manager, key, path), so these functions work on a store made by any copy of the
 * package on the page; nothing is looked up in a registry of this copy's own.
 */
import type { StorePlace } from '../manager/proxy-store.js';

/** The same registered name proxy-store.ts answers to (kept literal: no import of the store code). */
const STORE_PLACE = Symbol.for('@mfe/universal-state:store-place');

export type { StorePlace };

export function placeOf(store: unknown, caller: string): StorePlace {
  const place = store !== null && typeof store === 'object' ? (store as Record<symbol, unknown>)[STORE_PLACE] : undefined;
  if (place === undefined || place === null || typeof (place as StorePlace).manager?.getSnapshot !== 'function') {
    throw new TypeError(
      `${caller}: expected the store from manager.getProxyStore() or an object read from it ` +
        '(valtio\'s own proxy() objects are not supported here)',
    );
  }
  return place as StorePlace;
}

/** The frozen, structurally shared snapshot of the place: getSnapshot() for the whole store. */
export function snapshotOf(place: StorePlace): unknown {
  return place.key === null ? place.manager.getSnapshot() : place.manager.snapshotAt(place.key, place.path);
}

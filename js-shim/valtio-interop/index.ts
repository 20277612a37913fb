/**
 * `@mfe/universal-state/valtio`: valtio's functions for the store `getProxyStore()` returns,
 * so code written for the original Valtio manager keeps working after the import moves here.
 * No valtio inside: valtio's own functions only know proxies made by the same copy of valtio,
 * and every MFE bundle carries its own copy; these work on a store from any copy of this
 * package. Framework-free; React's `useSnapshot` is in `@mfe/universal-state/valtio/react`.
 */
export { subscribe, subscribeKey, type Op } from './subscribe.js';
export { snapshot } from './snapshot.js';
export { watch, type WatchGet } from './watch.js';

/**
 * Turns proxy-compare's record of what a function read from a snapshot into the path
 * subscriptions it needs. Shared by `useValtioStore` (React) and the selector hooks of both
 * adapters, so "what counts as read" is decided in one place.
 */
import { affectedToPathList } from 'proxy-compare';
import type { Path } from '../internal/path-subscription.js';

// proxy-compare names "read the key set / tested a key" with these trailing segments.
const KEY_SET_READ = /^:(?:ownKeys|has\(.*\)|hasOwn\(.*\))$/s;

export interface Wanted {
  key: string | null; // null: the store's key set
  path: Path;
}

/** The subscriptions a render needs, one per distinct path (a prefix covers its extensions). */
export function pathsRead(snapshot: object, affected: WeakMap<object, unknown>): Map<string, Wanted> {
  const wanted = new Map<string, Wanted>();
  for (const raw of affectedToPathList(snapshot, affected)) {
    let segments = raw;
    const last = segments[segments.length - 1];
    if (typeof last === 'string' && KEY_SET_READ.test(last)) segments = segments.slice(0, -1);
    const firstSymbol = segments.findIndex((s) => typeof s === 'symbol');
    if (firstSymbol >= 0) segments = segments.slice(0, firstSymbol);
    const [key, ...path] = segments as string[];
    const entry: Wanted = key === undefined ? { key: null, path: [] } : { key, path };
    wanted.set(JSON.stringify(segments), entry);
  }
  return wanted;
}


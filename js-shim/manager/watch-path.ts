/**
 * `watchPath('user.profile.name', fn)`: a callback for one nested path, called only when
 * the value at that path changes (identity of the structurally shared value), with the new
 * and the previous value. Built on the same path subscriptions the adapters use.
 */
import type { Path, PathSubscribable } from '../internal/path-subscription.js';
import { reportListenerError } from '../internal/listeners.js';
import { StateValidationError } from '../errors.js';

/** 'user.profile.name' -> key 'user', path ['profile', 'name']; digits become indices. */
export function parseDottedPath(spec: string | readonly (string | number)[]): { key: string; path: Path } {
  const parts = typeof spec === 'string' ? spec.split('.') : [...spec];
  const [key, ...rest] = parts;
  if (typeof key !== 'string' || key === '' || rest.some((p) => p === '')) {
    throw new StateValidationError('BAD_PATH', `watchPath expects 'key.member.member' or [key, ...path], got ${JSON.stringify(spec)}`);
  }
  const path = rest.map((p) => (typeof p === 'string' && /^(?:0|[1-9]\d*)$/.test(p) ? Number(p) : p));
  return { key, path };
}

export type PathWatcher<T> = (value: T | undefined, previous: T | undefined) => void;

/**
 * Subscribes `fn` to one path. Deferred to the end of the task by default (several writes,
 * one call); `{ sync: true }` calls it inside the write.
 */
export function watchPathOn<T>(
  host: PathSubscribable,
  spec: string | readonly (string | number)[],
  fn: PathWatcher<T>,
  options: { sync?: boolean } = {},
): () => void {
  if (typeof fn !== 'function') throw new StateValidationError('BAD_VALUE', 'watchPath expects a callback');
  const { key, path } = parseDottedPath(spec);
  let previous = host.readAt(key, path) as T | undefined;
  return host.subscribePath(key, path, () => {
    const value = host.readAt(key, path) as T | undefined;
    const before = previous;
    previous = value;
    try {
      fn(value, before);
    } catch (error) {
      reportListenerError(`watchPath("${typeof spec === 'string' ? spec : spec.join('.')}")`, error);
    }
  }, options);
}

/**
 * `watchPath('user.profile.name', fn)`: a callback for one nested path, called only when
 * the value at that path changes (identity of the structurally shared value), with the new
 * and the previous value. The one path watcher (internal/watch-path.ts), by identity.
 */
import type { PathSubscribable } from '../internal/path-subscription.js';
import { parseDottedPath, watchPathValue, type PathWatcher } from '../internal/watch-path.js';
import { StateValidationError } from '../errors.js';

export type { PathWatcher } from '../internal/watch-path.js';

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
  const label = `watchPath("${typeof spec === 'string' ? spec : spec.join('.')}")`;
  return watchPathValue(host, key, path, fn, { sync: options.sync, byValue: false, label });
}

/**
 * The React side of the one subscription type (PathSubscribable): every hook of this folder
 * reads through these three functions, all `useSyncExternalStore`, so React checks the
 * snapshot again before committing and a concurrent render can never show two values of
 * one store (no tearing). The Vue adapter has the parallel file `vue/subscription.ts`.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { createProxy, isChanged } from 'proxy-compare';
import type { Path } from '../internal/path-subscription.js';
import type { AdapterManager } from './manager-slot.js';
import { ROOT, pathId } from '../adapters-shared/paths.js';
import { storeSnapshotSource } from './store-snapshot.js';
import { pathsRead } from '../adapters-shared/paths-read.js';
import { TrackedPaths } from './tracked-paths.js';

// Layout effects warn during server rendering; the ref they update is only needed in a browser.
export const useIsomorphicLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

/**
 * Lets a hook re-check its own snapshot at once after its own setter wrote: the component
 * that typed into a controlled input then re-renders inside the event (React keeps the
 * caret), while every other subscriber still gets the batched, committed notification.
 */
function useSelfNotify(): [(onChange: () => void) => () => void, () => void] {
  const current = useRef<(() => void) | null>(null);
  const remember = useCallback((onChange: () => void) => {
    current.current = onChange;
    return () => {
      if (current.current === onChange) current.current = null;
    };
  }, []);
  const notify = useCallback(() => current.current?.(), []);
  return [remember, notify];
}

/**
 * The value at `key` + `path`; re-renders only when that value's identity changes. Also
 * returns `notifySelf`, for the hook's setter to call after writing.
 */
export function usePathValue<T>(manager: AdapterManager, key: string, path: Path, sync: boolean): [T, () => void] {
  const id = pathId(path);
  const [remember, notifySelf] = useSelfNotify();
  // `path` is captured from the render where `id` last changed: same content, so same path.
  const subscribe = useCallback(
    (onChange: () => void) => {
      const forget = remember(onChange);
      const stop = manager.subscribePath(key, path, onChange, { sync });
      return () => {
        forget();
        stop();
      };
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [manager, key, id, sync],
  );
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const read = useCallback(() => manager.readAt(key, path) as T, [manager, key, id]);
  return [useSyncExternalStore(subscribe, read, read), notifySelf];
}

interface KeysCache {
  manager: AdapterManager;
  id: string;
  values: unknown[];
  object: Readonly<Record<string, unknown>>;
}

/** `{ [key]: value }` for several keys; one object identity until one of them changes. */
export function useKeysValues(manager: AdapterManager, keys: readonly string[], sync: boolean): [Readonly<Record<string, unknown>>, () => void] {
  const id = keys.join('\u0000');
  const cache = useRef<KeysCache | null>(null);
  const [remember, notifySelf] = useSelfNotify();
  const subscribe = useCallback(
    (onChange: () => void) => {
      const forget = remember(onChange);
      const stops = keys.map((key) => manager.subscribePath(key, ROOT, onChange, { sync }));
      return () => {
        forget();
        stops.forEach((stop) => stop());
      };
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [manager, id, sync],
  );
  const read = useCallback(() => {
    const values = keys.map((key) => manager.readAt(key, ROOT));
    const last = cache.current;
    // A memo, not render state: every call with the same store returns the same object,
    // which is what useSyncExternalStore requires of getSnapshot.
    if (last !== null && last.manager === manager && last.id === id && values.every((v, i) => Object.is(v, last.values[i]))) {
      return last.object;
    }
    const object = Object.freeze(Object.fromEntries(keys.map((key, i) => [key, values[i]])));
    cache.current = { manager, id, values, object };
    return object;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [manager, id]);
  return [useSyncExternalStore(subscribe, read, read), notifySelf];
}

interface Committed {
  /** The snapshot the committed render read from. */
  rendered: object;
  /** What that render read (proxy-compare's record). */
  affected: WeakMap<object, unknown>;
  /** What useSyncExternalStore holds for this component. */
  held: object;
}

/**
 * The whole store as an immutable snapshot wrapped in a proxy-compare proxy. The component
 * subscribes to the paths its last render read and re-renders only when one of those values
 * differs from the snapshot of its last commit; writes to anything else never wake it.
 */
export function useTrackedStore(manager: AdapterManager, sync: boolean): Readonly<Record<string, unknown>> {
  const source = storeSnapshotSource(manager);
  const tracker = useMemo(() => new TrackedPaths(manager, source, sync), [manager, source, sync]);
  const committed = useRef<Committed | null>(null);
  const subscribe = useCallback((onChange: () => void) => tracker.attach(onChange), [tracker]);
  const read = useCallback(() => {
    const next = source.read();
    const last = committed.current;
    // Returning what React already holds tells it "nothing this component uses changed".
    if (last !== null && (last.rendered === next || !isChanged(last.rendered, next, last.affected, new WeakMap()))) {
      return last.held;
    }
    return next;
  }, [source]);
  const held = useSyncExternalStore(subscribe, read, read);
  // Render from the latest snapshot, not `held`: when a prop change makes this render read a
  // path the last one did not, `held` may be older than the store for that path.
  const rendered = source.read();
  const affected = new WeakMap<object, unknown>();
  useIsomorphicLayoutEffect(() => {
    committed.current = { rendered, affected, held };
    tracker.track(pathsRead(rendered, affected));
  });
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const proxyCache = useMemo(() => new WeakMap<object, unknown>(), [source]);
  return createProxy(rendered, affected, proxyCache, frozenCopies);
}

// proxy-compare wraps a frozen object (the new manager freezes its values) through an
// unfrozen copy; caching the copy per object spares a copy of every read object per render.
const frozenCopies = new WeakMap<object, unknown>();

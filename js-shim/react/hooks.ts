/**
 * The hook implementations, written once and bound to a way of finding the manager: the
 * global slots (legacy names, Valtio names) or one manager (`createReactAdapter`).
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Path } from '../internal/path-subscription.js';
import type { StateChangeEvent } from '../types.js';
import type { AdapterManager } from './manager-slot.js';
import { ROOT, pathId, resolveUpdater, writeAt, type Updater } from '../adapters-shared/paths.js';
import { retainRegistration } from '../adapters-shared/registration.js';
import { useIsomorphicLayoutEffect, useKeysValues, usePathValue, useTrackedStore } from './subscription.js';

export interface StateHookOptions {
  /**
   * Re-render synchronously inside every `set` of the key instead of after the write is
   * committed (end of the task). A hook's own setter always re-renders its component at once
   * (so a controlled input writing through it keeps its caret); `sync` extends that to
   * writes from anywhere, e.g. an input whose value another component writes.
   */
  sync?: boolean;
  /** The `source` of the change events this hook's setter writes. Default `'react'`. */
  source?: string;
}

export type SetState<T> = (next: Updater<T>) => void;
export type KeyStateListener = (key: string, value: unknown, event: StateChangeEvent) => void;

export interface MFERegistrationMeta {
  framework?: string;
  version?: string;
  [extra: string]: unknown;
}

/** How a hook finds its manager; gets the hook's name for the error message. */
export type ManagerResolver = (hook: string) => AdapterManager;

export interface HookDefaults {
  sync: boolean;
}

export function createHooks(resolve: ManagerResolver, names: Record<'state' | 'states' | 'listener' | 'registration' | 'path' | 'store', string>, defaults: HookDefaults) {
  function usePath<T>(hook: string, key: string, path: Path, options?: StateHookOptions): [T | undefined, SetState<T | undefined>] {
    const manager = resolve(hook);
    const source = options?.source ?? 'react';
    const [value, notifySelf] = usePathValue<T | undefined>(manager, key, path, options?.sync ?? defaults.sync);
    const id = pathId(path);
    const setValue = useCallback<SetState<T | undefined>>(
      (next) => {
        const resolved = resolveUpdater(next, () => manager.readAt(key, path) as T | undefined);
        writeAt(manager, key, path, resolved, source);
        notifySelf();
      },
      // eslint-disable-next-line react-hooks/exhaustive-deps
      [manager, key, id, source],
    );
    return [value, setValue];
  }

  function useState<T = unknown>(key: string, options?: StateHookOptions): [T | undefined, SetState<T | undefined>] {
    return usePath<T>(names.state, key, ROOT, options);
  }

  function usePathState<T = unknown>(key: string, path: Path, options?: StateHookOptions): [T | undefined, SetState<T | undefined>] {
    return usePath<T>(names.path, key, path, options);
  }

  function useStates<V extends Record<string, unknown> = Record<string, unknown>>(
    keys: readonly string[],
    options?: StateHookOptions,
  ): [Readonly<Partial<V>>, (next: Updater<Partial<V>>) => void] {
    const manager = resolve(names.states);
    const source = options?.source ?? 'react';
    const [values, notifySelf] = useKeysValues(manager, keys, options?.sync ?? defaults.sync) as [Readonly<Partial<V>>, () => void];
    const id = keys.join('\u0000');
    const setMany = useCallback(
      (next: Updater<Partial<V>>) => {
        const current = () => Object.fromEntries(keys.map((key) => [key, manager.get(key)])) as Partial<V>;
        const changes = resolveUpdater(next, current);
        for (const [key, value] of Object.entries(changes)) manager.set(key, value, source);
        notifySelf();
      },
      // eslint-disable-next-line react-hooks/exhaustive-deps
      [manager, id, source],
    );
    return [values, setMany];
  }

  function useListener(listener: KeyStateListener): void {
    const manager = resolve(names.listener);
    // The latest listener is called without resubscribing on every render.
    const latest = useRef(listener);
    useIsomorphicLayoutEffect(() => {
      latest.current = listener;
    });
    useEffect(() => manager.subscribeAll((event) => latest.current(event.key, event.value, event)), [manager]);
  }

  function useRegistration(id: string, meta?: MFERegistrationMeta): void {
    const manager = resolve(names.registration);
    const full = useMemo(() => ({ framework: 'react', ...meta }), [metaKey(meta)]); // eslint-disable-line react-hooks/exhaustive-deps
    useEffect(() => retainRegistration(manager, id, full), [manager, id, full]);
  }

  function useStore<S extends Record<string, unknown> = Record<string, unknown>>(options?: Pick<StateHookOptions, 'sync'>): Readonly<S> {
    return useTrackedStore(resolve(names.store), options?.sync ?? defaults.sync) as Readonly<S>;
  }

  return { useState, useStates, useListener, useRegistration, usePathState, useStore };
}

function metaKey(meta: MFERegistrationMeta | undefined): string {
  try {
    return JSON.stringify(meta ?? null);
  } catch {
    return '';
  }
}

/**
 * The composable implementations, written once and bound to a way of finding the manager
 * (the global slot, or one manager for `VueAdapter` / `createValtioVueAdapter`). Parallel to
 * react/hooks.ts.
 */
import { computed, type WritableComputedRef } from 'vue';
import type { Path } from '../internal/path-subscription.js';
import type { StateChangeEvent } from '../types.js';
import type { AdapterManager } from './manager-slot.js';
import { ROOT, resolveUpdater, writeAt, type Updater } from '../adapters-shared/paths.js';
import { retainRegistration } from '../adapters-shared/registration.js';
import { keysState, pathRef, releaseWithScope } from './subscription.js';
import { storeMirror } from './store-mirror.js';

export interface StateComposableOptions {
  /**
   * Update the ref synchronously inside `set` instead of after the write is committed (end
   * of the task).
   */
  sync?: boolean;
  /** The `source` of the change events this composable's setter writes. Default `'vue'`. */
  source?: string;
}

export type KeyStateListener = (key: string, value: unknown, event: StateChangeEvent) => void;

export interface MFERegistrationMeta {
  framework?: string;
  version?: string;
  [extra: string]: unknown;
}

/** `value` follows the store; assigning it (or `v-model`) writes through `setValue`. */
export interface GlobalStateRef<T> {
  value: WritableComputedRef<T | undefined>;
  setValue: (next: Updater<T | undefined>) => void;
}

export type ManagerResolver = (composable: string) => AdapterManager;

export function createComposables(
  resolve: ManagerResolver,
  names: Record<'state' | 'states' | 'listener' | 'registration' | 'path' | 'store', string>,
  defaults: { sync: boolean },
) {
  function usePath<T>(where: string, key: string, path: Path, options?: StateComposableOptions): GlobalStateRef<T> {
    const manager = resolve(where);
    const source = options?.source ?? 'vue';
    const fixed = [...path];
    const ref = pathRef<T | undefined>(manager, key, fixed, options?.sync ?? defaults.sync, where);
    const setValue = (next: Updater<T | undefined>) => {
      writeAt(manager, key, fixed, resolveUpdater(next, () => manager.readAt(key, fixed) as T | undefined), source);
    };
    const value = computed<T | undefined>({ get: () => ref.value, set: (next) => setValue(next) });
    return { value, setValue };
  }

  function useState<T = unknown>(key: string, options?: StateComposableOptions): GlobalStateRef<T> {
    return usePath<T>(names.state, key, ROOT, options);
  }

  function usePathState<T = unknown>(key: string, path: Path, options?: StateComposableOptions): GlobalStateRef<T> {
    return usePath<T>(names.path, key, path, options);
  }

  function useStates<V extends Record<string, unknown> = Record<string, unknown>>(keys: readonly string[], options?: StateComposableOptions) {
    const manager = resolve(names.states);
    const source = options?.source ?? 'vue';
    const fixed = [...keys];
    const values = keysState(manager, fixed, options?.sync ?? defaults.sync, names.states) as Readonly<Partial<V>>;
    const setValues = (next: Updater<Partial<V>>) => {
      const current = () => Object.fromEntries(fixed.map((key) => [key, manager.get(key)])) as Partial<V>;
      for (const [key, value] of Object.entries(resolveUpdater(next, current))) manager.set(key, value, source);
    };
    return { values, setValues };
  }

  function useListener(listener: KeyStateListener): () => void {
    const manager = resolve(names.listener);
    const stop = manager.subscribeAll((event) => listener(event.key, event.value, event));
    releaseWithScope(stop, names.listener);
    return stop;
  }

  function useRegistration(id: string, meta?: MFERegistrationMeta): () => void {
    const manager = resolve(names.registration);
    const release = retainRegistration(manager, id, { framework: 'vue', ...meta });
    releaseWithScope(release, names.registration);
    return release;
  }

  function useStore<S extends Record<string, unknown> = Record<string, unknown>>(): Readonly<S> {
    const mirror = storeMirror(resolve(names.store));
    releaseWithScope(mirror.acquire(), names.store);
    return mirror.view as Readonly<S>;
  }

  return { useState, useStates, useListener, useRegistration, usePathState, useStore };
}

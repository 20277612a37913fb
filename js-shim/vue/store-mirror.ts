/**
 * The whole store as a deep read-only `reactive` object, for `useValtioStoreVue`. Vue already
 * tracks which properties a render reads, so the fine-grained part is done by patching only
 * what changed: the manager's values are structurally shared, so an unchanged subtree is
 * skipped by one identity check and only changed leaves are assigned (and only their readers
 * re-render). One mirror per manager, attached (`subscribeAll`) while any scope uses it.
 * The React counterpart is react/store-snapshot.ts + proxy-compare.
 */
import { reactive, readonly, toRaw } from 'vue';
import type { AdapterManager } from './manager-slot.js';
import { ROOT } from '../adapters-shared/paths.js';

type Container = Record<string | number, unknown>;

function isContainer(value: unknown): value is Container {
  return value !== null && typeof value === 'object';
}

/** A mutable plain copy (the manager's values are frozen; Vue does not observe frozen objects). */
function plainCopy(value: unknown): unknown {
  if (!isContainer(value)) return value;
  if (Array.isArray(value)) return value.map(plainCopy);
  const out: Container = {};
  for (const [k, v] of Object.entries(value)) out[k] = plainCopy(v);
  return out;
}

/** Makes `parent[prop]` (reactive) equal `next`, given it currently mirrors `previous`. */
function patch(parent: Container, prop: string | number, previous: unknown, next: unknown): void {
  if (previous === next) return;
  const current = (toRaw(parent) as Container)[prop];
  const sameShape = isContainer(previous) && isContainer(next) && isContainer(current) && Array.isArray(previous) === Array.isArray(next);
  if (!sameShape) {
    if (next === undefined) delete parent[prop];
    else parent[prop] = plainCopy(next);
    return;
  }
  const target = reactive(current as Container) as Container;
  if (Array.isArray(next)) {
    const prevArray = previous as unknown as unknown[];
    for (let i = 0; i < next.length; i++) patch(target, i, prevArray[i], next[i]);
    const list = target as unknown as unknown[];
    if (list.length !== next.length) list.length = next.length;
    return;
  }
  for (const k of Object.keys(next)) patch(target, k, (previous as Container)[k], (next as Container)[k]);
  for (const k of Object.keys(previous as Container)) if (!(k in next)) delete target[k];
}

export class StoreMirror {
  private readonly state = reactive<Container>({});
  readonly view = readonly(this.state) as Readonly<Record<string, unknown>>;
  /** The manager value each key of `state` mirrors (identity is what makes patching cheap). */
  private readonly sources = new Map<string, unknown>();
  private users = 0;
  private detach: (() => void) | null = null;

  constructor(private readonly manager: AdapterManager) {}

  acquire(): () => void {
    if (this.users++ === 0) {
      this.detach = this.manager.subscribeAll((event) => {
        if (event.source === 'clear' || event.source.startsWith('clear ')) this.syncAll();
        else this.syncKey(event.key);
      });
      this.syncAll();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.users > 0) return;
      this.detach?.();
      this.detach = null;
    };
  }

  private syncKey(key: string): void {
    // snapshotAt, not readAt: frozen view nodes, so an in-place change of a `get` result
    // cannot change what `sources` remembers and hide the next write.
    const next = this.manager.snapshotAt(key, ROOT);
    // A legacy value is not frozen and may have been changed in place before this `set`
    // (same object, new content), so identity says nothing: diff it against the mirror's
    // own plain copy instead (still only the changed leaves are assigned).
    const trusted = !isContainer(next) || Object.isFrozen(next);
    patch(this.state, key, trusted ? this.sources.get(key) : (toRaw(this.state) as Container)[key], next);
    if (next === undefined) this.sources.delete(key);
    else this.sources.set(key, next);
  }

  private syncAll(): void {
    const keys = new Set(this.manager.keys()); // not getSnapshot(): a deep copy on the legacy manager
    for (const key of this.sources.keys()) if (!keys.has(key)) this.syncKey(key);
    for (const key of keys) this.syncKey(key);
  }
}

const mirrors = new WeakMap<AdapterManager, StoreMirror>();

export function storeMirror(manager: AdapterManager): StoreMirror {
  let mirror = mirrors.get(manager);
  if (mirror === undefined) {
    mirror = new StoreMirror(manager);
    mirrors.set(manager, mirror);
  }
  return mirror;
}

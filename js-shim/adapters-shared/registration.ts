/**
 * Reference-counted MFE registration, shared by React hooks and Vue composables (one count
 * per manager and id, whichever framework holds it). React's StrictMode mounts, unmounts
 * and mounts again in one commit, and `unregisterMFE` deletes every `mfe:<id>:` key, so an
 * eager unregister in the cleanup would erase the MFE's namespace on every dev mount. The
 * release is deferred to a microtask and cancelled when the same id is retained again
 * before it runs.
 */
import type { AdapterManager } from './adapter-manager.js';

interface Entry {
  count: number;
  registered: boolean;
  metaId: string;
}

const registry = new WeakMap<AdapterManager, Map<string, Entry>>();

function metaIdOf(meta: Record<string, unknown>): string {
  try {
    return JSON.stringify(meta);
  } catch {
    return String(Math.random());
  }
}

export function retainRegistration(manager: AdapterManager, id: string, meta: Record<string, unknown>): () => void {
  let entries = registry.get(manager);
  if (entries === undefined) {
    entries = new Map();
    registry.set(manager, entries);
  }
  let entry = entries.get(id);
  if (entry === undefined) {
    entry = { count: 0, registered: false, metaId: '' };
    entries.set(id, entry);
  }
  const metaId = metaIdOf(meta);
  entry.count += 1;
  if (!entry.registered || entry.metaId !== metaId) {
    manager.registerMFE(id, meta);
    entry.registered = true;
    entry.metaId = metaId;
  }
  const held = entry;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.count -= 1;
    if (held.count > 0) return;
    queueMicrotask(() => {
      if (held.count > 0 || !held.registered) return;
      held.registered = false;
      entries!.delete(id);
      manager.unregisterMFE(id);
    });
  };
}

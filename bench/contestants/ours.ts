import type { BenchManager, Contestant } from '../lib/types.ts';

interface OursManager extends BenchManager {
  readonly ready: Promise<void>;
  flush(): void;
}

export const ours: Contestant = {
  name: 'ours',
  async create(config, onConstructed) {
    const { ValtioStateManager } = await import('../../js-shim/core.ts');
    const manager = new ValtioStateManager(config) as unknown as OursManager;
    onConstructed?.();
    await manager.ready;
    return manager;
  },
  // Writes are queued in JS and committed to the wasm core at the end of the task; the
  // commit is part of the cost of a write, so every timed region ends with it.
  //
  // Durable: persistence writes dirty keys in an idle callback, i.e. after the timed region.
  // The manager writes them at once on `pagehide` (its unload path), so dispatching that
  // event puts the storage work inside the measurement instead of hiding it in idle time.
  async settle(manager, durable) {
    (manager as OursManager).flush();
    if (durable && typeof window !== 'undefined') window.dispatchEvent(new Event('pagehide'));
  },
};

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
  async settle(manager) {
    (manager as OursManager).flush();
  },
};

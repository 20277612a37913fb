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
  // 'commit' and 'durable' call `flush()`, which commits and (since 011d7e3) also writes the
  // dirty keys to storage. 'durable' then dispatches `pagehide`, the manager's unload path
  // that writes them at once, so storage work is measured with a build whose `flush()`
  // leaves it to an idle callback too. 'natural' only lets the task end: the manager's own
  // microtask commits, storage stays in idle time, as in an app that never calls flush().
  async settle(manager, mode = 'commit') {
    if (mode === 'natural') {
      await Promise.resolve();
      await Promise.resolve();
      return;
    }
    (manager as OursManager).flush();
    if (mode === 'durable' && typeof window !== 'undefined') window.dispatchEvent(new Event('pagehide'));
  },
};

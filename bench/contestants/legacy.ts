import type { BenchManager, Contestant } from '../lib/types.ts';

export const legacy: Contestant = {
  name: 'legacy',
  async create(config, onConstructed) {
    const { UniversalStateManager } = await import('../../js-shim/core.ts');
    const manager = new UniversalStateManager(config) as unknown as BenchManager;
    onConstructed?.();
    return manager;
  },
  // Fully synchronous: storage and broadcast happen inside `set`.
  async settle() {},
};

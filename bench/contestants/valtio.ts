import type { BenchManager, Contestant } from '../lib/types.ts';
import { ValtioBenchManager } from './valtio-manager.ts';

export const valtio: Contestant = {
  name: 'valtio',
  async create(config, onConstructed) {
    const manager = new ValtioBenchManager(config) as BenchManager;
    onConstructed?.();
    return manager;
  },
  // The store notifies synchronously; one microtask covers anything valtio itself defers.
  async settle() {
    await Promise.resolve();
  },
};

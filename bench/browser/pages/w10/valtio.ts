// W10 entry of the seed PR's valtio-based manager.
import { ValtioBenchManager } from '../../../contestants/valtio-manager.ts';
import type { StartedManager } from './types.ts';

export async function start(onConstructed: () => void): Promise<StartedManager> {
  const manager = new ValtioBenchManager();
  onConstructed();
  return manager as StartedManager;
}

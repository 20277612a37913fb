// W10 entry of the new manager: usable means `ready` resolved (the core holds the state).
import { ValtioStateManager } from '../../../../js-shim/core.ts';
import type { StartedManager } from './types.ts';

export async function start(onConstructed: () => void): Promise<StartedManager> {
  const manager = new ValtioStateManager();
  onConstructed();
  await manager.ready;
  return manager;
}

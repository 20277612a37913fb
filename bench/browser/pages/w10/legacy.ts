// W10 entry of the legacy manager: only what an app using it would import.
import { UniversalStateManager } from '../../../../js-shim/core.ts';
import type { StartedManager } from './types.ts';

export async function start(onConstructed: () => void): Promise<StartedManager> {
  const manager = new UniversalStateManager();
  onConstructed();
  return manager;
}

// Shared by the codemod pages: the container side. `?manager=valtio|legacy` picks the manager
// (the flag), `?variant=legacy|rewritten` the fixture MFE (before or after the codemod).
import { createStateManager, type AnyStateManager } from '@mfe/universal-state';

export const params = new URLSearchParams(location.search);
export const variant = params.get('variant') === 'rewritten' ? 'rewritten' : 'legacy';

export function createContainerManager(): AnyStateManager {
  return createStateManager({
    useValtio: params.get('manager') !== 'legacy',
    // Each page load starts from the same state: no storage, no other tabs.
    persistent: false,
    crossTab: false,
    devtools: false,
    initialState: { user: { name: 'Ann', role: 'admin' }, theme: 'light', sharedCounter: 0 },
  });
}

interface Fixture {
  mount(element: Element, services: { stateManager: AnyStateManager }): () => void;
}

/**
 * Mounts the fixture and exposes what the test drives. `settle()` resolves once the DOM and
 * the render counts have stopped changing for two frames: the explicit "rendered" signal the
 * test waits on instead of sleeping.
 */
export async function start(fixture: Fixture, renderCounts: Record<string, number>): Promise<void> {
  const manager = createContainerManager();
  if ('ready' in manager) await manager.ready;
  const element = document.getElementById('mfe')!;
  const unmount = fixture.mount(element, { stateManager: manager });
  const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const state = () => element.innerHTML + JSON.stringify(renderCounts);
  const settle = async () => {
    let before = state();
    for (let stable = 0; stable < 2; ) {
      await frame();
      const now = state();
      stable = now === before ? stable + 1 : 0;
      before = now;
    }
  };
  (window as unknown as { __codemod: unknown }).__codemod = {
    manager,
    settle,
    html: () => element.innerHTML,
    renders: () => ({ ...renderCounts }),
    unmount,
  };
}

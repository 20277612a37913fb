/**
 * The React MFE's entry, loaded by the container at run time: `mount(element, services)`
 * renders into the element with the manager the container passed; `unmount` removes it.
 * React is bundled into this file (see demo/README.md for why).
 */
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { setGlobalStateManager } from '@mfe/universal-state/react';
import type { MfeServices } from '@demo/shared/contract';
import { App } from './App';

const roots = new Map<HTMLElement, Root>();

export function mount(element: HTMLElement, services: MfeServices): void {
  // The legacy hook names, unchanged: they run on either manager ("no code changes").
  setGlobalStateManager(services.stateManager);
  const root = createRoot(element);
  root.render(
    <StrictMode>
      <App managerName={services.stateManager.constructor.name} />
    </StrictMode>,
  );
  roots.set(element, root);
}

export function unmount(element: HTMLElement): void {
  roots.get(element)?.unmount();
  roots.delete(element);
}

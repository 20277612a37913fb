// Mounting React trees in happy-dom for the adapter tests: one place for the root
// bookkeeping and the act()-wrapped write, shared by the hook and selector suites.
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { settle, type TestManager } from './adapters-managers.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const roots: Root[] = [];

/** Renders `node` into a fresh element attached to the document. */
export function mount(node: ReactNode): { root: Root; el: HTMLElement } {
  const el = document.createElement('div');
  document.body.appendChild(el);
  const root = createRoot(el);
  roots.push(root);
  act(() => root.render(node));
  return { root, el };
}

/** Unmounts every root mounted since the last call (afterEach). */
export function unmountAll(): void {
  for (const root of roots.splice(0)) act(() => root.unmount());
}

/** Runs a write and lets the manager commit it, inside act() so React flushes renders. */
export async function write(manager: TestManager, fn: () => void): Promise<void> {
  await act(async () => {
    fn();
    await settle(manager);
  });
}

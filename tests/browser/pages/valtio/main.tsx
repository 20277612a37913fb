// The `/valtio` entries in a real browser, on a manager from this bundle's copy of the
// package (`?copy=own`) or from a second copy loaded at run time (`?copy=second`: the built
// dist/, as another MFE bundle would carry it). The test drives the functions below.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { ValtioStateManager } from '@mfe/universal-state/core';
import { snapshot, subscribe, subscribeKey, type Op } from '@mfe/universal-state/valtio';
import { useSnapshot } from '@mfe/universal-state/valtio/react';

type Manager = InstanceType<typeof ValtioStateManager>;
const copy = new URLSearchParams(location.search).get('copy') === 'second' ? 'second' : 'own';

async function managerClass(): Promise<typeof ValtioStateManager> {
  if (copy === 'own') return ValtioStateManager;
  const url = new URL('./second-copy/core.js', location.href).href;
  const other = (await import(/* @vite-ignore */ url)) as { ValtioStateManager: typeof ValtioStateManager };
  return other.ValtioStateManager;
}

const Manager = await managerClass();
const manager: Manager = new Manager({
  persistent: false,
  devtools: false,
  initialState: { theme: 'light', user: { name: 'Ann', age: 30 }, settings: { dark: false, sizes: [1, 2] } },
});
await manager.ready;
const store = manager.getProxyStore();

const ops: Op[][] = [];
subscribe(store, (batch) => ops.push(batch));
const themes: unknown[] = [];
subscribeKey(store, 'theme', (theme) => themes.push(theme));

let renders = 0;
function Name() {
  renders++;
  const snap = useSnapshot(store) as { user: { name: string } };
  return createElement('span', { id: 'name' }, snap.user.name);
}
const root = createRoot(document.getElementById('app')!);
flushSync(() => root.render(createElement(Name)));

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

(window as unknown as { __valtio: unknown }).__valtio = {
  copy,
  separateClass: Manager !== ValtioStateManager,
  ops: () => ops,
  themes: () => themes,
  renders: () => renders,
  name: () => document.getElementById('name')!.textContent,
  async write(kind: string) {
    if (kind === 'set') manager.set('theme', 'dark');
    if (kind === 'nested') store.user.name = 'Bob';
    if (kind === 'sibling') store.user.age = 31;
    if (kind === 'other-key') manager.set('cart', { items: [1] });
    if (kind === 'remote') manager.set('fromOtherTab', 'hello');
    await frame();
    await frame();
  },
  snapshots() {
    const before = snapshot(store) as any;
    const sameAsManager = before === manager.getSnapshot();
    store.user.name = `${before.user.name}!`;
    const after = snapshot(store) as any;
    let throws = false;
    try {
      'use strict';
      after.user.name = 'x';
    } catch {
      throws = true;
    }
    return {
      sameAsManager,
      frozen: Object.isFrozen(after) && Object.isFrozen(after.settings.sizes) && throws,
      sharedUnchanged: after.settings === before.settings,
      changedReplaced: after.user !== before.user,
      nested: snapshot(store.settings) === after.settings,
    };
  },
};

// Vue composables in headless Chromium over both managers: every composable's initial
// value, update from another MFE (another Vue app on the same manager), update from another
// tab, setter and cleanup; a composable in a bare effectScope; v-model typed into fast.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserSuite, PAGES_DIR } from '../harness/index.js';
import { call, expectLifecycle, managerGet, managerSet, openTabs, type Kind, type Tabs } from './helpers.js';

const suite = useBrowserSuite(PAGES_DIR);

const VALUE_COMPOSABLES: Array<{ probe: string; setter: boolean; path?: boolean; listener?: boolean }> = [
  { probe: 'VueAdapter.useGlobalState', setter: true },
  { probe: 'VueAdapter.useGlobalStates', setter: true },
  { probe: 'VueAdapter.useGlobalPath', setter: true, path: true },
  { probe: 'VueAdapter.useGlobalStateListener', setter: false, listener: true },
  { probe: 'VueAdapter.createStore', setter: true },
  { probe: 'getAdapter.useGlobalState', setter: true },
  { probe: 'useValtioGlobalStateVue', setter: true },
  { probe: 'useValtioGlobalStatesVue', setter: true },
  { probe: 'useValtioGlobalPathVue', setter: true, path: true },
  { probe: 'useValtioGlobalStateListenerVue', setter: false, listener: true },
  { probe: 'useValtioStoreVue', setter: false },
  { probe: 'effectScope', setter: true },
];
const REGISTRATION_COMPOSABLES = ['VueAdapter.useMFERegistration', 'useValtioMFERegistrationVue'];

const mount = (page: Page, probe: string, k: string) =>
  probe === 'effectScope' ? call<number>(page, 'mountInScope', k) : call<number>(page, 'mount', probe, k);

describe.each<Kind>(['valtio', 'legacy'])('Vue composables on the %s manager', (kind) => {
  let tabs: Tabs;
  let a: Page;
  let b: Page;
  beforeAll(async () => {
    tabs = await openTabs(suite.browser, suite.url, 'vue.html', kind, 2);
    [a, b] = tabs.pages as [Page, Page];
    expect(await a.evaluate(() => (window as any).__a.kind)).toBe(kind === 'valtio' ? 'ValtioStateManager' : 'UniversalStateManager');
    // getAdapter('vue'): the Valtio-named adapter on the new manager, VueAdapter on the legacy one.
    expect(await a.evaluate(() => (window as any).__a.adapterClass)).toBe(kind === 'valtio' ? 'ValtioVueAdapter' : 'VueAdapter');
  });
  afterAll(async () => {
    expect(tabs.errors()).toEqual([]);
    await tabs.ctx.close();
  });

  it.each(VALUE_COMPOSABLES)('$probe: initial value, another MFE, another tab, setter, cleanup', async ({ probe, setter, path, listener }) => {
    const k = `k-${probe}`;
    const at = (v: string) => (path ? { profile: { name: v } } : v);
    await managerSet(a, k, at('initial'));
    const baseline = await call<number>(a, 'listenerCount');

    const first = await mount(a, probe, k);
    const second = await mount(a, probe, k); // another app on the same manager: another MFE
    await expectLifecycle({ a, b, first, second, key: k, at, setter, listener, baseline });
  });

  it.each(REGISTRATION_COMPOSABLES)('%s: registers, other tabs see it, unmount unregisters', async (probe) => {
    const id = `mfe-${probe}`;
    const baseline = await call<number>(a, 'listenerCount');
    const root = await call<number>(a, 'mount', probe, id);
    expect(await managerGet(a, `mfe:${id}:registered`)).toBe(true);
    await b.waitForFunction((key) => (window as any).__a.manager.get(key) === true, `mfe:${id}:registered`);
    await call(a, 'unmount', root);
    await a.waitForFunction((key) => (window as any).__a.manager.get(key) === undefined, `mfe:${id}:registered`);
    await b.waitForFunction((key) => (window as any).__a.manager.get(key) === undefined, `mfe:${id}:registered`);
    expect(await call<number>(a, 'listenerCount')).toBe(baseline);
  });

  it.each([
    { name: 'useValtioGlobalStateVue', legacy: false },
    { name: 'VueAdapter.useGlobalState', legacy: true },
  ])('v-model on $name typed into quickly keeps its value and caret', async ({ legacy }) => {
    const k = `input-${legacy ? 'legacy' : 'valtio'}`;
    const id = await call<number>(a, 'mountTextField', k, legacy);
    const input = a.locator(`input[data-probe="${id}"]`);
    await input.click();
    await a.keyboard.type('hello world', { delay: 0 });
    expect(await input.inputValue()).toBe('hello world');
    for (let i = 0; i < 5; i++) await a.keyboard.press('ArrowLeft');
    await a.keyboard.type('big ', { delay: 0 });
    expect(await input.inputValue()).toBe('hello big world');
    expect(await input.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd])).toEqual([10, 10]);
    await a.waitForFunction((key) => (window as any).__a.manager.get(key) === 'hello big world', k);
    await b.waitForFunction((key) => (window as any).__a.manager.get(key) === 'hello big world', k);
    await call(a, 'unmount', id);
  });
});

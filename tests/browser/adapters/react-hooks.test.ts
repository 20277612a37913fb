// React hooks in headless Chromium over both managers: every hook's initial value, update
// from another MFE (another React root on the same manager), update from another tab,
// setter and unmount cleanup; StrictMode double-mount; a controlled input typed into fast.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserSuite, PAGES_DIR } from '../harness/index.js';
import { call, expectLifecycle, managerGet, managerSet, openTabs, waitText, type Kind, type Tabs } from './helpers.js';

const suite = useBrowserSuite(PAGES_DIR);

/** Hooks that show a value; `setter` says whether the hook returns one; `path` hooks watch k.profile.name. */
const VALUE_HOOKS: Array<{ probe: string; setter: boolean; path?: boolean; listener?: boolean }> = [
  { probe: 'useGlobalState', setter: true },
  { probe: 'useValtioGlobalState', setter: true },
  { probe: 'useGlobalStates', setter: true },
  { probe: 'useValtioGlobalStates', setter: true },
  { probe: 'useGlobalPath', setter: true, path: true },
  { probe: 'useValtioGlobalPath', setter: true, path: true },
  { probe: 'useValtioStore', setter: false },
  { probe: 'getAdapter.useGlobalState', setter: true },
  { probe: 'getAdapter.useValtioStore', setter: false },
  { probe: 'useGlobalStateListener', setter: false, listener: true },
  { probe: 'useValtioGlobalStateListener', setter: false, listener: true },
];
const REGISTRATION_HOOKS = ['useMFERegistration', 'useValtioMFERegistration'];


describe.each<Kind>(['valtio', 'legacy'])('React hooks on the %s manager', (kind) => {
  let tabs: Tabs;
  let a: Page;
  let b: Page;
  beforeAll(async () => {
    tabs = await openTabs(suite.browser, suite.url, 'react.html', kind, 2);
    [a, b] = tabs.pages as [Page, Page];
    expect(await a.evaluate(() => (window as any).__a.kind)).toBe(kind === 'valtio' ? 'ValtioStateManager' : 'UniversalStateManager');
    // The pages use React's development build, where StrictMode really mounts twice.
    expect(await a.evaluate(() => (window as any).__a.strictEffectRuns())).toBe(2);
  });
  afterAll(async () => {
    expect(tabs.errors()).toEqual([]);
    await tabs.ctx.close();
  });

  it.each(VALUE_HOOKS)('$probe: initial value, another MFE, another tab, setter, unmount cleanup', async ({ probe, setter, path, listener }) => {
    const k = `k-${probe}`;
    const at = (v: string) => (path ? { profile: { name: v } } : v);
    await managerSet(a, k, at('initial'));
    const baseline = await call<number>(a, 'listenerCount');

    // Two roots on one manager: two MFEs.
    const first = await call<number>(a, 'mount', probe, k);
    const second = await call<number>(a, 'mount', probe, k);
    await expectLifecycle({ a, b, first, second, key: k, at, setter, listener, baseline });
  });

  it.each(VALUE_HOOKS)('$probe: StrictMode double mount leaves one subscription and still updates', async ({ probe, path, listener }) => {
    const k = `strict-${probe}`;
    const at = (v: string) => (path ? { profile: { name: v } } : v);
    await managerSet(a, k, at('s0'));
    const baseline = await call<number>(a, 'listenerCount');
    const plain = await call<number>(a, 'mount', probe, k);
    const perMount = (await call<number>(a, 'listenerCount')) - baseline;
    await call(a, 'unmount', plain);
    const strict = await call<number>(a, 'mount', probe, k, true);
    expect((await call<number>(a, 'listenerCount')) - baseline).toBe(perMount);
    await waitText(a, strict, listener ? 'null' : '"s0"');
    await managerSet(a, k, at('s1'));
    await waitText(a, strict, '"s1"');
    await call(a, 'unmount', strict);
    expect(await call<number>(a, 'listenerCount')).toBe(baseline);
  });

  it.each(REGISTRATION_HOOKS)('%s: registers under StrictMode once, other tabs see it, unmount unregisters', async (probe) => {
    const id = `mfe-${probe}`;
    await managerSet(a, `mfe:${id}:draft`, 'kept');
    const events = await a.evaluateHandle((mfe) => {
      const seen: string[] = [];
      const stop = (window as any).__a.manager.subscribeAll((e: any) => e.key === `mfe:${mfe}:registered` && seen.push(String(e.value)));
      return { seen, stop };
    }, id);
    const baseline = await call<number>(a, 'listenerCount');
    const root = await call<number>(a, 'mount', probe, id, true);
    expect(await managerGet(a, `mfe:${id}:registered`)).toBe(true);
    // The StrictMode unmount/remount did not unregister (which deletes the MFE's keys).
    expect(await managerGet(a, `mfe:${id}:draft`)).toBe('kept');
    expect(await events.evaluate((e) => e.seen)).toEqual(['true']);
    await b.waitForFunction((key) => (window as any).__a.manager.get(key) === true, `mfe:${id}:registered`);
    await call(a, 'unmount', root);
    await a.waitForFunction((key) => (window as any).__a.manager.get(key) === undefined, `mfe:${id}:registered`);
    expect(await managerGet(a, `mfe:${id}:draft`)).toBeUndefined();
    await events.evaluate((e) => e.stop());
    expect(await call<number>(a, 'listenerCount')).toBe(baseline - 1);
  });

  // Without `sync`, the hook's own setter still re-renders its component inside the event;
  // before that, typing into the middle of this input moved the caret to the end.
  const inputs = [
    { name: 'useValtioGlobalState', sync: false, legacy: false },
    { name: 'useValtioGlobalState({ sync: true })', sync: true, legacy: false },
    { name: 'useGlobalState', sync: true, legacy: true },
  ];
  it.each(inputs)('a controlled input on $name typed into quickly keeps its value and caret', async ({ sync, legacy }) => {
    const k = `input-${legacy ? 'legacy' : 'valtio'}-${sync}`;
    const id = await call<number>(a, 'mountTextField', k, sync, legacy);
    const input = a.locator(`input[data-probe="${id}"]`);
    await input.click();
    await a.keyboard.type('hello world', { delay: 0 });
    expect(await input.inputValue()).toBe('hello world');
    // Caret into the middle, then type fast: every key must land where the caret is.
    for (let i = 0; i < 5; i++) await a.keyboard.press('ArrowLeft');
    await a.keyboard.type('big ', { delay: 0 });
    expect(await input.inputValue()).toBe('hello big world');
    expect(await input.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd])).toEqual([10, 10]);
    expect(await managerGet(a, k)).toBe('hello big world');
    await b.waitForFunction((key) => (window as any).__a.manager.get(key) === 'hello big world', k);
    await call(a, 'unmount', id);
  });
});

// No tearing under concurrent rendering: 40 slow components render in a transition (React
// yields between them) and a write lands while the render is paused. Every commit must show
// one value across all components, and the last one the written value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserSuite, PAGES_DIR } from '../harness/index.js';
import { openTabs, type Kind, type Tabs } from './helpers.js';

const suite = useBrowserSuite(PAGES_DIR);

describe.each<Kind>(['valtio', 'legacy'])('concurrent rendering on the %s manager', (kind) => {
  let tabs: Tabs;
  let page: Page;
  beforeAll(async () => {
    tabs = await openTabs(suite.browser, suite.url, 'react.html', kind, 1);
    page = tabs.pages[0]!;
  });
  afterAll(async () => {
    expect(tabs.errors()).toEqual([]);
    await tabs.ctx.close();
  });

  it.each(['useValtioGlobalState', 'useGlobalState', 'useValtioGlobalPath', 'useValtioStore', 'useSelector'])('%s never commits two values at once', async (mode) => {
    const k = `tear-${mode}`;
    const id = await page.evaluate(([m, key]) => (window as any).__a.mountTearing(m, key), [mode, k] as const);
    await page.waitForFunction(() => {
      const s = (window as any).__a.tearState();
      return s.values.length === s.n && s.values.every((v: string) => v === '1');
    });
    const state = await page.evaluate(() => (window as any).__a.tearState());
    // The write happened after the render started and before all components had rendered
    // (React yields every few ms and each component takes 2 ms), so tearing was possible.
    expect(state.writeAt).toBeGreaterThan(0);
    expect(state.writeAt).toBeLessThan(state.n);
    for (const values of state.commits) {
      expect(values).toHaveLength(state.n);
      expect(new Set(values).size, `a commit showed ${[...new Set(values)].join(' and ')}`).toBe(1);
    }
    expect(state.commits.at(-1)![0]).toBe('1');
    await page.evaluate((root) => (window as any).__a.unmount(root), id);
  });
});

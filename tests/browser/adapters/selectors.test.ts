// useSelector / useWatchPath (React) and useSelectorVue / useWatchPathVue in headless
// Chromium over both managers. Each probe counts its renders, its selector runs and its
// watcher calls. No waiting on time: writes that must do nothing run first, each in its own
// task, then one real change; once the page shows that change, every earlier write has
// been delivered, so the counts prove the unrelated writes did nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserSuite, PAGES_DIR } from '../harness/index.js';
import { call, openTabs, waitText, type Kind, type Tabs } from './helpers.js';

const suite = useBrowserSuite(PAGES_DIR);

interface Stats {
  renders: number;
  runs: number;
  calls: unknown[][];
  recomputations: number;
}


/** Writes to another key, to a sibling path and of an equal value: none may render or re-run. */
const UNRELATED = ['sibling', 'theme', 'equal', 'theme', 'sibling'];

let keyCounter = 0;

describe.each<Kind>(['valtio', 'legacy'])('selector bindings on the %s manager', (kind) => {
  let tabs: Tabs;
  let page: Page;
  beforeAll(async () => {
    tabs = await openTabs(suite.browser, suite.url, 'selectors.html', kind, 1);
    page = tabs.pages[0]!;
    expect(await page.evaluate(() => (window as any).__a.kind)).toBe(kind === 'valtio' ? 'ValtioStateManager' : 'UniversalStateManager');
  });
  afterAll(async () => {
    expect(tabs.errors()).toEqual([]);
    await tabs.ctx.close();
  });

  describe.each(['react', 'vue'] as const)('%s', (framework) => {
    it('a selector function renders and runs once per change of what it selects, nothing for the rest; unmount releases it', async () => {
      const k = `sel${keyCounter++}`;
      await call(page, 'seed', k);
      const baseline = await call<number>(page, 'listenerCount');
      const id = await call<number>(page, 'mount', framework, 'fn', k);
      await waitText(page, id, '"Ann"');
      expect(await call<number>(page, 'listenerCount')).toBeGreaterThan(baseline);
      const start = await call<Stats>(page, 'stats', id);
      await call(page, 'run', k, [...UNRELATED, 'name:Bob']);
      await waitText(page, id, '"Bob"');
      const end = await call<Stats>(page, 'stats', id);
      expect({ renders: end.renders - start.renders, runs: end.runs - start.runs }).toEqual({ renders: 1, runs: 1 });
      await call(page, 'unmount', id);
      expect(await call<number>(page, 'listenerCount')).toBe(baseline);
    });

    it('useWatchPath fires once per real change, never for equal writes or siblings; unmount stops it', async () => {
      const k = `watch${keyCounter++}`;
      await call(page, 'seed', k);
      const baseline = await call<number>(page, 'listenerCount');
      const id = await call<number>(page, 'mount', framework, 'watch', k);
      // `run` resolves after the task following its last write, when every watcher call owed
      // has been made (end-of-task on the new manager, inside the write on the legacy one).
      await call(page, 'run', k, [...UNRELATED, 'name:Bob', ...UNRELATED, 'name:Cy']);
      expect((await call<Stats>(page, 'stats', id)).calls).toEqual([['Bob', 'Ann'], ['Cy', 'Bob']]);
      await call(page, 'unmount', id);
      expect(await call<number>(page, 'listenerCount')).toBe(baseline);
      await call(page, 'run', k, ['name:Dee']);
      expect((await call<Stats>(page, 'stats', id)).calls).toHaveLength(2);
    });

    it.runIf(kind === 'valtio')('a selector from manager.createSelector re-runs only for what it read and is released on unmount', async () => {
      const k = `obj${keyCounter++}`;
      await call(page, 'seed', k);
      const id = await call<number>(page, 'mount', framework, 'selector', k);
      await waitText(page, id, '"Ann"');
      const start = await call<Stats>(page, 'stats', id);
      await call(page, 'run', k, [...UNRELATED, 'name:Bob']);
      await waitText(page, id, '"Bob"');
      const end = await call<Stats>(page, 'stats', id);
      expect({ renders: end.renders - start.renders, recomputations: end.recomputations - start.recomputations }).toEqual({ renders: 1, recomputations: 1 });
      await call(page, 'unmount', id);
      // Unsubscribed: the end of the next write's task evaluates nothing.
      await call(page, 'run', k, ['name:Cy']);
      expect((await call<Stats>(page, 'stats', id)).recomputations).toBe(end.recomputations);
    });
  });
});

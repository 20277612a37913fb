// Writes made before the core has loaded, then the tab closes at that moment: a new tab
// must see every one of them. The wasm request is held back so the core cannot load while
// the tab writes and closes, in every trial (not only when the race happens to go wrong).
// The legacy manager is run beside it and its figure printed, never asserted.
import { expect, it } from 'vitest';
import type { Route } from 'playwright-core';
import { openTab, snapshot, withContext, type Impl, useTabsEnv } from './lib/tabs.js';

const TRIALS = Number(process.env.CLOSE_BEFORE_READY_TRIALS ?? 4);
const WRITES = 300;

const env = useTabsEnv();

/**
 * One trial: a tab writes WRITES keys before its core loads and closes; how many does the next
 * tab see? With `crash`, the tab is not closed but its renderer is killed once the tab's own
 * localStorage shows every write: no pagehide runs, so only what was stored while the core was
 * still loading can survive.
 */
async function trial(impl: Impl, ending: 'close' | 'crash' = 'close'): Promise<number> {
  return withContext(env, async (ctx) => {
    const held: Route[] = [];
    const page = await ctx.newPage();
    await page.route('**/*.wasm', (route) => { held.push(route); }); // never answered while this tab lives
    await page.goto(`${env.baseUrl}/reliability/index.html?impl=${impl}&prefix=rel&early=${WRITES}`);
    // (The legacy manager has no core to wait for: its title goes on to 'ready' at once.)
    await page.waitForFunction((n) => document.title === `early ${n}` || document.title === 'ready', WRITES);
    if (impl === 'new') expect(await page.evaluate(() => document.title)).toBe(`early ${WRITES}`);
    if (ending === 'close') {
      await page.close({ runBeforeUnload: true }); // unload handlers run: pagehide
    } else {
      // Writes are stored in batches while the core loads; wait for them without any pagehide.
      await page.waitForFunction((n) => localStorage.getItem(`rel:early:${n - 1}`) !== null, WRITES, { timeout: 10_000 });
      const crashed = page.waitForEvent('crash');
      const cdp = await ctx.newCDPSession(page);
      void cdp.send('Page.crash').catch(() => undefined); // never answers: the renderer is gone
      await crashed;
      await page.close().catch(() => undefined);
    }
    const next = await openTab(ctx, env, { impl });
    const state = await snapshot(next);
    return Array.from({ length: WRITES }, (_, i) => i).filter((i) => (state[`early:${i}`] as { i?: number } | undefined)?.i === i).length;
  });
}

it(`every write made before the core loaded is in the next tab (${TRIALS} trials of ${WRITES} writes)`, async () => {
  const seen: number[] = [];
  for (let t = 0; t < TRIALS; t++) seen.push(await trial('new'));
  const legacy: number[] = [];
  for (let t = 0; t < TRIALS; t++) legacy.push(await trial('legacy'));
  console.log(`[close-before-ready] new manager: ${seen.join(', ')} of ${WRITES}; legacy manager: ${legacy.join(', ')} of ${WRITES}`);
  expect(seen).toEqual(Array.from({ length: TRIALS }, () => WRITES));
});

it(`a tab whose renderer crashes while its core loads keeps the writes it made (${TRIALS} trials of ${WRITES} writes)`, async () => {
  const seen: number[] = [];
  for (let t = 0; t < TRIALS; t++) seen.push(await trial('new', 'crash'));
  console.log(`[close-before-ready] new manager, renderer crashed after the writes were stored: ${seen.join(', ')} of ${WRITES}`);
  expect(seen).toEqual(Array.from({ length: TRIALS }, () => WRITES));
});

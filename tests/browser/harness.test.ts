// The harness itself: built pages are served, two tabs of one context share a real
// BroadcastChannel and localStorage, and a second context shares neither.
import { describe, expect, it } from 'vitest';
import { useBrowserSuite, PAGES_DIR } from './harness/index.js';

const suite = useBrowserSuite(PAGES_DIR);

describe('browser harness', () => {
  it('two tabs of one context share BroadcastChannel and localStorage; another context does not', async () => {
    const ctx = await suite.browser.newContext();
    const [a, b] = await Promise.all([ctx.newPage(), ctx.newPage()]);
    for (const p of [a, b]) {
      await p.goto(`${suite.url}/harness/index.html`);
      await p.waitForFunction(() => document.title === 'ready');
    }
    await a.evaluate(() => (window as any).__harness.post({ n: 1 }));
    await b.waitForFunction(() => (window as any).__harness.received.length === 1);
    expect(await b.evaluate(() => (window as any).__harness.received[0])).toEqual({ n: 1 });

    await a.evaluate(() => (window as any).__harness.store('k', 'v'));
    expect(await b.evaluate(() => (window as any).__harness.read('k'))).toBe('v');

    const other = await (await suite.browser.newContext()).newPage();
    await other.goto(`${suite.url}/harness/index.html`);
    expect(await other.evaluate(() => (window as any).__harness.read('k'))).toBeNull();
    await ctx.close();
  });
});

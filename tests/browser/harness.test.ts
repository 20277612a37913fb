// The harness itself: built pages are served, two tabs of one context share a real
// BroadcastChannel and localStorage, and a second context shares neither.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startStaticServer, PAGES_DIR, type StaticServer } from './harness/index.js';

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  server = await startStaticServer(PAGES_DIR);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('browser harness', () => {
  it('two tabs of one context share BroadcastChannel and localStorage; another context does not', async () => {
    const ctx = await browser.newContext();
    const [a, b] = await Promise.all([ctx.newPage(), ctx.newPage()]);
    for (const p of [a, b]) {
      await p.goto(`${server.url}/harness/index.html`);
      await p.waitForFunction(() => document.title === 'ready');
    }
    await a.evaluate(() => (window as any).__harness.post({ n: 1 }));
    await b.waitForFunction(() => (window as any).__harness.received.length === 1);
    expect(await b.evaluate(() => (window as any).__harness.received[0])).toEqual({ n: 1 });

    await a.evaluate(() => (window as any).__harness.store('k', 'v'));
    expect(await b.evaluate(() => (window as any).__harness.read('k'))).toBe('v');

    const other = await (await browser.newContext()).newPage();
    await other.goto(`${server.url}/harness/index.html`);
    expect(await other.evaluate(() => (window as any).__harness.read('k'))).toBeNull();
    await ctx.close();
  });
});

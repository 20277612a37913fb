// Where BroadcastChannel is absent, the new manager's tabs still sync, over storage events
// (real localStorage of one context); the message entry never stays behind in storage.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startStaticServer, PAGES_DIR, type StaticServer } from '../harness/index.js';
import { openTab, withContext, type Env } from './lib/tabs.js';

let browser: Browser;
let server: StaticServer;
let env: Env;

beforeAll(async () => {
  server = await startStaticServer(PAGES_DIR);
  browser = await launchBrowser();
  env = { browser, baseUrl: server.url, seed: 0 };
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('syncs two tabs without BroadcastChannel, both ways, catch-up included', async () => {
  await withContext(env, async (ctx) => {
    const a = await openTab(ctx, env, { impl: 'new', nobc: true });
    expect(await a.evaluate(() => typeof (window as any).BroadcastChannel)).toBe('undefined');
    await a.evaluate(() => (window as any).__rt.set('before-b', 1)); // b must catch up on this
    const b = await openTab(ctx, env, { impl: 'new', nobc: true, prefix: 'other' }); // nothing to load: only sync can tell it
    await b.waitForFunction(() => (window as any).__rt.get('before-b') === 1);
    await a.evaluate(() => (window as any).__rt.set('user', { name: 'Ada' }));
    await b.waitForFunction(() => (window as any).__rt.get('user')?.name === 'Ada');
    await b.evaluate(() => (window as any).__rt.set('reply', 'hi'));
    await a.waitForFunction(() => (window as any).__rt.get('reply') === 'hi');
    const leftovers = await a.evaluate(() => (window as any).__rt.ls.keys().filter((k: string) => k.startsWith('mfe-state-sync')));
    expect(leftovers).toEqual([]);
  });
});

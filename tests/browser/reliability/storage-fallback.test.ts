// Where BroadcastChannel is absent, the new manager's tabs still sync, over storage events
// (real localStorage of one context); the message entry never stays behind in storage.
import { expect, it } from 'vitest';
import { openTab, withContext, useTabsEnv } from './lib/tabs.js';

const env = useTabsEnv();

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

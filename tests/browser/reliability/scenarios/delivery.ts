// Scenarios 6, 7 and 11c: what each tab sends and receives, catch-up, mixed rollouts.
import { barrier, canonical, check, eventually, inAll, openTab, openTabs, withContext, type Scenario } from '../lib/tabs.js';

const posts = (page: import('playwright-core').Page) =>
  page.evaluate(() => Object.values((window as any).__rt.net.posts as Record<string, number>).reduce((a, b) => a + b, 0));

/**
 * 6: 3 tabs, one write: exactly 2 remote applies, no tab re-broadcasts what it received;
 * one receiving tab has a listener that throws, and sync goes on regardless.
 */
export const noEcho: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const [a, b, c] = [await openTab(ctx, env, { impl }), await openTab(ctx, env, { impl, throwing: true }), await openTab(ctx, env, { impl })];
  const pages = [a, b, c];
  await barrier(pages, 's6-pre'); // start-up traffic (catch-up hellos) is over
  const before = await Promise.all(pages.map(posts));
  await a.evaluate(() => (window as any).__rt.set('s6:x', 1));
  for (const p of [b, c]) await p.waitForFunction(() => (window as any).__rt.get('s6:x') === 1);
  const during = await Promise.all(pages.map(posts));
  await a.evaluate(() => (window as any).__rt.set('s6:y', 2)); // after b's listener threw
  for (const p of [b, c]) await p.waitForFunction(() => (window as any).__rt.get('s6:y') === 2);
  await barrier(pages, 's6-post'); // anything b or c had sent in reply has reached a by now
  const applies = await inAll(pages, () => (window as any).__rt.events.filter((e: { key: string; source: string }) =>
    e.key === 's6:x' && e.source.endsWith('(cross-tab)')).length as number, null);
  const rebroadcasts = [1, 2].map((i) => during[i] - before[i]);
  return [
    check('exactly N-1 = 2 remote applies of one write', applies[0] === 0 && applies[1] === 1 && applies[2] === 1, `applies per tab: ${applies.join(', ')}`),
    check('zero re-broadcasts by the receiving tabs', rebroadcasts.every((n) => n === 0), `posts by b, c while receiving: ${rebroadcasts.join(', ')}`),
    check('a throwing listener does not stop sync', (await canonical(b)) === (await canonical(a))),
  ];
});

/**
 * 7: a tab off the network (its channels closed both ways) misses writes and makes one of
 * its own; back on the network and visible again, it and the others converge, no reload.
 */
export const catchUp: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const [a, b, c] = await openTabs(ctx, env, 3, { impl });
  await barrier([a, b, c], 's7-pre');
  await c.evaluate(() => { (window as any).__rt.net.offline = true; });
  await a.evaluate(() => (window as any).__rt.set('s7:from-a', 1));
  await b.evaluate(() => (window as any).__rt.set('s7:from-b', 2));
  await c.evaluate(() => (window as any).__rt.set('s7:from-c', 3));
  await barrier([a, b], 's7-missed');
  const missed = await c.evaluate(() => (window as any).__rt.get('s7:from-a') === null);
  await c.evaluate(() => { (window as any).__rt.net.offline = false; (window as any).__rt.catchUp(); });
  const keys = ['s7:from-a', 's7:from-b', 's7:from-c'];
  // The legacy manager has no catch-up: it gets a bounded wait and a recorded verdict.
  const wait = impl === 'new' ? 30_000 : 3_000;
  const converged = await Promise.all([a, b, c].map((p) => eventually(p, (ks) => (window as any).__rt.hasKeys(ks), keys, wait)));
  // Throttled: the browser freezes the tab (Page Lifecycle), others write, the tab resumes.
  const cdp = await ctx.newCDPSession(c);
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  await a.evaluate(() => (window as any).__rt.set('s7:while-frozen', 4));
  await barrier([a, b], 's7-frozen');
  await cdp.send('Page.setWebLifecycleState', { state: 'active' });
  const thawed = await eventually(c, () => (window as any).__rt.get('s7:while-frozen') === 4, null, wait);
  return [
    check('the tab really missed the writes', missed),
    check('closed channel: every tab holds every write after the tab rejoins, without a reload', converged.every(Boolean), `converged: ${converged.join(', ')}`),
    check('frozen tab: it holds the writes made while it was frozen once it resumes', thawed),
  ];
});

/**
 * 11c: 2 legacy and 2 new tabs on one origin (the legacy column: 4 legacy tabs) write
 * concurrently: every tab sees every write; no tab gains a key nobody set.
 */
export const mixedRollout: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const kinds = impl === 'new' ? (['legacy', 'new', 'legacy', 'new'] as const) : (['legacy', 'legacy', 'legacy', 'legacy'] as const);
  const pages = [];
  for (const kind of kinds) pages.push(await openTab(ctx, env, { impl: kind }));
  await barrier(pages, 's11c-pre');
  await Promise.all(pages.map((p, i) => p.evaluate((tab) => {
    for (let j = 0; j < 20; j++) (window as any).__rt.set(`s11c:t${tab}:${j}`, { tab, j });
    (window as any).__rt.set(`s11c:shared`, `tab-${tab}`);
  }, i)));
  await barrier(pages, 's11c');
  const written = new Set(pages.flatMap((_, t) => [...Array.from({ length: 20 }, (_, j) => `s11c:t${t}:${j}`), 's11c:shared']));
  const keys = [...written].filter((k) => k !== 's11c:shared');
  const present = await inAll(pages, (ks) => (window as any).__rt.hasKeys(ks), keys);
  const foreign = (await inAll(pages, () => Object.keys((window as any).__rt.snapshot()), null))
    .map((ks) => ks.filter((k) => !written.has(k) && !k.startsWith('__done')));
  return [
    check('every tab sees every write', present.every(Boolean), `complete in ${present.filter(Boolean).length}/4 tabs (${kinds.join(', ')})`),
    check('no tab gains a key nobody set', foreign.every((f) => f.length === 0), foreign.map((f) => f.join(' ') || '-').join(' | ')),
  ];
});

/**
 * 11d: a legacy tab sets one key twice in the same millisecond, 40 times over (40 keys);
 * the new tabs (the legacy column: legacy tabs) end on the second value of every key, as
 * the legacy tab itself does: same-millisecond legacy events are merged in arrival order.
 */
export const legacySameMillisecond: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const writer = await openTab(ctx, env, { impl: 'legacy' });
  const readers = await openTabs(ctx, env, 2, { impl });
  await barrier([writer, ...readers], 's11d-pre');
  const rounds = 40;
  await writer.evaluate((n) => {
    const rt = (window as any).__rt;
    const realNow = Date.now;
    try {
      for (let r = 0; r < n; r++) {
        const frozen = realNow();
        Date.now = () => frozen; // both events of the round carry the same timestamp
        rt.set(`s11d:k${r}`, `first-${r}`);
        rt.set(`s11d:k${r}`, `second-${r}`);
      }
    } finally {
      Date.now = realNow;
    }
  }, rounds);
  await barrier([writer, ...readers], 's11d');
  const wrong = await inAll(readers, (n) => {
    const rt = (window as any).__rt;
    const bad: string[] = [];
    for (let r = 0; r < n; r++) if (rt.get(`s11d:k${r}`) !== `second-${r}`) bad.push(`k${r}=${JSON.stringify(rt.get(`s11d:k${r}`))}`);
    return bad;
  }, rounds);
  return [
    check(`every key ends on its second value in every reading tab (${rounds} rounds)`, wrong.every((w) => w.length === 0),
      wrong.map((w) => `${w.length} wrong${w.length ? `: ${w.slice(0, 3).join(' ')}` : ''}`).join(' | ')),
  ];
});

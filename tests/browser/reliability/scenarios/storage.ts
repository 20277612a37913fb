// Scenarios 8-11b: what survives in localStorage, and what a broken storage does.
import type { Page } from 'playwright-core';
import { check, errorsOf, eventually, openTab, snapshot, withContext, type Check, type Impl, type Scenario } from '../lib/tabs.js';

/** JSON with object members sorted, for comparing states whatever the insertion order. */
const sorted = (v: unknown): string => JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x)
  ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, (x as Record<string, unknown>)[k]])) : x));

const dump = (page: Page) => page.evaluate(() => (window as any).__rt.ls.dump() as Record<string, string>);

/** 8: a burst of writes, the tab closed as soon as the last `set` returned, a new tab opened. */
export const closeAfterBurst: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const a = await openTab(ctx, env, { impl });
  await a.evaluate(() => { for (let i = 0; i < 500; i++) (window as any).__rt.set(`s8:${i}`, { i }); });
  await a.close(); // what a user closing the tab does: unload handlers run, nothing else
  const b = await openTab(ctx, env, { impl });
  const state = await snapshot(b);
  const missing = Array.from({ length: 500 }, (_, i) => i).filter((i) => (state[`s8:${i}`] as { i?: number } | undefined)?.i !== i);
  return [check('every acknowledged write is in storage for the next tab', missing.length === 0, `${500 - missing.length}/500 present`)];
});

/** 9: a tab reloaded in the middle of a burst (a write and a progress marker per task). */
export const reloadMidBurst: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const a = await openTab(ctx, env, { impl });
  await a.evaluate(() => (window as any).__rt.startSlowBurst('s9:'));
  await a.waitForFunction(() => ((window as any).__rt.get('s9:progress') ?? -1) >= 300);
  await a.reload();
  await a.waitForFunction(() => document.title === 'ready');
  const state = await snapshot(a);
  const stored = await dump(a);
  const indices = Object.keys(state).filter((k) => /^s9:\d+$/.test(k)).map((k) => Number(k.slice(3))).sort((x, y) => x - y);
  const progress = state['s9:progress'] as number;
  const contiguous = indices.every((n, i) => n === i && state[`s9:${n}`] === n);
  const checks: Check[] = [
    check('the reloaded state is a consistent prefix of the burst', contiguous && indices.length > progress,
      `${indices.length} writes, progress marker ${progress}, contiguous ${contiguous}`),
  ];
  if (impl === 'new') {
    const unpaired = Object.keys(stored).filter((k) => k.startsWith('rel:s9:') && stored[`rel#meta:${k.slice(4)}`] === undefined);
    const torn = (await errorsOf(a)).filter((e) => e.code === 'TORN_ENTRY');
    checks.push(check('no torn entry (every value has matching metadata)', unpaired.length === 0 && torn.length === 0,
      `${unpaired.length} value(s) without metadata, ${torn.length} torn report(s)`));
  }
  return checks;
});

/** 10: quota exhausted, storage that throws on access, storage absent. */
export const brokenStorage: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const checks: Check[] = [];
  // Quota: real localStorage filled with other data until the browser refuses more.
  const a = await openTab(ctx, env, { impl });
  await a.evaluate(() => (window as any).__rt.set('s10:good', 'kept'));
  await a.waitForFunction(() => (window as any).__rt.ls.get('rel:s10:good') === '"kept"');
  const junk = await a.evaluate(() => (window as any).__rt.ls.fill('junk:'));
  const before = await dump(a);
  const threw = await a.evaluate(() => {
    try { (window as any).__rt.set('s10:big', 'x'.repeat(200_000)); return null; } catch (e) { return String(e); }
  });
  const reported = await eventually(a, () => (window as any).__rt.errors.length > 0, null, impl === 'new' ? 15_000 : 2_000);
  const after = await dump(a);
  const untouched = Object.keys(before).every((k) => after[k] === before[k]);
  checks.push(check('quota: no exception, memory kept, reported, other entries untouched',
    threw === null && (await a.evaluate(() => (window as any).__rt.get('s10:big')?.length)) === 200_000 && reported && untouched,
    `${junk} junk entries; threw ${threw}; reported ${reported}; untouched ${untouched}`));
  await a.evaluate(() => (window as any).__rt.ls.clear());
  for (const mode of ['throw', 'absent'] as const) checks.push(await noStorage(env, ctx, impl, mode));
  return checks;
});

async function noStorage(env: Parameters<Scenario>[0], ctx: import('playwright-core').BrowserContext, impl: Impl, mode: 'throw' | 'absent'): Promise<Check> {
  const page = await openTab(ctx, env, { impl, storage: mode });
  const result = await page.evaluate(() => {
    try {
      (window as any).__rt.set('s10:x', { n: 1 });
      return JSON.stringify((window as any).__rt.get('s10:x'));
    } catch (e) {
      return `threw ${String(e)}`;
    }
  });
  const reported = await eventually(page, () => (window as any).__rt.errors.length > 0, null, 2_000);
  await page.close();
  return check(`storage ${mode === 'throw' ? 'that throws on access' : 'absent'}: no exception, memory kept, reported`,
    result === '{"n":1}' && reported, `get → ${result}; reported ${reported}`);
}

/** 11: corrupt entries beside good ones. */
export const corruptStorage: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const writer = await openTab(ctx, env, { impl });
  await writer.evaluate(() => { (window as any).__rt.set('s11:good', { a: 1 }); (window as any).__rt.set('s11:also', [1, 2]); });
  await writer.close();
  const seeder = await openTab(ctx, env, { impl: 'none' });
  const bad: Record<string, string> = {
    'rel:s11:truncated': '{"a":',
    'rel:s11:wrong-types': '5', 'rel#meta:s11:wrong-types': '{"v":"one","c":"x","h":5}',
    'rel:s11:future-version': '6', 'rel#meta:s11:future-version': '{"v":99,"c":[1,0,"x"],"h":"0000000000000000"}',
    'rel:s11:hostile': '{"a":{"__proto__":{"polluted":1}}}',
  };
  await seeder.evaluate((entries) => {
    for (const [k, v] of Object.entries(entries)) (window as any).__rt.ls.set(k, v);
    (window as any).__rt.ls.set('rel:s11:value-only', '"from a legacy tab"'); // a value without its metadata
    (window as any).__rt.ls.set('rel#meta:s11:meta-only', '{"v":1,"c":[5,0,"x"],"h":"0000000000000000"}'); // the reverse
  }, bad);
  await seeder.close();
  const tab = await openTab(ctx, env, { impl });
  const state = await snapshot(tab);
  const stored = await dump(tab);
  const badKeys = ['s11:truncated', 's11:wrong-types', 's11:future-version', 's11:hostile'];
  const errors = await errorsOf(tab);
  const leaked = badKeys.filter((k) => k in state);
  const touched = Object.keys(bad).filter((k) => stored[k] !== bad[k]);
  return [
    check('good entries load', JSON.stringify([state['s11:good'], state['s11:also']]) === '[{"a":1},[1,2]]'),
    check('a value without metadata loads (and its metadata is rebuilt)', state['s11:value-only'] === 'from a legacy tab'),
    check('bad entries are not loaded', leaked.length === 0, leaked.join(', ') || 'none loaded'),
    check('bad entries are reported', errors.length >= badKeys.length, `${errors.length} report(s): ${errors.map((e) => e.code ?? e.name).join(', ')}`),
    check('bad entries are left untouched in storage', touched.length === 0, touched.join(', ') || 'all untouched'),
    check('no prototype pollution', !(await tab.evaluate(() => (window as any).__rt.polluted()))),
  ];
});

/** 11b: the new manager's storage opened by the legacy one and back (the legacy column: legacy only). */
export const rollback: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const [first, second]: Impl[] = impl === 'new' ? ['new', 'legacy'] : ['legacy', 'legacy'];
  const a = await openTab(ctx, env, { impl: first });
  await a.evaluate(() => { const rt = (window as any).__rt; rt.set('user', { name: 'Ada', tags: ['x'] }); rt.set('theme', 'dark'); rt.set('count', 3); });
  await a.close();
  const b = await openTab(ctx, env, { impl: second });
  const seen = await snapshot(b);
  await b.evaluate(() => { const rt = (window as any).__rt; rt.set('theme', 'light'); rt.set('lang', 'fr'); });
  await b.close();
  const c = await openTab(ctx, env, { impl: first });
  const back = await snapshot(c);
  return [
    check(`${first} → ${second}: every value survives`, sorted(seen) === sorted({ user: { name: 'Ada', tags: ['x'] }, theme: 'dark', count: 3 }), JSON.stringify(seen)),
    check(`${second} → ${first}: every value survives, the rollback's writes included`,
      sorted(back) === sorted({ count: 3, lang: 'fr', theme: 'light', user: { name: 'Ada', tags: ['x'] } }), JSON.stringify(back)),
    check(`the ${second} manager's state has no foreign keys`, Object.keys(seen).every((k) => ['user', 'theme', 'count'].includes(k)), Object.keys(seen).join(', ')),
  ];
});

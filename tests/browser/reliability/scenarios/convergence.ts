// Scenarios 1-5: convergence of concurrent writes across real tabs.
import type { Page } from 'playwright-core';
import { LEGACY, V2, barrier, canonical, check, inAll, openTab, openTabs, withContext, type Scenario } from '../lib/tabs.js';

/** A little over the sync layer's answer window (REPEAT_ANSWER_MS and WINDOW_MS, 1 s). */
const CATCH_UP_WINDOW_MS = 1100;

const digests = (pages: Page[]) => inAll(pages, () => (window as any).__rt.digest() as string | null, null);
const distinct = (values: unknown[]) => new Set(values.map((v) => JSON.stringify(v))).size;

/**
 * 1: 4 tabs x 1,000 seeded random ops (set, nested set, delete, clear), with delivery held
 * back (messages cross) and dropped (tabs briefly off the network). Lost messages come back
 * through catch-up, as after a real outage: each round asks every tab to catch up and waits
 * for every tab's marker, until the states agree or 5 rounds, a second apart, have passed.
 */
export const convergenceFuzz: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const pages = await openTabs(ctx, env, 4, { impl });
  await Promise.all(pages.map((p, i) => p.evaluate(([seed, tab]) => (window as any).__rt.fuzz(seed, 1000, tab, true), [env.seed, i])));
  let states: string[] = [];
  let clocks: unknown[] = [];
  let rounds = 0;
  for (; rounds < 5; rounds++) {
    // Rounds after the first are a catch-up window apart: a tab answers the same question
    // from the same tab once per window and coalesces bursts of questions to the window's
    // end (js-shim/sync/index.ts), so a round asked sooner could be answered by nobody.
    if (rounds > 0) await new Promise((resolve) => setTimeout(resolve, CATCH_UP_WINDOW_MS));
    await inAll(pages, () => (window as any).__rt.catchUp(), null);
    await barrier(pages, `s1-${rounds}`);
    states = await Promise.all(pages.map(canonical));
    clocks = await digests(pages); // all null on the legacy manager: it has no clocks
    if (distinct(states) === 1 && distinct(clocks) === 1) break;
  }
  const after = `after ${Math.min(rounds + 1, 5)} catch-up round(s), seed ${env.seed}`;
  const checks = [check('every tab ends with the same state', distinct(states) === 1, `${distinct(states)} distinct state(s) in 4 tabs ${after}`)];
  if (impl === 'new') checks.push(check('every tab ends with the same clocks (core digest)', distinct(clocks) === 1, `${distinct(clocks)} distinct digest(s) ${after}`));
  return checks;
});

/** 2: one tab's messages replayed to a fresh tab, each twice, in seeded random order. */
export const idempotenceAndOrder: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const channel = impl === 'new' ? V2 : LEGACY;
  const observer = await openTab(ctx, env, { impl: 'none' });
  await observer.evaluate((name) => (window as any).__rt.record(name), channel);
  const writer = await openTab(ctx, env, { impl, prefix: 's2-writer' });
  await writer.evaluate((seed) => (window as any).__rt.fuzz(seed, 300, 0), env.seed);
  await writer.evaluate(() => (window as any).__rt.set('__done:s2', true));
  // Binary ops messages (bytes) carry key names as plain UTF-8: searched as one char per byte.
  await observer.waitForFunction((name) => ((window as any).__rt.recorded[name] as unknown[]).some((m) =>
    (m instanceof Uint8Array ? String.fromCharCode(...m) : JSON.stringify(m)).includes('__done:s2')), channel);
  const expected = await canonical(writer);
  await writer.close();
  const fresh = await openTab(ctx, env, { impl, prefix: 's2-fresh' }); // empty storage: learns only from messages
  const count = await observer.evaluate(([name, seed, isNew, now]) => {
    const rt = (window as any).__rt;
    const isOps = (m: unknown) => (typeof m === 'string' ? m.startsWith('{"t":"ops"') : m instanceof Uint8Array && m[0] === 0xb2 && m[1] === 0);
    const messages = (rt.recorded[name] as unknown[]).filter((m) => !isNew || isOps(m));
    const doubled = [...messages, ...messages];
    let a = (seed as number) >>> 0; // the same PRNG as the fuzz: the shuffle replays from the seed
    const random = () => { a = (a + 0x6d2b79f5) >>> 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
    for (let i = doubled.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [doubled[i], doubled[j]] = [doubled[j], doubled[i]]; }
    for (const m of doubled) rt.post(name, m);
    rt.post(name, isNew
      ? JSON.stringify({ t: 'ops', v: 2, o: 'sentinel', s: 1, ops: [{ k: '__done:sentinel', p: [], c: [now, 0, 'sentinel'], d: 0, v: true }] })
      : { key: '__done:sentinel', value: true, previousValue: undefined, source: 'sentinel', timestamp: now });
    return doubled.length;
  }, [channel, env.seed, impl === 'new', Date.now()] as const);
  await fresh.waitForFunction(() => (window as any).__rt.hasKeys(['__done:sentinel']));
  const got = await canonical(fresh);
  return [check('a fresh tab fed every message twice, shuffled, ends with the writer\'s state', got === expected,
    `${count} deliveries (seed ${env.seed}); ${got === expected ? 'equal' : `expected ${expected.slice(0, 120)}… got ${got.slice(0, 120)}…`}`)];
});

/** Writes run in every held tab (none has seen another's), then all are released at once. */
async function concurrently(pages: Page[], write: (page: Page, i: number) => Promise<unknown>): Promise<void> {
  await inAll(pages, () => { (window as any).__rt.net.hold = true; }, null);
  for (let i = 0; i < pages.length; i++) await write(pages[i], i);
  await inAll(pages, () => new Promise((r) => setTimeout(r, 0)), null); // let the end-of-task flush post (held)
  await inAll(pages, () => (window as any).__rt.net.release(), null);
}

/** 3: the same 20 keys written concurrently in two tabs; a third tab watches. */
export const sameKeyConcurrent: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const pages = await openTabs(ctx, env, 3, { impl });
  await concurrently(pages.slice(0, 2), (p, i) => p.evaluate((tab) => { for (let j = 0; j < 20; j++) (window as any).__rt.set(`s3:k${j}`, `tab-${tab}`); }, i));
  await barrier(pages, 's3');
  const states = await Promise.all(pages.map(canonical));
  const checks = [check('all 3 tabs hold the same winner for each of the 20 keys', distinct(states) === 1, `${distinct(states)} distinct state(s)`)];
  if (impl === 'new') {
    // Deterministic: the later clock wins, per key; the digest (values and clocks) agrees too.
    checks.push(check('same clocks everywhere', distinct(await digests(pages)) === 1));
  }
  return checks;
});

/** 4: different keys written concurrently in two tabs. */
export const differentKeysConcurrent: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const pages = await openTabs(ctx, env, 3, { impl });
  await concurrently(pages.slice(0, 2), (p, i) => p.evaluate((tab) => { for (let j = 0; j < 20; j++) (window as any).__rt.set(`s4:t${tab}:${j}`, j); }, i));
  await barrier(pages, 's4');
  const keys = [0, 1].flatMap((t) => Array.from({ length: 20 }, (_, j) => `s4:t${t}:${j}`));
  const present = await inAll(pages, (ks) => (window as any).__rt.hasKeys(ks), keys);
  return [check('both tabs\' writes survive in all 3 tabs', present.every(Boolean), `present in ${present.filter(Boolean).length}/3 tabs`)];
});

/** 5: 1,000 writes each in 2 tabs within one frozen millisecond (distinct keys + 10 shared). */
export const sameMillisecond: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const pages = await openTabs(ctx, env, 2, { impl });
  await concurrently(pages, (p, i) => p.evaluate((tab) => (window as any).__rt.sameMillisecond(`s5:t${tab}:`, 1000, 's5:shared:', `tab-${tab}`), i));
  await barrier(pages, 's5');
  const keys = [0, 1].flatMap((t) => Array.from({ length: 1000 }, (_, j) => `s5:t${t}:${j}`));
  const present = await inAll(pages, (ks) => (window as any).__rt.hasKeys(ks), keys);
  const states = await Promise.all(pages.map(canonical));
  return [
    check('none of the 2,000 writes is lost', present.every(Boolean), `all present in ${present.filter(Boolean).length}/2 tabs`),
    check('both tabs agree (10 keys written by both)', distinct(states) === 1, `${distinct(states)} distinct state(s)`),
  ];
});


// Scenarios 12-14: hostile messages, prototype pollution, MFE namespace access control.
// Hostile input comes from an attacker tab with no manager, posting on the real channels.
import type { Page } from 'playwright-core';
import { LEGACY, V2, barrier, canonical, check, errorsOf, eventually, inAll, openTab, openTabs, opsMessage, withContext, type Impl, type Scenario } from '../lib/tabs.js';

const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];

/** Posts a valid sentinel on both channels last; per-sender order makes it a barrier. */
async function sentinel(attacker: Page, victims: Page[], impl: Impl, name: string): Promise<void> {
  await attacker.evaluate(([v2, legacy, key, now]) => {
    const rt = (window as any).__rt;
    rt.post(v2, JSON.stringify({ t: 'ops', v: 2, o: 'sentinel', s: 1, ops: [{ k: `${key}:v2`, p: [], c: [now, 0, 'sentinel'], d: 0, v: true }] }));
    rt.post(legacy, { key: `${key}:legacy`, value: true, previousValue: undefined, source: 'sentinel', timestamp: now });
  }, [V2, LEGACY, `__done:${name}`, Date.now()] as const);
  const keys = impl === 'new' ? [`__done:${name}:v2`, `__done:${name}:legacy`] : [`__done:${name}:legacy`];
  for (const v of victims) await v.waitForFunction((ks) => (window as any).__rt.hasKeys(ks), keys);
}

/** 12: non-JSON, null, 10 MB, unknown types, far-future clocks, spoofed origins. */
export const hostileMessages: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const [a, b] = await openTabs(ctx, env, 2, { impl });
  const attacker = await openTab(ctx, env, { impl: 'none' });
  await a.evaluate(() => (window as any).__rt.set('s12:k', 'before'));
  await barrier([a, b], 's12-pre');
  const before = await Promise.all([a, b].map(canonical));
  const errorsBefore = (await errorsOf(b)).length;
  const victimOrigin = await a.evaluate(() => (window as any).__rt.origin ?? 'legacy-has-none');
  const yearAhead = Date.now() + 365 * 24 * 3600 * 1000;
  const sent = await attacker.evaluate(([v2, legacy, future, victim, frozen, spoofed]) => {
    const rt = (window as any).__rt;
    const big = 'x'.repeat(10 * 1024 * 1024);
    const onV2 = ['not json {', null, big, '{"t":"teleport","v":2,"o":"evil"}', 42, frozen, spoofed];
    const onLegacy = ['not json {', null, { key: 's12:big', value: big, source: 'evil', timestamp: Date.now() },
      { type: 'teleport' }, { key: 's12:k', value: 'frozen', source: 'evil', timestamp: future }];
    for (const m of onV2) rt.post(v2, m);
    for (const m of onLegacy) rt.post(legacy, m);
    void victim;
    return { v2: onV2.length, legacy: onLegacy.length };
  }, [V2, LEGACY, yearAhead, victimOrigin,
    opsMessage('evil', 1, [{ k: 's12:k', c: [yearAhead, 0, 'evil'], v: 'frozen' }]),
    opsMessage('evil', 2, [{ k: 's12:k', c: [Date.now(), 0, victimOrigin], v: 'spoofed' }])] as const);
  await sentinel(attacker, [a, b], impl, 's12');
  const after = await Promise.all([a, b].map(canonical));
  const strip = (s: string) => JSON.stringify((JSON.parse(s) as [string, unknown][]).filter(([k]) => !k.startsWith('__done')));
  const unchanged = after.every((s, i) => strip(s) === strip(before[i]));
  const reports = (await errorsOf(b)).length - errorsBefore;
  const expectedReports = impl === 'new' ? sent.v2 + sent.legacy : sent.legacy;
  await a.evaluate(() => (window as any).__rt.set('s12:k', 'after'));
  const notFrozen = await eventually(b, () => (window as any).__rt.get('s12:k') === 'after', null, 10_000);
  return [
    check('state unchanged in every tab', unchanged, unchanged ? 'unchanged' : `now ${after[1].slice(0, 160)}`),
    check('every hostile message dropped and reported', reports >= expectedReports, `${reports} report(s) for ${expectedReports} hostile message(s) on the channels it listens to`),
    check('a future clock cannot freeze later writes', notFrozen),
  ];
});

/** 13: __proto__ / constructor / prototype as keys or path segments, in set, proxy store, storage, messages. */
export const prototypePollution: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const seeder = await openTab(ctx, env, { impl: 'none' });
  await seeder.evaluate(() => {
    const ls = (window as any).__rt.ls;
    ls.set('rel:__proto__', '{"polluted":1}');
    ls.set('rel:s13:stored', '{"a":{"__proto__":{"polluted":1}},"constructor":{"prototype":{"polluted":1}}}');
  });
  const [a, b] = await openTabs(ctx, env, 2, { impl });
  await a.evaluate(() => {
    const rt = (window as any).__rt;
    const attempt = (f: () => void) => { try { f(); } catch { /* rejected by throwing is fine */ } };
    for (const key of ['__proto__', 'constructor', 'prototype']) attempt(() => rt.set(key, { polluted: 1 }));
    attempt(() => rt.set('s13:json', JSON.parse('{"__proto__":{"polluted":1},"ok":1}')));
    attempt(() => rt.set('s13:deep', { a: { constructor: { prototype: { polluted: 1 } } } }));
    rt.set('s13:obj', { a: {} });
    for (const path of [['__proto__', 'polluted'], ['s13:obj', '__proto__'], ['s13:obj', 'a', 'constructor'], ['constructor']]) {
      attempt(() => rt.proxyWrite(path, { polluted: 1 }));
    }
  });
  await seeder.evaluate(([v2, legacy, now]) => {
    const rt = (window as any).__rt;
    rt.post(v2, JSON.stringify({ t: 'ops', v: 2, o: 'evil', s: 1, ops: [
      { k: '__proto__', p: [], c: [now, 0, 'evil'], d: 0, v: { polluted: 1 } },
      { k: 's13:msg', p: ['__proto__'], c: [now, 1, 'evil'], d: 0, v: { polluted: 1 } },
      { k: 's13:msg2', p: [], c: [now, 2, 'evil'], d: 0, v: JSON.parse('{"__proto__":{"polluted":1}}') },
    ] }));
    rt.post(legacy, { key: '__proto__', value: { polluted: 1 }, source: 'evil', timestamp: now });
    rt.post(legacy, { key: 's13:msg3', value: JSON.parse('{"__proto__":{"polluted":1}}'), source: 'evil', timestamp: now });
  }, [V2, LEGACY, Date.now()] as const);
  await sentinel(seeder, [a, b], impl, 's13');
  const findings = await inAll([a, b], (names) => {
    const hits: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (v === null || typeof v !== 'object') return;
      for (const k of Object.keys(v)) {
        if (names.includes(k)) hits.push(`${path}.${k}`);
        walk((v as Record<string, unknown>)[k], `${path}.${k}`);
      }
    };
    const rt = (window as any).__rt;
    const state = rt.snapshot() as Record<string, unknown>;
    for (const k of Object.keys(state)) { if (names.includes(k)) hits.push(k); walk(state[k], k); }
    return { hits, polluted: rt.polluted() as boolean };
  }, FORBIDDEN);
  return [
    check('every forbidden key and path segment rejected (set, proxy store, storage, messages)', findings.every((f) => f.hits.length === 0),
      findings.map((f) => f.hits.join(' ') || '-').join(' | ')),
    check('({}).polluted === undefined afterwards, in every tab', findings.every((f) => !f.polluted)),
  ];
});

/** 14: accessControl 'namespaces': an MFE handle writing mfe:<other>:…, locally and by a forged message. */
export const namespaceAccess: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const [a, b] = await openTabs(ctx, env, 2, { impl, ac: 'namespaces' });
  const attacker = await openTab(ctx, env, { impl: 'none' });
  await a.evaluate(() => (window as any).__rt.set('mfe:profile:name', 'Ada')); // the container: full access
  await barrier([a, b], 's14-pre');
  const local = await a.evaluate(() => (window as any).__rt.forMFE('cart', 'mfe:profile:name', 'Eve'));
  const own = await a.evaluate(() => (window as any).__rt.forMFE('cart', 'mfe:cart:items', [1]));
  const errorsBefore = (await errorsOf(b)).length;
  // Each manager gets the forgery on the channel it trusts. (A legacy-format event names no
  // writer, so it cannot be attributed to an MFE at all: see the report's open problems.)
  await attacker.evaluate(([v2, legacy, now, isNew]) => {
    const rt = (window as any).__rt;
    if (isNew) rt.post(v2, JSON.stringify({ t: 'ops', v: 2, o: 'evil', s: 1, ops: [{ k: 'mfe:profile:name', p: [], c: [now, 0, 'evil'], d: 0, v: 'Eve', w: 'cart' }] }));
    else rt.post(legacy, { key: 'mfe:profile:name', value: 'Eve', source: 'cart', timestamp: now });
  }, [V2, LEGACY, Date.now(), impl === 'new'] as const);
  await sentinel(attacker, [a, b], impl, 's14');
  const names = await inAll([a, b], () => (window as any).__rt.get('mfe:profile:name'), null);
  const reports = (await errorsOf(b)).length - errorsBefore;
  const ownArrived = await eventually(b, () => JSON.stringify((window as any).__rt.get('mfe:cart:items')) === '[1]', null, impl === 'new' ? 10_000 : 2_000);
  return [
    check('a local write to another MFE\'s namespace throws StateAccessError', local === 'StateAccessError:ACCESS_DENIED', local),
    check('the MFE\'s own namespace stays writable and syncs', own === 'ok' && ownArrived, `${own}; arrived ${ownArrived}`),
    check('a forged remote write is dropped: nothing changes anywhere', names.every((n) => n === 'Ada'), names.join(', ')),
    check('the forged write is reported', reports >= 1, `${reports} report(s)`),
  ];
});

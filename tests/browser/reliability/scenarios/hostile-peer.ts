// Scenario 17: a hostile peer. An attacker tab with no manager posts seeded random crafted
// messages on both channels (poisoned and future clocks, oversized messages, floods of
// catch-up questions, missing and mistyped fields, forbidden names, other MFEs'
// namespaces, spoofed origins) while two real tabs, with namespace access control on, write.
// Afterwards the tabs agree, later writes flow, nothing is polluted, no hostile value is
// stored anywhere, and every message that had to be refused was reported.
import type { Page } from 'playwright-core';
import { LEGACY, V2, barrier, canonical, check, errorsOf, eventually, inAll, openTab, openTabs, withContext, type Impl, type Scenario } from '../lib/tabs.js';
import { mulberry32 as rng } from '../../../support/mulberry32.js';


/**
 * One crafted message: its channel, its data and whether it must be refused. `parse`: the
 * data is JSON text the attacker page parses before posting, for objects with an own
 * `__proto__` member (handing such an object to page.evaluate would set its prototype).
 */
interface Crafted { channel: string; data: unknown; refused: boolean; kind: string; parse?: boolean }

/** Marks every hostile value, so "stored anywhere" is a text search. */
const EVIL = 'evil-value';

function craft(random: () => number, now: number, victims: string[], n: number): Crafted[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const key = () => pick(['s17:shared', 's17:a', 'mfe:profile:name', 'mfe:cart:items']);
  // Dated 30 s ahead (inside the future bound): were one accepted, it would beat every write
  // the tabs make meanwhile, and the "no hostile value stored" check would see it.
  const ahead = now + 30_000;
  const op = (fields: Record<string, unknown>) => ({ c: [ahead, 0, 'evil'], d: 0, k: 's17:shared', p: [], v: EVIL, ...fields });
  const ops = (list: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ t: 'ops', v: 2, o: 'evil', s: 1, ops: list, ...extra });
  const v2 = (kind: string, data: unknown, refused = true): Crafted => ({ channel: V2, data, refused, kind });
  const legacy = (kind: string, data: unknown, refused = true): Crafted => ({ channel: LEGACY, data, refused, kind });
  const makers: Array<() => Crafted> = [
    // Accepted, it would push every tab's next counter past 2^53: their writes dropped for 50 s.
    () => v2('clock counter near 2^53', ops([op({ k: key(), c: [now + 50_000, pick([Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1]), 'evil'] })])),
    () => v2('clock a year ahead', ops([op({ k: key(), c: [now + 365 * 86_400_000, 0, 'evil'] })])),
    () => v2('negative or fractional counter', ops([op({ c: [now, pick([-1, 0.5, 1e300]), 'evil'] })])),
    () => v2('op without a clock', ops([op({ c: undefined })])),
    () => v2('op without a key', ops([op({ k: undefined })])),
    () => v2('op of unknown kind', ops([op({ d: 7 })])),
    () => v2('set without a value', ops([{ c: [now, 0, 'evil'], d: 0, k: 's17:shared', p: [] }])),
    () => v2('message without ops', JSON.stringify({ t: 'ops', v: 2, o: 'evil', s: 1 })),
    () => v2('message without origin', JSON.stringify({ t: 'ops', v: 2, ops: [op({})] })),
    () => v2('wrong protocol version', JSON.stringify({ t: 'ops', v: 3, o: 'evil', ops: [op({})] })),
    () => v2('unknown message type', JSON.stringify({ t: pick(['teleport', 'constructor', '__proto__']), v: 2, o: 'evil' })),
    () => v2('not JSON', pick(['{"t":"ops"', 'undefined', ''])),
    () => v2('not text', pick([null, 42, { t: 'ops' }, [1, 2]])),
    () => v2('forbidden key', ops([op({ k: pick(['__proto__', 'constructor', 'prototype']), v: { polluted: EVIL } })])),
    () => v2('forbidden path segment', ops([op({ p: [pick(['__proto__', 'constructor'])], v: { polluted: EVIL } })])),
    () => v2('forbidden member in a value', ops([op({ v: JSON.parse(`{"__proto__":{"polluted":"${EVIL}"}}`) })])),
    () => v2('another MFE\'s namespace', ops([op({ k: pick(['mfe:profile:name', 'mfe:cart:items']), w: 'header' })])),
    () => v2('an MFE namespace, no writer', ops([op({ k: pick(['mfe:profile:name', 'mfe:cart:items']) })])),
    () => v2('clear from an MFE', ops([{ c: [ahead, 0, 'evil'], d: 2, w: 'header' }])),
    () => v2('clear naming no writer', ops([{ c: [ahead, 0, 'evil'], d: 2 }])),
    () => v2('spoofed origin', ops([op({ c: [now, 0, pick(victims)] })])),
    () => v2('ops over 4 MiB', ops([op({ v: EVIL + 'x'.repeat(4.5 * 1024 * 1024) })])),
    () => v2('value over 1 MiB', ops([op({ v: EVIL + 'x'.repeat(1.2 * 1024 * 1024) })])),
    () => v2('state with poisoned ops', JSON.stringify({ t: 'state', v: 2, o: 'evil', ops: [op({ c: [now + 500, Number.MAX_SAFE_INTEGER, 'evil'] }), op({ k: '__proto__' })] })),
    () => v2('sequence gap from a spoofed sender', JSON.stringify({ t: 'ops', v: 2, o: `gap-${Math.floor(random() * 1e6)}`, s: Math.floor(random() * 1e9), ops: [] }), false),
    () => v2('hello flood', JSON.stringify({ t: 'hello', v: 2, o: `asker-${Math.floor(random() * 1e6)}`, d: `stale-${random()}` }), false),
    () => v2('digest flood', JSON.stringify({ t: 'digest', v: 2, o: `asker-${Math.floor(random() * 1e6)}`, to: pick(victims), d: `stale-${random()}` }), false),
    () => legacy('legacy: not an object', pick([null, 'text', 7, [1]])),
    () => legacy('legacy: forbidden key', { key: pick(['__proto__', 'constructor']), value: { polluted: EVIL }, source: 'evil', timestamp: now }),
    () => ({ ...legacy('legacy: forbidden member', `{"key":"s17:shared","value":{"__proto__":{"polluted":"${EVIL}"}},"source":"evil","timestamp":${now}}`), parse: true }),
    () => legacy('legacy: bad timestamp', { key: 's17:shared', value: EVIL, source: 'evil', timestamp: pick([-5, 'now', null]) }),
    () => legacy('legacy: another MFE\'s namespace', { key: pick(['mfe:profile:name', 'mfe:cart:items']), value: EVIL, source: 'header', timestamp: now }),
    () => legacy('legacy: value over 1 MiB', { key: 's17:big', value: EVIL + 'x'.repeat(1.2 * 1024 * 1024), source: 'evil', timestamp: now }),
  ];
  return Array.from({ length: n }, () => pick(makers)());
}

async function writeSome(page: Page, tag: string, round: number): Promise<void> {
  await page.evaluate(([t, r]) => {
    const rt = (window as any).__rt;
    rt.set('s17:shared', `${t}:${r}`);
    rt.set(`s17:${t}`, { round: r, items: [r, r + 1] });
    if (t === 'a') rt.set('mfe:profile:name', `Ada ${r}`); // the container may write any namespace
    rt.forMFE('cart', 'mfe:cart:items', [r]);
  }, [tag, round] as const);
}

export const hostilePeer: Scenario = (env, impl) => withContext(env, async (ctx) => {
  const [a, b] = await openTabs(ctx, env, 2, { impl, ac: 'namespaces' });
  const attacker = await openTab(ctx, env, { impl: 'none' });
  await barrier([a, b], 's17-pre');
  const victims = (await inAll([a, b], () => (window as any).__rt.origin ?? 'legacy', null)) as string[];
  const reportsBefore = await Promise.all([a, b].map(async (p) => (await errorsOf(p)).length));
  const crafted = craft(rng(env.seed ^ 0x5eed17), Date.now(), victims, 150);
  const chunk = 15;
  for (let i = 0, round = 0; i < crafted.length; i += chunk, round++) {
    const batch = crafted.slice(i, i + chunk).map((c) => [c.channel, c.data, c.parse === true] as const);
    await Promise.all([
      attacker.evaluate((list) => {
        for (const [channel, data, parse] of list) (window as any).__rt.post(channel, parse ? JSON.parse(data as string) : data);
      }, batch),
      writeSome(a, 'a', round),
      writeSome(b, 'b', round),
    ]);
  }
  await sentinel(attacker, [a, b], impl);
  await barrier([a, b], 's17-post');
  // Later writes still flow both ways (a poisoned clock would make peers drop them).
  await a.evaluate(() => (window as any).__rt.set('s17:after', 'from a'));
  await b.evaluate(() => (window as any).__rt.set('s17:after-b', 'from b'));
  const flowing = (await eventually(b, () => (window as any).__rt.get('s17:after') === 'from a', null, 10_000))
    && (await eventually(a, () => (window as any).__rt.get('s17:after-b') === 'from b', null, 10_000));
  await barrier([a, b], 's17-end');
  const [ca, cb] = await Promise.all([a, b].map(canonical));
  const polluted = await inAll([a, b, attacker], () => (window as any).__rt.polluted() as boolean, null);
  const stored = await inAll([a, b], (marker) => JSON.stringify((window as any).__rt.snapshot()).includes(marker)
    || Object.values((window as any).__rt.ls.dump() as Record<string, string>).some((v) => v.includes(marker)), EVIL);
  const listening = impl === 'new' ? [V2, LEGACY] : [LEGACY];
  const mustReport = crafted.filter((c) => c.refused && listening.includes(c.channel)).length;
  const reports = (await Promise.all([a, b].map(async (p) => (await errorsOf(p)).length))).map((n, i) => n - reportsBefore[i]);
  const kinds = new Set(crafted.map((c) => c.kind)).size;
  // HOSTILE_PEER_DEBUG=1: one message of each kind again, printing what tab a reported for it.
  if (process.env.HOSTILE_PEER_DEBUG) {
    for (const c of crafted.filter((x, i, all) => all.findIndex((y) => y.kind === x.kind) === i)) {
      const before = (await errorsOf(a)).length;
      await attacker.evaluate(([ch, d, parse]) => (window as any).__rt.post(ch, parse ? JSON.parse(d as string) : d), [c.channel, c.data, c.parse === true] as const);
      await new Promise((r) => setTimeout(r, 300)); // diagnostics only: no assertion rests on it
      const after = await errorsOf(a);
      console.log(`[debug] ${c.kind} refused=${c.refused}: ${after.length - before} ${after.slice(before).map((e) => e.code).join(',')}`);
    }
  }
  return [
    check('the two tabs agree afterwards', ca === cb, ca === cb ? `${crafted.length} crafted messages of ${kinds} kinds` : `a ${ca.slice(0, 120)} | b ${cb.slice(0, 120)}`),
    check('later writes flow both ways', flowing),
    check('no prototype polluted in any tab', polluted.every((p) => !p)),
    check('no hostile value stored, in state or storage', stored.every((s) => !s)),
    check('every refused message reported via onError', reports.every((n) => n >= mustReport), `${reports.join(', ')} report(s) for ${mustReport} refused message(s)`),
  ];
});

/** Valid writes posted last on both channels: per-sender order makes them a barrier. */
async function sentinel(attacker: Page, victims: Page[], impl: Impl): Promise<void> {
  await attacker.evaluate(([v2, legacy, now]) => {
    const rt = (window as any).__rt;
    rt.post(v2, JSON.stringify({ t: 'ops', v: 2, o: 'sentinel', s: 1, ops: [{ k: '__done:s17:v2', p: [], c: [now, 0, 'sentinel'], d: 0, v: true }] }));
    rt.post(legacy, { key: '__done:s17:legacy', value: true, source: 'sentinel', timestamp: now });
  }, [V2, LEGACY, Date.now()] as const);
  const keys = impl === 'new' ? ['__done:s17:v2', '__done:s17:legacy'] : ['__done:s17:legacy'];
  for (const v of victims) await v.waitForFunction((ks) => (window as any).__rt.hasKeys(ks), keys);
}

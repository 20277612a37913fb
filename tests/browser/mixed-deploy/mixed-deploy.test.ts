// A deploy of the binary tab-to-tab messages rolling out: a real tab of the previous release
// (built from git history, old-release.ts) and a tab of this build, on one origin in one
// browser context (real BroadcastChannel, real localStorage). Each tab gets its own storage
// prefix, so anything one tab learns of the other's writes came over the channel.
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startStaticServer, PAGES_DIR, type StaticServer } from '../harness/index.js';
import { canonical, errorsOf, openTab, withContext, type Env } from '../reliability/lib/tabs.js';
import { ensureOldRelease, type OldRelease } from './old-release.js';

const V2 = 'mfe-state-sync-v2';
const OLD_PAGES = 'old-release/reliability';

let browser: Browser;
let server: StaticServer;
let env: Env;
let old: OldRelease;

beforeAll(async () => {
  old = await ensureOldRelease();
  if (old.built) console.log(`[mixed-deploy] built the previous release: wasm ${old.seconds!.wasm}s, page bundle ${old.seconds!.pages}s`);
  // Served beside this build's pages: same server, same origin.
  rmSync(join(PAGES_DIR, 'old-release'), { recursive: true, force: true });
  cpSync(old.pagesDir, join(PAGES_DIR, 'old-release'), { recursive: true });
  server = await startStaticServer(PAGES_DIR);
  browser = await launchBrowser();
  env = { browser, baseUrl: server.url, seed: 0 };
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const oldTab = (ctx: Parameters<Parameters<typeof withContext>[1]>[0], prefix: string): Promise<Page> =>
  openTab(ctx, env, { impl: 'new', pages: OLD_PAGES, prefix });
const newTab = (ctx: Parameters<Parameters<typeof withContext>[1]>[0], prefix: string): Promise<Page> =>
  openTab(ctx, env, { impl: 'new', prefix });

const get = (page: Page, key: string): Promise<unknown> => page.evaluate((k) => (window as any).__rt.get(k), key);
const waitFor = (page: Page, key: string, json: string): Promise<unknown> =>
  page.waitForFunction(([k, j]) => JSON.stringify((window as any).__rt.get(k)) === j, [key, json] as const);

/** What a tab's manager posted on the v2 channel, recorded by another channel object in its page. */
async function recorded(page: Page): Promise<Array<{ text?: string; bytes?: number[] }>> {
  return page.evaluate((name) => ((window as any).__rt.recorded[name] as unknown[]).map((m) =>
    typeof m === 'string' ? { text: m } : { bytes: Array.from(m instanceof ArrayBuffer ? new Uint8Array(m) : (m as Uint8Array)) }), V2);
}

describe('a deploy of the binary messages rolling out', () => {
  it('runs the real previous release: its tab writes text, sends unmarked hellos and drops a byte message of this build', async () => {
    // A byte message as this build sends it between its own tabs (nobody older listening).
    const bytes = await withContext(env, async (ctx) => {
      const n = await newTab(ctx, 'env-new');
      await n.evaluate((name) => (window as any).__rt.record(name), V2);
      await n.evaluate(() => (window as any).__rt.set('only-in-bytes', { from: 'new' }));
      await n.waitForFunction((name) => (window as any).__rt.recorded[name].some((m: unknown) => typeof m !== 'string'), V2);
      const out = (await recorded(n)).filter((m) => m.bytes !== undefined);
      expect(out).toHaveLength(1);
      expect(out[0].bytes![0]).toBe(0xb2); // this build's tab really speaks bytes
      return out[0].bytes!;
    });
    await withContext(env, async (ctx) => {
      const o = await oldTab(ctx, 'env-old');
      await o.evaluate((name) => (window as any).__rt.record(name), V2);
      await o.evaluate(() => (window as any).__rt.set('from-old', 1));
      await o.evaluate(() => (window as any).__rt.catchUp()); // a hello, as on becoming visible
      await o.waitForFunction((name) => {
        const ts = ((window as any).__rt.recorded[name] as unknown[]).map((m) => (typeof m === 'string' ? JSON.parse(m).t : 'bytes'));
        return ts.includes('ops') && ts.includes('hello');
      }, V2);
      const sent = await recorded(o);
      expect(sent.every((m) => m.text !== undefined)).toBe(true); // text only, never bytes
      const hellos = sent.map((m) => JSON.parse(m.text!)).filter((m) => m.t === 'hello');
      expect(hellos.length).toBeGreaterThan(0);
      for (const hello of hellos) expect(hello.b).toBeUndefined(); // no mark: how this build tells it apart

      await o.evaluate(([name, b]) => (window as any).__rt.post(name, new Uint8Array(b)), [V2, bytes] as const);
      await o.waitForFunction(() => (window as any).__rt.errors.some((e: { code?: string }) => e.code === 'MALFORMED_MESSAGE'));
      expect(await get(o, 'only-in-bytes')).toBeNull();
    });
  });

  it('an old tab already open hears a new tab that opens later, and the new tab hears it, both ways', async () => {
    await withContext(env, async (ctx) => {
      // Both start empty, so their digests agree and neither start-up hello is answered: the
      // new tab can only learn of the old one from the old tab's reply to its probe.
      const o = await oldTab(ctx, 'old-a');
      const n = await newTab(ctx, 'new-a');
      await n.evaluate(() => (window as any).__rt.set('from-new', { n: 1, tags: ['x', 'y'], ratio: 0.1, big: 2 ** 40, text: 'é "q"\n' }));
      await waitFor(o, 'from-new', JSON.stringify({ n: 1, tags: ['x', 'y'], ratio: 0.1, big: 2 ** 40, text: 'é "q"\n' }));

      await o.evaluate(() => (window as any).__rt.set('from-old', { by: 'old' }));
      await waitFor(n, 'from-old', JSON.stringify({ by: 'old' }));

      // A nested write (a path op) and a delete, from the new tab while the old one is open.
      expect(await n.evaluate(() => (window as any).__rt.proxyWrite(['from-new', 'nested'], { '2': 'two', a: [1, { b: null }] }))).toBe('ok');
      await o.waitForFunction(() => (window as any).__rt.get('from-new')?.nested?.a?.[1]?.b === null);
      await n.evaluate(() => (window as any).__rt.del('from-old'));
      await o.waitForFunction(() => (window as any).__rt.get('from-old') === null);

      // And the old tab writes again while the new one is open.
      await o.evaluate(() => (window as any).__rt.set('from-old-again', [true, false]));
      await waitFor(n, 'from-old-again', '[true,false]');

      expect(await canonical(o)).toBe(await canonical(n));

      // A second tab of this build meanwhile: it still gets bytes from the first (the text
      // copies are skipped), so a double whose text the core reads back rounded stays exact.
      const n2 = await newTab(ctx, 'new-a2');
      await n2.waitForFunction(() => (window as any).__rt.get('from-old-again') !== null); // caught up
      await n.evaluate(() => (window as any).__rt.set('exact', 632 / 7));
      await n2.waitForFunction(() => (window as any).__rt.get('exact') === 632 / 7);
      await o.waitForFunction(() => (window as any).__rt.get('exact') === 632 / 7);
      expect(await canonical(n2)).toBe(await canonical(n));
      expect(await canonical(o)).toBe(await canonical(n));
      expect(await n2.evaluate(() => (window as any).__rt.digest())).toBe(await n.evaluate(() => (window as any).__rt.digest()));
      // Neither tab of this build had anything to drop or report.
      expect((await errorsOf(n)).map((e) => e.code)).toEqual([]);
      expect((await errorsOf(n2)).map((e) => e.code)).toEqual([]);
    });
  });

  it('an old tab that opens after a new tab wrote catches up from it', async () => {
    await withContext(env, async (ctx) => {
      const n = await newTab(ctx, 'new-b');
      await n.evaluate(() => (window as any).__rt.set('written-alone', { by: 'new', list: [1, 2, 3] }));
      await n.evaluate(() => (window as any).__rt.set('gone', 1));
      await n.evaluate(() => (window as any).__rt.del('gone'));
      const o = await oldTab(ctx, 'old-b'); // its own prefix: only the new tab can tell it
      await waitFor(o, 'written-alone', JSON.stringify({ by: 'new', list: [1, 2, 3] }));
      expect(await canonical(o)).toBe(await canonical(n));
      // Then both ways again, now that they know each other.
      await o.evaluate(() => (window as any).__rt.set('reply', 'from old'));
      await waitFor(n, 'reply', '"from old"');
      await n.evaluate(() => (window as any).__rt.set('answer', 'from new'));
      await waitFor(o, 'answer', '"from new"');
      expect(await canonical(o)).toBe(await canonical(n));
    });
  });
});

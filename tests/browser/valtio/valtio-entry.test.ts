// `@mfe/universal-state/valtio` and `/valtio/react` in Chromium, on a manager from the page's
// own copy of the package and on one from a second copy (the built dist/, loaded at run time
// as another MFE bundle would bring it): subscribe hears a set, a nested proxy write and a
// write from another tab; snapshot is getSnapshot(), frozen and structurally shared;
// useSnapshot re-renders for the path it read and not for a sibling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectErrors, launchBrowser, startStaticServer, PAGES_DIR, type StaticServer } from '../harness/index.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  // `npm test` builds dist/ before the browser tier; a bare run of this file builds it.
  if (!existsSync(join(repo, 'dist/core.js'))) execFileSync('bash', ['scripts/build.sh'], { cwd: repo, stdio: 'ignore' });
  const second = join(PAGES_DIR, 'valtio/second-copy');
  mkdirSync(second, { recursive: true });
  cpSync(join(repo, 'dist'), second, { recursive: true });
  cpSync(join(repo, 'node_modules/proxy-compare/dist/index.js'), join(second, 'proxy-compare.js'));
  server = await startStaticServer(PAGES_DIR);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A tab; tabs of one context are one browser profile, so they share BroadcastChannel. */
async function open(copy: string, context?: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = context ? await context.newPage() : await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.url}/valtio/valtio.html?copy=${copy}`);
  await page.waitForFunction(() => (window as any).__valtio !== undefined);
  return { page, errors };
}

const call = <T>(page: Page, fn: string, arg?: string): Promise<T> =>
  page.evaluate(([f, a]) => (window as any).__valtio[f!](a), [fn, arg] as const) as Promise<T>;

describe.each(['own', 'second'])('the /valtio entries on a manager from the %s copy', (copy) => {
  it('the manager class is from the copy the case says', async () => {
    const { page, errors } = await open(copy);
    expect(await page.evaluate(() => (window as any).__valtio.separateClass)).toBe(copy === 'second');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('subscribe hears a set, a nested proxy write and a write from another tab; subscribeKey its key only', async () => {
    const context = await browser.newContext();
    const a = await open(copy, context);
    const b = await open(copy, context);
    await call(a.page, 'write', 'set');
    await call(a.page, 'write', 'nested');
    await call(b.page, 'write', 'remote');
    await a.page.waitForFunction(() => (window as any).__valtio.ops().flat().some((op: unknown[]) => (op[1] as string[])[0] === 'fromOtherTab'));
    const ops = (await call<unknown[][][]>(a.page, 'ops')).flat();
    expect(ops).toContainEqual(['set', ['theme'], 'dark', 'light']);
    expect(ops).toContainEqual(['set', ['user'], { name: 'Bob', age: 30 }, { name: 'Ann', age: 30 }]);
    expect(ops).toContainEqual(['set', ['fromOtherTab'], 'hello', undefined]);
    expect(await call(a.page, 'themes')).toEqual(['dark']);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await context.close();
  });

  it('snapshot is getSnapshot(), deeply frozen, and keeps unchanged subtrees', async () => {
    const { page, errors } = await open(copy);
    expect(await call(page, 'snapshots')).toEqual({ sameAsManager: true, frozen: true, sharedUnchanged: true, changedReplaced: true, nested: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('useSnapshot re-renders for the path it read, not for a sibling or another key', async () => {
    const { page, errors } = await open(copy);
    expect(await call(page, 'name')).toBe('Ann');
    const first = await call<number>(page, 'renders');
    await call(page, 'write', 'sibling');
    await call(page, 'write', 'other-key');
    expect(await call(page, 'renders')).toBe(first);
    await call(page, 'write', 'nested');
    expect(await call(page, 'name')).toBe('Bob');
    expect(await call(page, 'renders')).toBe(first + 1);
    expect(errors).toEqual([]);
    await page.close();
  });
});

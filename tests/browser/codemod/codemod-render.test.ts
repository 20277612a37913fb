// The codemod's promise, checked in a real browser: the legacy fixture MFEs and their
// rewrites (tests/fixtures/codemod/expected, byte-for-byte what `migrate --write` produces)
// render the same DOM after every step of one script of writes, with fewer or equal
// renders per component, and leave no listener behind on unmount.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, launchBrowser, startStaticServer, PAGES_DIR, type StaticServer } from '../harness/index.js';

let browser: Browser;
let server: StaticServer;
const table: string[] = [];

beforeAll(async () => {
  server = await startStaticServer(PAGES_DIR);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (table.length > 0) {
    console.log(['codemod fixtures: renders per component, legacy code -> rewritten code', '| framework | manager | component | legacy | rewritten |', '|---|---|---|---:|---:|', ...table].join('\n'));
  }
});

type Step = [label: string, act: (page: Page) => Promise<void>];

const write = (key: string, value: unknown) => (page: Page) =>
  page.evaluate(([k, v]) => (window as any).__codemod.manager.set(k, v, 'test'), [key, value] as const).then(() => undefined);

// The same script for both variants. The equal-value writes are where hand-made mirrors
// re-render for nothing: a new object with the same content, the same number again.
const steps: Step[] = [
  ['mounted', async () => undefined],
  ['theme -> dark', write('theme', 'dark')],
  ['user -> Bea', write('user', { name: 'Bea', role: 'admin' })],
  ['user -> an equal copy', write('user', { name: 'Bea', role: 'admin' })],
  ['counter -> 1', write('sharedCounter', 1)],
  ['counter -> 1 again', write('sharedCounter', 1)],
  ['click the counter', (page) => page.click('[data-testid=counter]')],
  ['an unrelated key', write('unrelated', { at: Date.now() })],
  ['user deleted', (page) => page.evaluate(() => (window as any).__codemod.manager.delete('user'))],
];

interface Run {
  html: string[];
  renders: Record<string, number>;
  listenersAfterUnmount: number;
  errors: string[];
}

async function play(framework: string, manager: string, variant: string): Promise<Run> {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  try {
    await page.goto(`${server.url}/codemod/${framework}.html?manager=${manager}&variant=${variant}`);
    await page.waitForFunction(() => (window as any).__codemod !== undefined);
    const html: string[] = [];
    for (const [, act] of steps) {
      await act(page);
      await page.evaluate(() => (window as any).__codemod.settle());
      html.push(await page.evaluate(() => (window as any).__codemod.html()));
    }
    const renders = await page.evaluate(() => (window as any).__codemod.renders());
    const listenersAfterUnmount = await page.evaluate(async () => {
      const c = (window as any).__codemod;
      c.unmount();
      await c.settle();
      return c.manager.listenerCount();
    });
    return { html, renders, listenersAfterUnmount, errors };
  } finally {
    await page.close();
  }
}

// react/vue: the minimal mirror fixtures; *-effects: realistic MFEs whose effects also seed
// from get(), apply defaults in the listeners, register the MFE and log (and a class component).
describe.each(['react', 'vue', 'react-effects', 'vue-effects'])('codemod fixtures in Chromium: %s', (framework) => {
  it.each(['valtio', 'legacy'])('same DOM at every step, fewer or equal renders (%s manager)', async (manager) => {
    const before = await play(framework, manager, 'legacy');
    const after = await play(framework, manager, 'rewritten');
    expect(before.errors).toEqual([]);
    expect(after.errors).toEqual([]);

    // Sanity: the script really changed what is on screen.
    expect(before.html[0]).toContain('Ann (admin)');
    expect(before.html.at(-1)).toContain('guest');
    expect(before.html.at(-1)).toContain('dark');
    steps.forEach(([label], i) => expect(`${label}: ${after.html[i]}`).toBe(`${label}: ${before.html[i]}`));

    const components = Object.keys(before.renders).sort();
    expect(Object.keys(after.renders).sort()).toEqual(components);
    for (const c of components) {
      table.push(`| ${framework} | ${manager} | ${c} | ${before.renders[c]} | ${after.renders[c]} |`);
      expect(after.renders[c], `${c} renders`).toBeLessThanOrEqual(before.renders[c]!);
    }
    const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    // On the new manager an equal write changes nothing, so the hooks skip those renders.
    if (manager === 'valtio') expect(total(after.renders)).toBeLessThan(total(before.renders));

    expect(before.listenersAfterUnmount).toBe(0);
    expect(after.listenersAfterUnmount).toBe(0);
  });
});

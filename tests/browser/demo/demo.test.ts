// The built demo, flag on and flag off: three independently built MFEs share one manager,
// a change in one shows in the others and in a second tab, a reload keeps it, the log
// records each event, the control panel works, and nothing logs an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_DIR, collectErrors, launchBrowser, startStaticServer, type StaticServer } from '../harness/index.js';
import {
  byTestId, DEMO_DIR, ensureDemoBuilt, MFE_IDS, openDemo, readLog, REPO, waitAllMfes, waitLogRow, waitReady, waitText,
  type Mode,
} from './demo-helpers.js';

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  ensureDemoBuilt();
  server = await startStaticServer(DEMO_DIR);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const MODES: { mode: Mode; managerName: string; handle: string }[] = [
  { mode: 'valtio', managerName: 'ValtioStateManager', handle: '__MFE_VALTIO_STATE__' },
  { mode: 'legacy', managerName: 'UniversalStateManager', handle: '__MFE_STATE__' },
];

describe.each(MODES)('demo with the flag $mode', ({ mode, managerName, handle }) => {
  let context: BrowserContext;
  let tabA: Page;
  let tabB: Page;
  let errorsA: string[] = [];
  let errorsB: string[] = [];

  beforeAll(async () => {
    // A fresh context per mode: its own localStorage, and a BroadcastChannel shared only by its tabs.
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    tabA = await context.newPage();
    tabB = await context.newPage();
    errorsA = collectErrors(tabA);
    errorsB = collectErrors(tabB);
    await openDemo(tabA, server.url, mode);
    await openDemo(tabB, server.url, mode);
  });
  afterAll(async () => {
    await context?.close();
  });

  it('shows which manager runs and renders all three MFEs from their own bundles', async () => {
    expect(await tabA.locator(byTestId('manager-name')).textContent()).toBe(managerName);
    expect(await tabA.locator(byTestId('flag')).textContent()).toBe(`VITE_USE_VALTIO_STATE=${mode === 'valtio'}`);
    for (const id of MFE_IDS) {
      expect(await tabA.locator(`[data-slot="${id}"]`).getAttribute('data-mounted')).toBe('true');
    }
    await waitAllMfes(tabA, 'theme', 'light');
    await waitAllMfes(tabA, 'counter', '0');
    // Each MFE registered itself (mfe:<id>:registered), visible to the container.
    const registered = await tabA.evaluate((ids) => {
      const m = (window as any).__DEMO__.manager;
      return ids.map((id: string) => m.get(`mfe:${id}:registered`));
    }, [...MFE_IDS]);
    expect(registered).toEqual([true, true, true]);
  });

  it('a change in one MFE appears in the other two and in the second tab', async () => {
    // React writes the name, Vue the email: both land in the one shared `user` key.
    await tabA.fill(byTestId('react-mfe-name-input'), 'Ada Lovelace');
    await waitAllMfes(tabA, 'profile', 'Ada Lovelace <>');
    await tabA.fill(byTestId('vue-mfe-email-input'), 'ada@example.com');
    for (const tab of [tabA, tabB]) await waitAllMfes(tab, 'profile', 'Ada Lovelace <ada@example.com>');

    await tabA.click(byTestId('vue-mfe-theme-toggle'));
    for (const tab of [tabA, tabB]) await waitAllMfes(tab, 'theme', 'dark');
    expect(await tabB.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

    await tabA.click(byTestId('vanilla-mfe-increment'));
    await tabA.click(byTestId('vanilla-mfe-increment'));
    await tabA.click(byTestId('react-mfe-increment'));
    for (const tab of [tabA, tabB]) await waitAllMfes(tab, 'counter', '3');

    // The other direction: the second tab writes, the first follows.
    await tabB.click(byTestId('vue-mfe-increment'));
    await waitAllMfes(tabA, 'counter', '4');

    // Namespaced keys: each MFE's own key, seen by the other tab too.
    await tabA.click(byTestId('react-mfe-own-increment'));
    await tabA.click(byTestId('vanilla-mfe-own-increment'));
    await tabA.fill(byTestId('vue-mfe-own-input'), 'hello');
    for (const tab of [tabA, tabB]) {
      await waitText(tab, 'react-mfe-own', '1');
      await waitText(tab, 'vanilla-mfe-own', '1');
      await waitText(tab, 'vue-mfe-own', 'hello');
    }
  });

  it('the log shows each event with its source, and marks the ones from the other tab', async () => {
    await waitLogRow(tabA, 'user', 'react-mfe');
    await waitLogRow(tabA, 'user', 'vue-mfe');
    await waitLogRow(tabA, 'theme', 'vue-mfe');
    await waitLogRow(tabA, 'sharedCounter', 'vanilla-mfe');
    await waitLogRow(tabA, 'sharedCounter', 'react-mfe');
    await waitLogRow(tabA, 'mfe:react-mfe:clicks', 'react-mfe');
    await waitLogRow(tabA, 'mfe:vanilla-mfe:pings', 'vanilla-mfe');
    await waitLogRow(tabA, 'mfe:vue-mfe:note', 'vue-mfe');
    await waitLogRow(tabA, 'sharedCounter', 'vue-mfe (cross-tab)');
    await waitLogRow(tabB, 'theme', 'vue-mfe (cross-tab)');
    await waitLogRow(tabB, 'user', 'vue-mfe (cross-tab)');

    const rowsA = await readLog(tabA);
    expect(rowsA.find((r) => r.source === 'vue-mfe (cross-tab)')?.crossTab).toBe(true);
    expect(rowsA.find((r) => r.key === 'theme' && r.source === 'vue-mfe')).toMatchObject({ value: '"dark"', crossTab: false });
    // Newest first: the last local write in tab A is the note typed into the Vue MFE.
    const local = rowsA.filter((r) => !r.crossTab);
    expect(local[0]).toMatchObject({ key: 'mfe:vue-mfe:note', value: '"hello"', source: 'vue-mfe' });
  });

  it('saves a screenshot of this mode (with the log of the steps above)', async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const file = join(ARTIFACTS_DIR, `demo-${mode}.png`);
    await tabA.screenshot({ path: file, fullPage: true });
    expect(existsSync(file)).toBe(true);
    // The README's picture: written when missing, or on request (UPDATE_DEMO_SCREENSHOT=1),
    // so ordinary test runs leave the committed file alone.
    const readmeImage = join(REPO, 'docs/images/demo.png');
    if (mode === 'valtio' && (!existsSync(readmeImage) || process.env.UPDATE_DEMO_SCREENSHOT === '1')) {
      mkdirSync(join(REPO, 'docs/images'), { recursive: true });
      copyFileSync(file, readmeImage);
    }
  });

  it('a reload (the panel button) keeps the state', async () => {
    // Waiting for the new document first, so waitReady cannot see the old one.
    await Promise.all([tabA.waitForEvent('framenavigated'), tabA.click(byTestId('reload'))]);
    await waitReady(tabA);
    await waitAllMfes(tabA, 'profile', 'Ada Lovelace <ada@example.com>');
    await waitAllMfes(tabA, 'theme', 'dark');
    await waitAllMfes(tabA, 'counter', '4');
    await waitText(tabA, 'react-mfe-own', '1');
    await waitText(tabA, 'vue-mfe-own', 'hello');
    expect(await tabA.inputValue(byTestId('react-mfe-name-input'))).toBe('Ada Lovelace');
  });

  it('has the console handle the legacy platform had', async () => {
    const theme = await tabA.evaluate((name) => (window as any)[name]?.get('theme'), handle);
    expect(theme).toBe('dark');
  });

  it('the control panel resets the counter and clears everything, in both tabs', async () => {
    await tabA.click(byTestId('reset-counter'));
    for (const tab of [tabA, tabB]) await waitAllMfes(tab, 'counter', '0');
    await waitLogRow(tabA, 'sharedCounter', 'container');

    await tabB.click(byTestId('clear-all'));
    for (const tab of [tabA, tabB]) {
      await waitAllMfes(tab, 'profile', ' <>');
      await waitAllMfes(tab, 'theme', 'light');
      await waitText(tab, 'react-mfe-own', '0');
    }
    expect(await tabA.evaluate(() => Object.keys((window as any).__DEMO__.manager.getSnapshot()))).toEqual([]);

    // Cleared means cleared in storage too: a reload comes back empty (initialState only).
    await tabA.reload();
    await waitReady(tabA);
    await waitAllMfes(tabA, 'profile', ' <>');
    await waitAllMfes(tabA, 'counter', '0');
  });

  it('logged no console error in either tab', () => {
    expect([...errorsA, ...errorsB]).toEqual([]);
  });
});

describe('switching the flag keeps what users have (docs/api-contract.md section 3)', () => {
  it('legacy → new → legacy in one browser profile: the stored state carries over both ways', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);

    await openDemo(page, server.url, 'legacy');
    await page.fill(byTestId('react-mfe-name-input'), 'Legacy User');
    await page.click(byTestId('vanilla-mfe-increment'));
    await page.click(byTestId('vue-mfe-theme-toggle'));
    await waitAllMfes(page, 'counter', '1');
    await waitAllMfes(page, 'theme', 'dark');

    // Same origin, same localStorage: the flag-on build starts from what the legacy one stored.
    await openDemo(page, server.url, 'valtio');
    expect(await page.locator(byTestId('manager-name')).textContent()).toBe('ValtioStateManager');
    await waitAllMfes(page, 'profile', 'Legacy User <>');
    await waitAllMfes(page, 'counter', '1');
    await waitAllMfes(page, 'theme', 'dark');

    // And a rollback of the flag keeps what the new manager wrote.
    await page.fill(byTestId('vue-mfe-email-input'), 'new@example.com');
    await page.click(byTestId('react-mfe-increment'));
    await waitAllMfes(page, 'counter', '2');
    await openDemo(page, server.url, 'legacy');
    expect(await page.locator(byTestId('manager-name')).textContent()).toBe('UniversalStateManager');
    await waitAllMfes(page, 'profile', 'Legacy User <new@example.com>');
    await waitAllMfes(page, 'counter', '2');

    expect(errors).toEqual([]);
    await context.close();
  });
});

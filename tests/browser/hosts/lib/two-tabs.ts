// What a user sees of a host app in two tabs of one browser profile: both load, the first
// writes (through its UI, so framework hosts write through their hook), the second shows the
// write, localStorage holds it, and the second, reloaded, still shows it. Observations are
// returned for the test to assert; a wait that never ends fails with what the page shows.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HOST_KEY } from './host-cases.js';

/** How `ready` settled in one page load, and what the page reported about itself. */
export interface LoadReport {
  tab: string;
  ready: string;
  readyError: { name: string; isStateCoreError: boolean; message: string } | null;
  ctorName: string;
  entries: string;
  /** Calls of console.error made by the page's code during this load. */
  consoleErrorCalls: string[];
}

export interface TwoTabsReport {
  loads: LoadReport[];
  /** Every console message of type error (the page's and the browser's own, e.g. a 404). */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections. */
  pageErrors: string[];
  /** Responses with status >= 400, as "404 /path" (what a "Failed to load resource" was). */
  failedResponses: string[];
  /** `localStorage[mfe-state:<key>]` parsed, once it held the write. */
  stored: unknown;
}

/** A bound on each wait (the page normally answers within a second), not a timing check. */
const WAIT_MS = 10_000;
const STORAGE_KEY = `mfe-state:${HOST_KEY}`;

/** Records the page's own console.error calls (separately from the browser's messages). */
async function recordConsoleErrorCalls(context: BrowserContext, calls: Map<Page, string[]>): Promise<void> {
  await context.exposeBinding('__hostTestConsoleError', ({ page }, text: string) => {
    calls.get(page)?.push(text);
  });
  await context.addInitScript(() => {
    const original = console.error;
    const show = (a: unknown) => (a instanceof Error ? `${a.name}: ${a.message}` : typeof a === 'string' ? a : String(a));
    console.error = function (this: unknown, ...args: unknown[]) {
      void (window as unknown as { __hostTestConsoleError: (t: string) => Promise<void> }).__hostTestConsoleError(args.map(show).join(' '));
      return original.apply(this, args as []);
    };
  });
}

async function waitFor<A>(page: Page, what: string, fn: (arg: A) => boolean, arg: A, describe: () => Promise<unknown>): Promise<void> {
  try {
    await page.waitForFunction(fn, arg, { timeout: WAIT_MS, polling: 50 });
  } catch (error) {
    const now = await describe().catch((e: unknown) => `unreadable: ${String(e)}`);
    throw new Error(`${what}; the page shows ${JSON.stringify(now)} (${String(error).split('\n')[0]})`);
  }
}

const shownValue = (page: Page) => page.evaluate(() => document.getElementById('value')?.textContent ?? '(no #value element)');

async function settle(page: Page, tab: string, calls: string[]): Promise<LoadReport> {
  await waitFor(page, `${tab}: ready never settled`, () => {
    const host = (window as unknown as { __host?: { ready: string } }).__host;
    return host !== undefined && host.ready !== 'pending';
  }, '', () => page.evaluate(() => ({ title: document.title, host: (window as unknown as { __host?: unknown }).__host ?? null, body: document.body?.innerHTML.slice(0, 300) })));
  const probe = await page.evaluate(() => {
    const h = (window as unknown as { __host: Omit<LoadReport, 'tab' | 'consoleErrorCalls'> }).__host;
    return { ready: h.ready, readyError: h.readyError, ctorName: h.ctorName, entries: h.entries };
  });
  return { tab, ...probe, consoleErrorCalls: calls };
}

async function openTab(context: BrowserContext, report: TwoTabsReport, calls: Map<Page, string[]>): Promise<Page> {
  const page = await context.newPage();
  calls.set(page, []);
  page.on('console', (m) => { if (m.type() === 'error') report.consoleErrors.push(m.location().url ? `${m.text()} (${m.location().url})` : m.text()); });
  page.on('pageerror', (e) => report.pageErrors.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400) report.failedResponses.push(`${r.status()} ${new URL(r.url()).pathname}`); });
  return page;
}

export async function runTwoTabs(browser: Browser, url: string, written: unknown): Promise<TwoTabsReport> {
  const expected = JSON.stringify(written);
  const context = await browser.newContext();
  const calls = new Map<Page, string[]>();
  const report: TwoTabsReport = { loads: [], consoleErrors: [], pageErrors: [], failedResponses: [], stored: undefined };
  try {
    await recordConsoleErrorCalls(context, calls);
    const a = await openTab(context, report, calls);
    const b = await openTab(context, report, calls);
    await a.goto(url);
    report.loads.push(await settle(a, 'tab A', calls.get(a)!));
    await b.goto(url);
    report.loads.push(await settle(b, 'tab B', calls.get(b)!));

    await a.click('#write');
    await waitFor(a, 'tab A never rendered its own write', (e) => document.getElementById('value')?.textContent === e, expected, () => shownValue(a));
    await waitFor(b, 'the write never reached tab B', (e) => document.getElementById('value')?.textContent === e, expected, () => shownValue(b));
    await waitFor(a, 'the write never reached localStorage', ([key, e]) => {
      const raw = localStorage.getItem(key!);
      return raw !== null && JSON.stringify(JSON.parse(raw)) === e;
    }, [STORAGE_KEY, expected], () => a.evaluate((key) => ({ ...localStorage, wanted: key }), STORAGE_KEY));
    report.stored = await a.evaluate((key) => JSON.parse(localStorage.getItem(key)!), STORAGE_KEY);

    calls.set(b, []);
    await b.reload();
    report.loads.push(await settle(b, 'tab B reloaded', calls.get(b)!));
    await waitFor(b, 'the reload lost the write', (e) => document.getElementById('value')?.textContent === e, expected, () => shownValue(b));
    return report;
  } catch (error) {
    // Say what the loads reported too: a rejected `ready` usually explains a lost write.
    const loads = report.loads.map((l) => `${l.tab}: ready ${l.ready}${l.readyError ? ` (${l.readyError.name}: ${l.readyError.message})` : ''}, class ${l.ctorName}`);
    const details = [...report.pageErrors.map((e) => `page error: ${e}`), ...loads, ...report.consoleErrors.map((e) => `console error: ${e}`), ...report.failedResponses.map((e) => `failed response: ${e}`)];
    throw new Error([error instanceof Error ? error.message : String(error), ...details].join('; '));
  } finally {
    await context.close();
  }
}

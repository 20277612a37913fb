// Shared by the adapter browser tests: open pages of one context on one manager kind, and
// wait for rendered text (explicit conditions, never sleeps).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectErrors } from '../harness/index.js';

export type Kind = 'valtio' | 'legacy';

export interface Tabs {
  ctx: BrowserContext;
  pages: Page[];
  /** Console errors and page errors of every tab so far. */
  errors(): string[];
}

let prefixCounter = 0;

/** `count` tabs of one context (shared BroadcastChannel + localStorage) on a fresh prefix. */
export async function openTabs(browser: Browser, baseUrl: string, page: string, kind: Kind, count: number): Promise<Tabs> {
  const ctx = await browser.newContext();
  const prefix = `adapters-${kind}-${process.pid}-${prefixCounter++}`;
  const pages: Page[] = [];
  const perTab: string[][] = [];
  for (let i = 0; i < count; i++) {
    const p = await ctx.newPage();
    perTab.push(collectErrors(p));
    pages.push(p);
    await p.goto(`${baseUrl}/adapters/${page}?manager=${kind}&prefix=${prefix}`);
    await p.waitForFunction(() => document.title === 'ready');
  }
  return { ctx, pages, errors: () => perTab.flat() };
}

/** Waits until probe `id` shows `text`, then asserts it (a clear message on failure). */
export async function waitText(page: Page, id: number, text: string): Promise<void> {
  try {
    await page.waitForFunction(([i, t]) => (window as any).__a.text(i) === t, [id, text] as const, { timeout: 10_000 });
  } catch {
    const actual = await page.evaluate((i) => (window as any).__a.text(i), id);
    throw new Error(`probe ${id}: expected ${text}, still ${actual}`);
  }
}

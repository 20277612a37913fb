// Tabs for the reliability scenarios: pages of one browser context share a real
// BroadcastChannel and a real localStorage, and a fresh context per scenario keeps
// scenarios from seeing each other's channels and storage.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { useBrowserSuite } from '../../harness/suite.js';
import { PAGES_DIR } from '../../harness/index.js';

export type Impl = 'new' | 'legacy';

export interface Env {
  browser: Browser;
  baseUrl: string;
  seed: number;
}

/** A browser and the served test pages for this file's tests, as the Env the scenarios take. */
export function useTabsEnv(seed = 0): Env {
  const suite = useBrowserSuite(PAGES_DIR);
  return { get browser() { return suite.browser; }, get baseUrl() { return suite.url; }, seed };
}

/** What a scenario found: one entry per part of its pass condition. */
export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

export type Scenario = (env: Env, impl: Impl) => Promise<Check[]>;

export interface TabOptions {
  impl?: Impl | 'none';
  prefix?: string;
  storage?: 'throw' | 'absent';
  nobc?: boolean;
  ac?: 'namespaces';
  throwing?: boolean;
  /** The page's folder under the server root; default 'reliability' (another build's copy elsewhere). */
  pages?: string;
}

/** Loads a tab and waits for its explicit ready signal (document.title). */
export async function openTab(ctx: BrowserContext, env: Env, opts: TabOptions = {}): Promise<Page> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const q = new URLSearchParams({ impl: opts.impl ?? 'none', prefix: opts.prefix ?? 'rel' });
  if (opts.storage) q.set('storage', opts.storage);
  if (opts.nobc) q.set('nobc', '1');
  if (opts.ac) q.set('ac', opts.ac);
  if (opts.throwing) q.set('throwing', '1');
  await page.goto(`${env.baseUrl}/${opts.pages ?? 'reliability'}/index.html?${q}`);
  try {
    await page.waitForFunction(() => document.title === 'ready' || document.title.startsWith('failed'), null, { timeout: 20_000 });
  } catch {
    throw new Error(`tab ${q} did not signal ready: title "${await page.title()}", errors: ${errors.join(' | ') || 'none'}`);
  }
  const title = await page.title();
  if (title !== 'ready') throw new Error(`tab did not start: ${title}; errors: ${errors.join(' | ')}`);
  return page;
}

export async function openTabs(ctx: BrowserContext, env: Env, n: number, opts: TabOptions = {}): Promise<Page[]> {
  const pages: Page[] = [];
  for (let i = 0; i < n; i++) pages.push(await openTab(ctx, env, opts)); // one at a time: 2 cores
  return pages;
}

/** A fresh context (own channels, own storage) for the duration of `run`. */
export async function withContext<T>(env: Env, run: (ctx: BrowserContext) => Promise<T>): Promise<T> {
  const ctx = await env.browser.newContext();
  try {
    return await run(ctx);
  } finally {
    await ctx.close();
  }
}

/**
 * Per-sender delivery order is what BroadcastChannel guarantees: once every tab has seen
 * every other tab's marker, each has received everything the others sent before it.
 */
export async function barrier(pages: Page[], phase: string): Promise<void> {
  const keys = pages.map((_, i) => `__done:${phase}:${i}`);
  for (let i = 0; i < pages.length; i++) await pages[i].evaluate((k) => (window as any).__rt.set(k, true), keys[i]);
  for (const page of pages) await page.waitForFunction((ks) => (window as any).__rt.hasKeys(ks), keys);
}

/** The state of a tab without barrier markers, as sorted JSON. */
export async function canonical(page: Page): Promise<string> {
  return page.evaluate(() => {
    const s = (window as any).__rt.snapshot() as Record<string, unknown>;
    return JSON.stringify(Object.keys(s).filter((k) => !k.startsWith('__done')).sort().map((k) => [k, s[k]]));
  });
}

export async function snapshot(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() => (window as any).__rt.snapshot());
}

export async function errorsOf(page: Page): Promise<Array<{ name: string; code?: string; message: string }>> {
  return page.evaluate(() => (window as any).__rt.errors);
}

export function check(name: string, ok: boolean, detail?: string): Check {
  return { name, ok, detail };
}

/**
 * Waits in the page until `predicate(arg)` holds; false if it never did within `ms`. Used
 * where the legacy manager is expected never to get there (its verdict is only reported).
 */
export async function eventually<A>(page: Page, predicate: (arg: A) => boolean, arg: A, ms = 15_000): Promise<boolean> {
  try {
    await page.waitForFunction(predicate as never, arg, { timeout: ms });
    return true;
  } catch {
    return false;
  }
}

/** Runs `fn` in every page at once. */
export function inAll<A, R>(pages: Page[], fn: (arg: A) => R | Promise<R>, arg: A): Promise<R[]> {
  return Promise.all(pages.map((p) => p.evaluate(fn as never, arg) as Promise<R>));
}

/** The v2 channel's text or the legacy channel's event, from a tab with no manager. */
export const V2 = 'mfe-state-sync-v2';
export const LEGACY = 'mfe-state-sync';

/** A valid protocol-v2 ops message carrying `ops` (the core's wire format, contracts.md section 4). */
export function opsMessage(origin: string, seq: number, ops: Array<{ k: string; p?: unknown[]; c: [number, number, string]; d?: number; v?: unknown; w?: string }>): string {
  return JSON.stringify({ t: 'ops', v: 2, o: origin, s: seq, ops: ops.map((op) => ({ p: [], d: 0, ...op })) });
}

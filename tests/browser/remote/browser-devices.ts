// Devices in Chromium for the across-devices tests: a browser context is one device (its own
// localStorage, BroadcastChannel and Web Locks), a page of it one tab running remote.html.
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface TabOptions {
  /** The suite's base URL (the served pages). */
  pagesUrl: string;
  /** WebSocket URL of the server, or every node's of a cluster. */
  servers: string | string[];
  bucket?: string;
  user?: string;
  pass?: string;
}

export function tabUrl(options: TabOptions): string {
  const query = new URLSearchParams({ bucket: options.bucket ?? 'alice', user: options.user ?? 'alice', pass: options.pass ?? 'alice-pass' });
  for (const ws of typeof options.servers === 'string' ? [options.servers] : options.servers) query.append('ws', ws);
  return `${options.pagesUrl}/remote/remote.html?${query}`;
}

/** Opens a tab of `context` (a device) on remote.html and waits for its manager. */
export async function openTab(context: BrowserContext, options: TabOptions): Promise<Page> {
  const page = await context.newPage();
  await page.goto(tabUrl(options));
  await page.waitForFunction(() => (window as any).__remote !== undefined);
  return page;
}

/** `value` with every object's members sorted, so JSON texts compare values, not member order. */
export function canonicalJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(canonicalJson);
  return Object.fromEntries(Object.keys(value).sort().map((m) => [m, canonicalJson((value as Record<string, unknown>)[m])]));
}

export const valueIn = (page: Page, key: string) => page.evaluate((k) => (window as any).__remote.manager.get(k), key);

export async function waitValue(page: Page, key: string, expected: unknown, timeout = 30_000): Promise<void> {
  try {
    // Compared with members sorted: devices agree on every path's value, while the order of
    // an object's members follows the order in which each device first heard of them.
    await page.waitForFunction(([k, v]) => {
      const canonical = (x: unknown): unknown => (x === null || typeof x !== 'object' ? x
        : Array.isArray(x) ? x.map(canonical)
          : Object.fromEntries(Object.keys(x).sort().map((m) => [m, canonical((x as Record<string, unknown>)[m])])));
      return JSON.stringify(canonical((window as any).__remote.manager.get(k))) === v;
    }, [key, JSON.stringify(canonicalJson(expected))] as const, { timeout });
  } catch {
    const seen = await page.evaluate((k) => ({ value: (window as any).__remote.manager.get(k), status: (window as any).__remote.remote.status, errors: (window as any).__remote.errors }), key);
    throw new Error(`${key} never became ${JSON.stringify(expected)} in ${page.url().slice(-60)}: ${JSON.stringify(seen)}`);
  }
}

export const waitStatus = (page: Page, status: string, timeout = 30_000) =>
  page.waitForFunction((s) => (window as any).__remote.remote.status === s, status, { timeout });

/** Sets `${prefix}:${i}` = { i, by: prefix } for i in [from, to) on the page's manager. */
export const writeRange = (page: Page, prefix: string, from: number, to: number) =>
  page.evaluate(([p, f, t]) => {
    for (let i = f; i < t; i++) (window as any).__remote.manager.set(`${p}:${i}`, { i, by: p });
  }, [prefix, from, to] as const);

/** The page's keys with `prefix`, and their values, members sorted, as one JSON text. */
export const snapshotOf = (page: Page, prefix: string) =>
  page.evaluate((p) => {
    const m = (window as any).__remote.manager;
    const canonical = (x: unknown): unknown => (x === null || typeof x !== 'object' ? x
      : Array.isArray(x) ? x.map(canonical)
        : Object.fromEntries(Object.keys(x).sort().map((k) => [k, canonical((x as Record<string, unknown>)[k])])));
    const keys = (m.keys() as string[]).filter((k) => k.startsWith(p)).sort();
    return JSON.stringify(keys.map((k) => [k, canonical(m.get(k))]));
  }, prefix);

/** Waits until the page holds `count` keys with `prefix`. */
export const waitKeyCount = (page: Page, prefix: string, count: number, timeout = 60_000) =>
  page.waitForFunction(([p, n]) => ((window as any).__remote.manager.keys() as string[]).filter((k) => k.startsWith(p)).length === n,
    [prefix, count] as const, { timeout });

/** The page's reported errors, but for lost connections (SERVER_FAILED), which faults cause. */
export const errorsBesideLostConnections = (page: Page) =>
  page.evaluate(() => ((window as any).__remote.errors as Array<{ code?: string }>).filter((e) => e.code !== 'SERVER_FAILED'));

/**
 * Runs `body` with `count` devices: browser contexts, each with its own storage and channel
 * scope, as separate machines would have. They are closed afterwards, whatever happens.
 */
export async function withDevices<T>(browser: Browser, count: number, body: (devices: BrowserContext[]) => Promise<T>): Promise<T> {
  const devices: BrowserContext[] = [];
  try {
    for (let i = 0; i < count; i++) devices.push(await browser.newContext());
    return await body(devices);
  } finally {
    await Promise.all(devices.map((d) => d.close()));
  }
}

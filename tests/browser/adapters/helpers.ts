// Shared by the adapter browser tests: open pages of one context on one manager kind, and
// wait for rendered text (explicit conditions, never sleeps).
import { expect } from 'vitest';
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

/** Calls a function the adapter test page exposes on `window.__a`. */
export const call = <T>(page: Page, fn: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(([f, a]) => (window as any).__a[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;
/** A write by a vanilla MFE straight on the page's manager. */
export const managerSet = (page: Page, key: string, value: unknown) =>
  page.evaluate(([k, v]) => (window as any).__a.manager.set(k, v, 'vanilla-mfe'), [key, value] as const);
export const managerGet = (page: Page, key: string) => page.evaluate((k) => (window as any).__a.manager.get(k), key);

export interface LifecycleCase {
  /** Two mounted probes on one manager in tab `a` (two MFEs); `b` is another tab. */
  a: Page;
  b: Page;
  first: number;
  second: number;
  key: string;
  /** The value written for a label: the label itself, or nested at profile.name for path probes. */
  at: (label: string) => unknown;
  setter: boolean;
  listener?: boolean;
  /** listenerCount() before mounting. */
  baseline: number;
}

/**
 * The life of a hook or composable, the same for React and Vue: initial value, a write by
 * another MFE, a write in another tab, its own setter seen everywhere, and unmounting
 * leaves no listener behind.
 */
export async function expectLifecycle(c: LifecycleCase): Promise<void> {
  const { a, b, first, second, key, at, setter, listener, baseline } = c;
  // A listener probe has heard nothing yet; a value probe shows the current value.
  await waitText(a, first, listener ? 'null' : '"initial"');
  expect(await call<number>(a, 'listenerCount')).toBeGreaterThan(baseline);

  // Another MFE writes: the second probe's setter, or a vanilla MFE on the manager.
  if (setter) await call(a, 'callSetter', second, 'from-mfe');
  else await managerSet(a, key, at('from-mfe'));
  await waitText(a, first, '"from-mfe"');
  await waitText(a, second, '"from-mfe"');

  // Another tab writes.
  await managerSet(b, key, at('from-tab'));
  await waitText(a, first, '"from-tab"');

  // This probe's own setter: the manager has it, the other MFE and the other tab see it.
  if (setter) {
    await call(a, 'callSetter', first, 'from-setter');
    expect(await managerGet(a, key)).toEqual(at('from-setter'));
    await waitText(a, second, '"from-setter"');
    await b.waitForFunction(([k, v]) => JSON.stringify((window as any).__a.manager.get(k)) === v, [key, JSON.stringify(at('from-setter'))] as const);
  }

  await call(a, 'unmount', first);
  await call(a, 'unmount', second);
  expect(await call<number>(a, 'listenerCount')).toBe(baseline);
}

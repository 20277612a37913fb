// The core's loading under the hosting conditions of real container apps, in Chromium, with
// the page served as a host serves it: a strict Content-Security-Policy (the core must load:
// no eval or new Function anywhere), a host answering the .wasm with its index.html (the
// embedded copy steps in), a CSP that forbids wasm, and a .wasm answering 404 (the core
// cannot load: writes must still persist in the legacy format and reach other tabs on the
// legacy channel, survive a reload, and the failure must be one console.error).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PAGES_DIR, collectErrors, launchBrowser, startStaticServer, type StaticServer } from '../harness/index.js';

const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const NO_WASM = "default-src 'self'; script-src 'self'";

/** Scenario prefix -> how the server answers under it (the prefix is stripped). */
function route(path: string): { path?: string; status?: number; headers?: Record<string, string> } {
  if (path === '/favicon.ico') return { status: 204 }; // asked for by the browser on its own
  const [, scenario, ...rest] = path.split('/');
  const file = `/${rest.join('/')}`;
  switch (scenario) {
    case 'strict': return { path: file, headers: { 'content-security-policy': STRICT } };
    case 'nowasm': return { path: file, headers: { 'content-security-policy': NO_WASM } };
    case 'missing': return file.endsWith('.wasm') ? { status: 404 } : { path: file, headers: { 'content-security-policy': STRICT } };
    // A host (or dev server) answering every unknown path with its index.html.
    case 'spa': return file.endsWith('.wasm') ? { path: '/loading/index.html', headers: { 'content-security-policy': STRICT } } : { path: file, headers: { 'content-security-policy': STRICT } };
    default: return { status: 404 };
  }
}

interface LoadingApi {
  outcome: Promise<string>;
  set(key: string, value: unknown): void;
  get(key: string): unknown;
  flush(): void;
  heard: Array<{ key: string; value: unknown; source: string }>;
  violations: string[];
  core(): string | null;
}
declare const __loading: LoadingApi;

let browser: Browser;
let server: StaticServer;
beforeAll(async () => {
  server = await startStaticServer(PAGES_DIR, { route });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(page: Page, scenario: string): Promise<string> {
  await page.goto(`${server.url}/${scenario}/loading/index.html`);
  return page.evaluate(() => __loading.outcome);
}

/** Console errors the package wrote (the browser adds its own resource / CSP reports). */
const ours = (errors: string[]) => errors.filter((e) => e.includes('[universal-state]'));
const browserReports = (errors: string[]) => errors.filter((e) => !e.includes('[universal-state]'));

describe('loading the core under a strict Content-Security-Policy', () => {
  it(`loads, persists, and survives a reload under "${STRICT}"`, async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const errors = collectErrors(page);
      const response = await page.goto(`${server.url}/strict/loading/index.html`);
      expect(response!.headers()['content-security-policy']).toBe(STRICT);
      expect(await page.evaluate(() => __loading.outcome)).toBe('ready');
      await page.evaluate(() => { __loading.set('draft', { text: 'kept' }); __loading.flush(); });
      expect(await page.evaluate(() => localStorage.getItem('mfe-state:draft'))).toBe('{"text":"kept"}');
      expect(await page.evaluate(() => localStorage.getItem('mfe-state#meta:draft'))).not.toBeNull();
      await page.reload();
      expect(await page.evaluate(() => __loading.outcome)).toBe('ready');
      expect(await page.evaluate(() => __loading.get('draft'))).toEqual({ text: 'kept' });
      expect(JSON.parse((await page.evaluate(() => __loading.core()))!)).toEqual({ draft: { text: 'kept' } });
      expect(await page.evaluate(() => __loading.violations)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('a host that answers the .wasm URL with its index.html', () => {
  it('loads the embedded copy instead, with one console.warn naming the URL', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const warnings: string[] = [];
      page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
      const errors = collectErrors(page);
      expect(await open(page, 'spa')).toBe('ready');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/universal_state_core[^ ]*\.wasm is not the wasm file .*first bytes 3c 21 64 6f.*using the copy embedded/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe.each([
  ['a CSP that forbids wasm', 'nowasm', /^failed StateCoreError WASM_BLOCKED: .*Content-Security-Policy forbids compiling WebAssembly\. Remedy: add 'wasm-unsafe-eval' to script-src/],
  ['the .wasm answering 404', 'missing', /^failed StateCoreError WASM_NOT_FOUND: .*universal_state_core[^ ]*\.wasm answered 404\. Remedy: serve universal_state_core\.wasm/],
])('when the core cannot load (%s)', (_name, scenario, expected) => {
  it('ready rejects naming cause and remedy; writes persist in the legacy format, cross tabs and survive a reload', async () => {
    const context = await browser.newContext();
    try {
      const a = await context.newPage();
      const b = await context.newPage();
      const errorsA = collectErrors(a);
      const errorsB = collectErrors(b);
      expect(await open(a, scenario)).toMatch(expected);
      expect(await open(b, scenario)).toMatch(expected);

      await a.evaluate(() => __loading.set('cart', { items: 2 }));
      await b.waitForFunction(() => (__loading.get('cart') as { items?: number } | undefined)?.items === 2);
      expect(await b.evaluate(() => __loading.heard.find((e) => e.key === 'cart'))).toEqual({ key: 'cart', value: { items: 2 }, source: 'page (cross-tab)' });
      expect(await a.evaluate(() => localStorage.getItem('mfe-state:cart'))).toBe('{"items":2}');
      expect(await a.evaluate(() => localStorage.getItem('mfe-state#meta:cart'))).toBeNull();

      await b.evaluate(() => __loading.set('theme', 'dark'));
      await a.waitForFunction(() => __loading.get('theme') === 'dark');

      await a.reload();
      expect(await a.evaluate(() => __loading.outcome)).toMatch(expected);
      expect(await a.evaluate(() => [__loading.get('cart'), __loading.get('theme')])).toEqual([{ items: 2 }, 'dark']);

      // One console.error per page load from the package (tab a loaded twice), naming the cause.
      expect(ours(errorsA)).toHaveLength(2);
      expect(ours(errorsB)).toHaveLength(1);
      expect(ours(errorsB)[0]).toMatch(/could not load: .*Remedy: .*legacy format/);
      // Whatever else is in the console is the browser's own report of the refused resource.
      for (const line of [...browserReports(errorsA), ...browserReports(errorsB)]) {
        expect(line).toMatch(/Failed to load resource: the server responded with a status of 404|Refused to compile or instantiate WebAssembly|Content Security Policy/);
      }
    } finally {
      await context.close();
    }
  });
});

describe('a tab whose core cannot load beside a tab whose core did', () => {
  it('they exchange writes both ways (the healthy tab merges through its legacy bridge), and storage stays readable by both', async () => {
    const context = await browser.newContext();
    try {
      const failing = await context.newPage();
      const healthy = await context.newPage();
      expect(await open(failing, 'nowasm')).toMatch(/^failed StateCoreError WASM_BLOCKED/);
      expect(await open(healthy, 'strict')).toBe('ready');

      await failing.evaluate(() => __loading.set('fromFailing', { n: 1 }));
      await healthy.waitForFunction(() => (__loading.get('fromFailing') as { n?: number } | undefined)?.n === 1);
      await healthy.evaluate(() => __loading.set('fromHealthy', 'yes'));
      await failing.waitForFunction(() => __loading.get('fromHealthy') === 'yes');

      // The healthy tab persisted the merged write with its metadata; a reload of the failing
      // tab reads both keys from storage.
      await healthy.evaluate(() => __loading.flush());
      await failing.reload();
      expect(await failing.evaluate(() => [__loading.get('fromFailing'), __loading.get('fromHealthy')])).toEqual([{ n: 1 }, 'yes']);
      await healthy.reload();
      expect(await healthy.evaluate(() => __loading.outcome)).toBe('ready');
      expect(await healthy.evaluate(() => [__loading.get('fromFailing'), __loading.get('fromHealthy')])).toEqual([{ n: 1 }, 'yes']);
    } finally {
      await context.close();
    }
  });
});

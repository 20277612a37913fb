// The packed package under Vite's dev server with its default config, the way container
// teams work every day: dependency pre-bundling moves the package into
// node_modules/.vite/deps, where no .wasm sits beside the loader and the server answers
// index.html for it. The core must load anyway, with no configuration in the app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { createServer, type ViteDevServer } from 'vite';
import type { Browser } from 'playwright-core';
import { collectErrors, launchBrowser } from '../harness/index.js';
import { createPackedApp, type PackedApp } from './packed-app.js';

const MAIN = `
  import { ValtioStateManager } from '@mfe/universal-state/core';
  const manager = new ValtioStateManager({ devtools: false });
  manager.set('greeting', { text: 'hi' }, 'dev-app');
  manager.ready.then(
    () => { manager.flush(); document.title = 'ready:' + manager.core.exportJson(); },
    (error) => { document.title = 'failed:' + error.message; },
  );
`;
const HTML = '<!doctype html><html><head><meta charset="utf-8"><title>loading</title></head><body><script type="module" src="/main.js"></script></body></html>';

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

let packed: PackedApp;
let server: ViteDevServer;
let browser: Browser;
let url = '';
beforeAll(async () => {
  packed = createPackedApp('us-vite-dev-', { 'index.html': HTML, 'main.js': MAIN });
  const port = await freePort();
  // configFile: false is the app with no vite.config at all: every option at its default.
  server = await createServer({ root: packed.app, configFile: false, logLevel: 'warn', server: { host: '127.0.0.1', port, strictPort: true } });
  await server.listen();
  url = `http://127.0.0.1:${port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (packed) rmSync(packed.work, { recursive: true, force: true });
});

describe('the packed package under `vite` (dev server, default config)', () => {
  it('loads the core from the pre-bundled dependency, as in a production build', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    const failed: string[] = [];
    page.on('response', (r) => {
      // The browser asks for /favicon.ico on its own; the app has none and needs none.
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${url}/index.html`);
    await page.waitForFunction(() => document.title !== 'loading');
    expect(await page.title()).toBe('ready:{"greeting":{"text":"hi"}}');
    // The hostile condition really held: the package ran from Vite's pre-bundle folder.
    expect(requests.some((p) => p.includes('/node_modules/.vite/deps/'))).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('mfe-state:greeting'))).toBe('{"text":"hi"}');
    // Straight to the embedded copy: no request for a .wasm Vite cannot have, no 404 in the console.
    expect(requests.filter((p) => p.endsWith('.wasm'))).toEqual([]);
    expect(requests.some((p) => p.includes('universal_state_core.inline'))).toBe(true);
    expect(failed).toEqual([]);
    expect(errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
    await page.close();
  });
});

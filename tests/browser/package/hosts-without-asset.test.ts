// Hosts that emit no .wasm asset, with the packed package bundled by esbuild (which copies
// no files): `@mfe/universal-state/inline` carries the core in its JavaScript, and `/core`
// with the `wasm` option loads it from another origin (a CDN). Both are served under the
// strict Content-Security-Policy, with no .wasm anywhere beside the bundle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { collectErrors, launchBrowser, startStaticServer, type StaticServer } from '../harness/index.js';
import { createPackedApp, type PackedApp } from './packed-app.js';

const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const page = (script: string) => `<!doctype html><html><head><meta charset="utf-8"><title>loading</title></head><body><script type="module" src="./${script}"></script></body></html>`;
const report = `
  manager.set('greeting', { text: 'hi' }, 'host');
  manager.ready.then(
    () => { manager.flush(); document.title = 'ready:' + manager.core.exportJson(); },
    (error) => { document.title = 'failed:' + error.message; },
  );
`;
const FILES = {
  'inline.js': `import { ValtioStateManager } from '@mfe/universal-state/inline';
    const manager = new ValtioStateManager({ devtools: false });${report}`,
  'cdn.js': `import { ValtioStateManager } from '@mfe/universal-state/core';
    const manager = new ValtioStateManager({ devtools: false, wasm: new URL(location.hash.slice(1)) });${report}`,
  'inline.html': page('inline.bundle.js'),
  'cdn.html': page('cdn.bundle.js'),
};

let packed: PackedApp;
let site: StaticServer;
let cdn: StaticServer;
let browser: Browser;
let cdnFile = '';
beforeAll(async () => {
  // An app with React and Vue installed: this file is about the wasm asset, and bundling the
  // package where a framework is absent is a separate concern with tests of its own.
  packed = createPackedApp('us-no-asset-', FILES, ['react', 'react-dom', 'vue']);
  const out = join(packed.app, 'public');
  mkdirSync(out);
  for (const name of ['inline', 'cdn']) {
    // esbuild's defaults for an app: bundled, minified, ES modules, a browser target.
    await build({ entryPoints: [join(packed.app, `${name}.js`)], bundle: true, minify: true, format: 'esm', platform: 'browser',
      outfile: join(out, `${name}.bundle.js`), absWorkingDir: packed.app, logLevel: 'warning' });
    copyFileSync(join(packed.app, `${name}.html`), join(out, `${name}.html`));
  }
  const cdnDir = join(packed.work, 'cdn');
  mkdirSync(cdnDir);
  copyFileSync(join(packed.app, 'node_modules/@mfe/universal-state/dist/wasm/generated/universal_state_core.wasm'), join(cdnDir, 'core.wasm'));
  site = await startStaticServer(out, { route: () => ({ headers: { 'content-security-policy': `${STRICT}; connect-src 'self' http://127.0.0.1:*` } }) });
  cdn = await startStaticServer(cdnDir, { route: () => ({ headers: { 'access-control-allow-origin': '*' } }) });
  cdnFile = `${cdn.url}/core.wasm`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await cdn?.close();
  if (packed) rmSync(packed.work, { recursive: true, force: true });
});

describe('hosts that emit no wasm asset (esbuild)', () => {
  it('no .wasm is emitted beside the bundles', () => {
    expect(readdirSync(join(packed.app, 'public')).filter((f) => f.endsWith('.wasm'))).toEqual([]);
  });

  it.each([
    ['@mfe/universal-state/inline: the core is in the bundle, nothing is fetched for it', 'inline', () => ''],
    ['/core with the `wasm` option naming a URL on another origin', 'cdn', () => `#${cdnFile}`],
  ])('%s', async (_name, entry, hash) => {
    const tab = await browser.newPage();
    const errors = collectErrors(tab);
    const wasmRequests: string[] = [];
    tab.on('request', (r) => { if (/\.wasm$|universal_state_core/.test(new URL(r.url()).pathname)) wasmRequests.push(r.url()); });
    await tab.goto(`${site.url}/${entry}.html${hash()}`);
    await tab.waitForFunction(() => document.title !== 'loading');
    expect(await tab.title()).toBe('ready:{"greeting":{"text":"hi"}}');
    expect(await tab.evaluate(() => localStorage.getItem('mfe-state:greeting'))).toBe('{"text":"hi"}');
    expect(wasmRequests).toEqual(entry === 'cdn' ? [cdnFile] : []);
    expect(errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
    await tab.close();
  });
});

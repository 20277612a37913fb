// Two MFE bundles built separately, each with its own copy of the package (and of the wasm
// core), on one page in Chromium: the container's copy creates the global manager; the MFE's
// copy, built as another version, finds the same manager, recognises it with `instanceof`,
// writes through it, and runs its own manager on its own core. Exactly one console warning
// names both versions; nothing else reaches the console.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';
import { useBrowserSuite } from '../harness/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'us-two-copies-'));
const suite = useBrowserSuite(work);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const core = JSON.stringify(join(root, 'dist/core.js'));
const quiet = '{ persistent: false, crossTab: false, devtools: false }';

/** Builds one entry as its own production bundle into work/<name>/ (its own copy of everything). */
async function buildBundle(name: string, source: string, plugins: Plugin[] = []): Promise<void> {
  writeFileSync(join(work, `${name}.js`), source);
  await build({
    // Each bundle is served from its own folder, as MFEs are: asset URLs relative to it.
    root: work, configFile: false, logLevel: 'warn', plugins, base: `/${name}/`,
    build: {
      outDir: join(work, name), target: 'es2022', emptyOutDir: true,
      rollupOptions: { input: join(work, `${name}.js`), output: { entryFileNames: '[name].js' }, preserveEntrySignatures: 'strict' },
    },
  });
}

/** Makes the MFE's copy report another version, as an MFE built months earlier would. */
const olderVersion: Plugin = {
  name: 'older-version',
  load(id) {
    return id.endsWith(`${join('dist', 'version.js')}`) ? 'export const PACKAGE_VERSION = "1.9.0";' : null;
  },
};

describe('two separately built copies of the package on one page', () => {
  it('share the global manager, instanceof and writes; warn once for the two versions', async () => {
    if (!existsSync(join(root, 'dist/version.js'))) throw new Error('dist/ is not built: run npm run build');
    await buildBundle('container', `
      import { getGlobalStateManager } from ${core};
      const manager = getGlobalStateManager({ ...${quiet}, useValtio: true, initialState: { n: 1 } });
      window.containerManager = manager;
      window.containerSaw = [];
      manager.subscribe('fromMfe', (value) => window.containerSaw.push(value));
      window.containerReady = manager.ready;
    `);
    await buildBundle('mfe', `
      import { getGlobalStateManager, ValtioStateManager, UniversalStateManager } from ${core};
      const shared = getGlobalStateManager({ useValtio: true });
      const own = new ValtioStateManager({ ...${quiet}, initialState: { own: true } });
      shared.set('fromMfe', 'hello', 'mfe');
      Promise.all([window.containerReady, own.ready]).then(() => {
        document.title = JSON.stringify({
          same: shared === window.containerManager,
          isValtio: shared instanceof ValtioStateManager,
          isLegacy: shared instanceof UniversalStateManager,
          name: shared.constructor.name,
          containerSaw: window.containerSaw,
          containerCore: JSON.parse(window.containerManager.core.exportJson()),
          ownCore: JSON.parse(own.core.exportJson()),
        });
      }, (error) => { document.title = 'failed: ' + error; });
    `, [olderVersion]);
    // Two copies really: each bundle carries its own manager classes and its own wasm. A
    // bundle may be split into chunks (the lazily loaded parts), so read all of its JS.
    for (const name of ['container', 'mfe']) {
      expect(bundleText(join(work, name))).toContain('@mfe/universal-state/manager-kind');
    }
    writeFileSync(join(work, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><title>loading</title></head><body>' +
      '<script type="module" src="./container/container.js"></script><script type="module" src="./mfe/mfe.js"></script></body></html>');

    const page = await suite.browser.newPage();
    const messages: string[] = [];
    page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => messages.push(`pageerror: ${String(e)}`));
    const wasm: string[] = [];
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.wasm')) wasm.push(`${r.status()} ${new URL(r.url()).pathname.split('/')[1]}`);
      // The browser asks for /favicon.ico on its own; the page has none and needs none.
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${suite.url}/index.html`);
    await page.waitForFunction(() => document.title !== 'loading');
    const title = await page.title();
    expect(title.startsWith('{') ? JSON.parse(title) : { title, messages }).toEqual({
      same: true, isValtio: true, isLegacy: false, name: 'ValtioStateManager',
      containerSaw: ['hello'], containerCore: { n: 1, fromMfe: 'hello' }, ownCore: { own: true },
    });
    expect(wasm.sort()).toEqual(['200 container', '200 mfe']);
    const versionWarnings = messages.filter((m) => m.includes('versions of @mfe/universal-state'));
    expect(versionWarnings).toHaveLength(1);
    expect(versionWarnings[0]).toMatch(/^warning: .*2\.0\.0, 1\.9\.0/);
    expect(failed).toEqual([]);
    expect(messages.filter((m) => !versionWarnings.includes(m) && !m.includes('Failed to load resource'))).toEqual([]);
  });
});

/** Every .js file a bundle's build wrote, concatenated (entry and chunks). */
function bundleText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(join(dir, file), 'utf8'))
    .join('\n');
}

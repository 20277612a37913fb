// The package as a Vite app meets it: `npm pack` of the built dist/, installed from the
// tarball into an empty app, bundled by Vite, served and opened in Chromium. This is where
// the wasm URL trap lives (docs/toolchain.md, trap 11): the emscripten loader's
// `new URL('….wasm', import.meta.url)` must be rewritten by the consumer's bundler to an
// emitted asset, or the core never loads. Tests inside the repo cannot see that.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { collectErrors, useBrowserSuite } from '../harness/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'us-vite-consumer-'));
const app = join(work, 'app');
const run = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });

/** Packs dist/ (built by `npm test` before this tier), installs it offline, builds the app. */
function buildConsumerApp(): string {
  if (!existsSync(join(root, 'dist/index.js'))) run('bash', ['scripts/build.sh'], root);
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root)) as Array<{ filename: string }>;
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'vite-consumer', private: true, type: 'module' }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed[0]!.filename)], app);
  writeFileSync(join(app, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><title>loading</title></head><body><script type="module" src="./main.js"></script></body></html>');
  writeFileSync(join(app, 'main.js'), `
    import { ValtioStateManager } from '@mfe/universal-state/core';
    const manager = new ValtioStateManager({ persistent: false, crossTab: false, devtools: false });
    manager.set('greeting', { text: 'hi' }, 'consumer');
    const usableAtOnce = manager.get('greeting').text;
    manager.ready.then(
      () => { document.title = 'ready:' + usableAtOnce + ':' + manager.core.exportJson(); },
      (error) => { document.title = 'failed:' + error; },
    );
  `);
  return app;
}

const suite = useBrowserSuite(join(work, 'app', 'dist'));

describe('the packed package in a Vite app', () => {
  it('bundles the wasm as an asset and loads the real core in Chromium', async () => {
    try {
      await build({ root: buildConsumerApp(), logLevel: 'warn', configFile: false, build: { target: 'es2022' } });
      const assets = readdirSync(join(app, 'dist', 'assets'));
      expect(assets.some((f) => f.endsWith('.wasm'))).toBe(true);

      const page = await suite.browser.newPage();
      const errors = collectErrors(page);
      const wasmResponses: string[] = [];
      const failed: string[] = [];
      page.on('response', (r) => {
        if (r.url().endsWith('.wasm')) wasmResponses.push(`${r.status()} ${r.headers()['content-type']}`);
        // The browser asks for /favicon.ico on its own; the app has none and needs none.
        if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) failed.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${suite.url}/index.html`);
      await page.waitForFunction(() => document.title !== 'loading');
      expect(await page.title()).toBe('ready:hi:{"greeting":{"text":"hi"}}');
      expect(wasmResponses).toEqual(['200 application/wasm']);
      expect(failed).toEqual([]);
      expect(errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

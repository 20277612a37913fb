// A host app's production build renames classes; containers log `manager.constructor.name`
// to tell which manager runs. The built package is bundled and minified with esbuild (the
// minifier of Vite's and esbuild's production builds) and the names must survive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { repoRoot, run } from './packed-app.js';

let work = '';
let bundle = '';

beforeAll(async () => {
  if (!existsSync(join(repoRoot, 'dist/core.js'))) run('bash', ['scripts/build.sh'], repoRoot);
  mkdirSync(join(repoRoot, 'node_modules/.cache'), { recursive: true });
  work = mkdtempSync(join(repoRoot, 'node_modules/.cache/us-minified-'));
  writeFileSync(join(work, 'app.js'), `
    import { createStateManager } from ${JSON.stringify(join(repoRoot, 'dist/core.js'))};
    // The core never loads here: only the classes' names are under test.
    const never = () => new Promise(() => {});
    const quiet = { persistent: false, crossTab: false, devtools: false, loadCore: never };
    export const names = [createStateManager({ ...quiet, useValtio: true }), createStateManager(quiet)]
      .map((manager) => manager.constructor.name);
  `);
  bundle = join(work, 'bundle.js');
  await build({ entryPoints: [join(work, 'app.js')], bundle: true, minify: true, format: 'esm', platform: 'browser', outfile: bundle, logLevel: 'silent' });
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('class names after the host app minifies the package', () => {
  it('the minifier really renamed the classes (what this case is about)', () => {
    const code = readFileSync(bundle, 'utf8');
    expect(code).not.toMatch(/class ValtioStateManager\b/);
    expect(code).not.toMatch(/class UniversalStateManager\b/);
  });

  it('constructor.name is still ValtioStateManager / UniversalStateManager', async () => {
    const { names } = (await import(pathToFileURL(bundle).href)) as { names: string[] };
    expect(names).toEqual(['ValtioStateManager', 'UniversalStateManager']);
  });
});

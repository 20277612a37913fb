// Builds one host app with one bundler, in its own process (so the build sees a developer's
// environment, not the test runner's), with the bundler's defaults for a production build:
// minified, NODE_ENV=production. The bundler is loaded from the tools folder; everything the
// app imports is resolved from the app folder.
//   node bundle-app.mjs '{"tools":…,"app":…,"bundler":"vite|webpack|esbuild","entry":…,"outDir":…,"html":…}'
import { createRequire } from 'node:module';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const job = JSON.parse(process.argv[2]);
const fromTools = createRequire(join(job.tools, 'package.json'));
const outDir = join(job.app, job.outDir);

async function viteBuild() {
  const { build } = await import(pathToFileURL(fromTools.resolve('vite')).href);
  // No config file in the app: Vite's defaults, with the output folder and page named.
  await build({ root: job.app, logLevel: 'warn', build: { outDir, emptyOutDir: true, rollupOptions: { input: join(job.app, job.entry) } } });
}

async function webpackBuild() {
  const webpack = fromTools('webpack');
  const config = {
    mode: 'production',
    context: job.app,
    entry: `./${job.entry}`,
    output: { path: outDir, filename: 'main.js', clean: true, ...(job.uniqueName ? { uniqueName: job.uniqueName } : {}) },
  };
  const stats = await new Promise((resolve, reject) => webpack(config, (error, result) => (error ? reject(error) : resolve(result))));
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true, errorDetails: true }));
  if (job.html) writeFileSync(join(outDir, 'index.html'), job.html);
}

async function esbuildBuild() {
  const esbuild = fromTools('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    absWorkingDir: job.app,
    entryPoints: [job.entry],
    bundle: true,
    minify: true,
    format: 'esm',
    outfile: join(outDir, 'main.js'),
    logLevel: 'error',
  });
  if (job.html) writeFileSync(join(outDir, 'index.html'), job.html);
}

const builders = { vite: viteBuild, webpack: webpackBuild, esbuild: esbuildBuild };
try {
  await builders[job.bundler]();
} catch (error) {
  console.error(error?.stack ?? String(error));
  process.exit(1);
}

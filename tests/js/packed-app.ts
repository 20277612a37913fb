/**
 * The package as an app outside the repo gets it: `npm pack` of the built dist/, installed
 * into a temporary folder under the OS temp dir from the npm cache, with only the framework
 * packages a case asks for. `provesAbsent` checks the environment a case relies on: a package
 * the case says is missing really cannot be resolved from the app (no node_modules above it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// From the file path, not `new URL(...)`: under happy-dom the global URL is the DOM's.
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const run = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });

/** The repo's own version of a dev dependency, so the install is served from the npm cache. */
export const repoVersion = (name: string): string =>
  (JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/** Builds dist/ if this file runs alone, packs it, and returns the work folder and tarball. */
export function packTarball(prefix: string): { work: string; tarball: string } {
  if (!existsSync(join(repoRoot, 'dist/node/index.js'))) run('bash', ['scripts/build.sh'], repoRoot);
  const work = mkdtempSync(join(tmpdir(), prefix));
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], repoRoot)) as Array<{ filename: string }>;
  return { work, tarball: join(work, packed[0]!.filename) };
}

/** An ESM app in `work/name` with the tarball and `packages` (name@version) installed. */
export function installApp(work: string, name: string, tarball: string, packages: string[] = []): string {
  const app = join(work, name);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, ...packages], app);
  return app;
}

/** Throws unless none of `packages` resolves from `app` and no folder above it has node_modules. */
export function provesAbsent(app: string, packages: string[]): void {
  const require = createRequire(join(app, 'package.json'));
  for (const name of packages) {
    let resolved: string | null = null;
    try {
      resolved = require.resolve(name);
    } catch {
      // expected: not installed
    }
    if (resolved !== null) throw new Error(`${name} resolves from ${app} (${resolved}); the case needs it absent`);
  }
  for (let dir = dirname(app); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) throw new Error(`${dir}/node_modules exists above the app and could leak packages into it`);
    if (dir === dirname(dir)) break;
  }
}

/** Runs an ES module script in plain node inside the app; returns the last stdout line as JSON. */
export function runInApp<T>(app: string, file: string, source: string): T {
  writeFileSync(join(app, file), source);
  const out = run('node', [file], app).trim().split('\n');
  return JSON.parse(out[out.length - 1]!) as T;
}

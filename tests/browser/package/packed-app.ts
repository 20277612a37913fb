// A temporary app outside the repo with the packed package installed from its tarball, as a
// user's app has it: `npm pack` of the built dist/, `npm install --prefer-offline` of the tarball
// (its dependencies from the npm cache that setup filled, the registry only for what is missing).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export const run = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });

export interface PackedApp {
  /** The temporary folder holding the tarball and the app; remove it when done. */
  work: string;
  /** The app folder (package.json, node_modules/@mfe/universal-state). */
  app: string;
}

/**
 * Packs dist/ (built first when missing) and installs the tarball into a new empty app, with
 * `extraPackages` (e.g. a framework the app uses) from the npm cache.
 */
export function createPackedApp(prefix: string, files: Record<string, string>, extraPackages: string[] = []): PackedApp {
  if (!existsSync(join(root, 'dist/index.js'))) run('bash', ['scripts/build.sh'], root);
  const work = mkdtempSync(join(tmpdir(), prefix));
  const app = join(work, 'app');
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root)) as Array<{ filename: string }>;
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'packed-app', private: true, type: 'module' }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed[0]!.filename), ...extraPackages], app);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(app, name), text);
  return { work, app };
}

/**
 * `npx @mfe/universal-state-codemod` as users get it: the codemod package (packages/codemod)
 * packed, installed from the tarball into an empty folder (offline), and the bins npm links
 * run on a legacy fixture MFE. This is what proves the parsers the CLI needs are
 * dependencies of the codemod package (and no longer of the main package).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixtures, repoRoot } from './codemod-helpers.js';

const exec = promisify(execFile);
let work = '';
let bin = '';
let legacyBin = '';

beforeAll(async () => {
  const codemod = join(repoRoot, 'packages/codemod');
  // `npm test` builds before the node tier; a bare run of this file builds what is missing.
  if (!existsSync(join(codemod, 'dist/bin.js'))) execFileSync('bash', ['scripts/build.sh'], { cwd: repoRoot, stdio: 'ignore' });
  work = await mkdtemp(join(tmpdir(), 'codemod-pack-'));
  const env = { ...process.env, npm_config_update_notifier: 'false' };
  const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', work], { cwd: codemod, env });
  const tarball = join(work, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
  const app = join(work, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'mfe', private: true, type: 'module' }));
  await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: app, env });
  bin = join(app, 'node_modules/.bin/universal-state-codemod');
  legacyBin = join(app, 'node_modules/.bin/universal-state');
  await cp(join(fixtures, 'react-mfe'), join(app, 'react-mfe'), { recursive: true });
  await cp(join(fixtures, 'vue-mfe'), join(app, 'vue-mfe'), { recursive: true });
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function cli(args: string[], command = bin): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd: join(work, 'app') });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the installed @mfe/universal-state-codemod', () => {
  it('links universal-state-codemod (what npx runs) and the old name universal-state, both executable', async () => {
    expect(((await stat(bin)).mode & 0o111) !== 0).toBe(true);
    expect(((await stat(legacyBin)).mode & 0o111) !== 0).toBe(true);
    expect((await cli(['migrate', '--check', 'react-mfe'], legacyBin)).code).toBe(1);
  });

  it('brings its parsers, and not the state manager', async () => {
    const installed = await readdir(join(work, 'app/node_modules/@mfe'));
    expect(installed).toEqual(['universal-state-codemod']);
    for (const dep of ['@babel/parser', '@babel/types', '@vue/compiler-sfc']) {
      expect(existsSync(join(work, 'app/node_modules', dep, 'package.json'))).toBe(true);
    }
  });

  it('checks, rewrites and re-checks the React and Vue fixtures', async () => {
    for (const mfe of ['react-mfe', 'vue-mfe']) {
      const check = await cli(['migrate', '--check', mfe]);
      expect(check.code).toBe(1);
      expect(check.stdout).toMatch(/3 legacy patterns \(3 fixable with --write, 0 need a human\)/);
      expect((await cli(['migrate', '--write', mfe])).code).toBe(0);
      expect((await cli(['migrate', '--check', mfe])).code).toBe(0);
      const rewritten = await readFile(join(work, 'app', mfe, 'src/App.' + (mfe === 'react-mfe' ? 'tsx' : 'vue')), 'utf8');
      expect(rewritten).toBe(await readFile(join(fixtures, 'expected', mfe, 'src/App.' + (mfe === 'react-mfe' ? 'tsx' : 'vue')), 'utf8'));
    }
  });

  it('exits 2 with usage on a bad call', async () => {
    const res = await cli(['migrate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('usage: universal-state migrate');
  });
});

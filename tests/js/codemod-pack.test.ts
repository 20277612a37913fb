/**
 * `npx universal-state` as users get it: the package packed, installed from the tarball
 * into an empty folder (offline), and the bin npm links run on a legacy fixture MFE.
 * This is what proves the parsers the CLI needs are real dependencies, not dev ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixtures, repoRoot } from './codemod-helpers.js';

const exec = promisify(execFile);
let work = '';
let bin = '';

beforeAll(async () => {
  const built = existsSync(join(repoRoot, 'dist/cli/universal-state.js')) && existsSync(join(repoRoot, 'dist/wasm/generated')) &&
    readdirSync(join(repoRoot, 'dist/wasm/generated')).some((f) => f.endsWith('.wasm'));
  // `npm test` builds before the node tier; a bare run of this file builds what is missing.
  if (!built) execFileSync('bash', ['scripts/build.sh'], { cwd: repoRoot, stdio: 'ignore' });
  work = await mkdtemp(join(tmpdir(), 'codemod-pack-'));
  const env = { ...process.env, npm_config_update_notifier: 'false' };
  const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', work], { cwd: repoRoot, env });
  const tarball = join(work, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
  const app = join(work, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'mfe', private: true, type: 'module' }));
  await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: app, env });
  bin = join(app, 'node_modules/.bin/universal-state');
  await cp(join(fixtures, 'react-mfe'), join(app, 'react-mfe'), { recursive: true });
  await cp(join(fixtures, 'vue-mfe'), join(app, 'vue-mfe'), { recursive: true });
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(bin, args, { cwd: join(work, 'app') });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the installed universal-state bin', () => {
  it('is linked by npm and executable', async () => {
    expect(((await stat(bin)).mode & 0o111) !== 0).toBe(true);
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

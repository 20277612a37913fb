// The mixed-deploy test builds the previous release from git history. Where that history is
// missing (CI's shallow clones, a source tarball) it must fail and say how to fix it, never
// pass without having run an old tab.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertOldReleaseInHistory, ensureOldRelease, OLD_RELEASE_COMMIT, REPO } from './old-release.js';

let dir: string;
const savedCache = process.env.MFE_OLD_RELEASE_CACHE;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mixed-history-'));
  delete process.env.MFE_OLD_RELEASE_CACHE; // the cache must not stand in for the history
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (savedCache !== undefined) process.env.MFE_OLD_RELEASE_CACHE = savedCache;
});

it('finds the previous release in this checkout', () => {
  expect(() => assertOldReleaseInHistory(REPO)).not.toThrow();
});

it('fails with what to do in a shallow clone', async () => {
  const shallow = join(dir, 'shallow');
  execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${REPO}`, shallow], { stdio: 'pipe' });
  expect(execFileSync('git', ['-C', shallow, 'rev-parse', '--is-shallow-repository'], { encoding: 'utf8' }).trim()).toBe('true');
  expect(() => assertOldReleaseInHistory(shallow)).toThrow(/shallow clone.*git fetch --unshallow/);
  await expect(ensureOldRelease(shallow)).rejects.toThrow(new RegExp(`${OLD_RELEASE_COMMIT}.*not in this clone's history`));
});

it('fails with what to do outside a git checkout', async () => {
  const plain = join(dir, 'plain');
  execFileSync('mkdir', ['-p', plain]);
  await expect(ensureOldRelease(plain)).rejects.toThrow(/not a git checkout/);
});

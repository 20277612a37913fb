// The previous release's test tab, built from git history: the reliability page of the last
// commit of main before tabs exchanged binary messages, with that commit's own wasm core and
// TypeScript shim. Built once into a cache folder keyed by the commit and reused by later runs.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const REPO = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * main's first parent of the merge that brought binary tab-to-tab messages: the last build
 * whose tabs spoke only text. Its tabs are what stays open while a deploy of the binary form
 * rolls out.
 */
export const OLD_RELEASE_COMMIT = '4bdbd65c3f28d71cecf2bdfe2224bd5654554dd1';

/** Where the old build is kept between runs (override with MFE_OLD_RELEASE_CACHE). */
export function oldReleaseCacheDir(repo = REPO): string {
  return process.env.MFE_OLD_RELEASE_CACHE ?? join(repo, 'build', 'old-release', OLD_RELEASE_COMMIT.slice(0, 12));
}

/**
 * The long steps run without blocking the test worker's event loop: a worker blocked for a
 * minute misses its runner's calls and the run reports an error.
 */
const run = promisify(execFile);
const runStep = async (file: string, args: string[], cwd: string): Promise<void> => {
  try {
    await run(file, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`mixed-deploy: building the previous release failed at \`${file} ${args.join(' ')}\` in ${cwd}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
};

function git(repo: string, args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/**
 * Throws, with what to do about it, when the clone does not hold the old commit: a shallow
 * clone (CI's default depth 1) or a source tree without git. A mixed-deploy test that cannot
 * build the old release must fail, not pass without having tested anything.
 */
export function assertOldReleaseInHistory(repo = REPO): void {
  let shallow = 'unknown';
  try {
    shallow = git(repo, ['rev-parse', '--is-shallow-repository']);
  } catch (error) {
    throw new Error(`mixed-deploy: ${repo} is not a git checkout, so the previous release (commit ${OLD_RELEASE_COMMIT}) cannot be built from history. Run this test from a git clone with full history. (${String(error).split('\n')[0]})`);
  }
  try {
    git(repo, ['cat-file', '-e', `${OLD_RELEASE_COMMIT}^{commit}`]);
  } catch {
    const hint = shallow === 'true'
      ? 'this is a shallow clone: fetch the full history first (`git fetch --unshallow`, or actions/checkout with fetch-depth: 0)'
      : 'fetch main\'s full history into this clone';
    throw new Error(`mixed-deploy: the previous release, commit ${OLD_RELEASE_COMMIT}, is not in this clone's history; ${hint}. The test builds that release from git to run a real tab of it.`);
  }
}

export interface OldRelease {
  /** Folder holding reliability/index.html and its assets, built from the old commit. */
  pagesDir: string;
  /** True when this call built it (false: taken from the cache). */
  built: boolean;
  /** Seconds spent building (wasm, then the page bundle), when built now. */
  seconds?: { wasm: number; pages: number };
}

/** Builds the old release's reliability page into the cache unless it is already there. */
export async function ensureOldRelease(repo = REPO): Promise<OldRelease> {
  const cache = oldReleaseCacheDir(repo);
  const pagesDir = join(cache, 'pages');
  const stamp = join(cache, 'built.json');
  if (existsSync(stamp) && existsSync(join(pagesDir, 'reliability', 'index.html'))) return { pagesDir, built: false };
  assertOldReleaseInHistory(repo);

  rmSync(cache, { recursive: true, force: true });
  const src = join(cache, 'src');
  mkdirSync(src, { recursive: true });
  await runStep('bash', ['-c', 'set -o pipefail; git -C "$1" archive "$2" | tar -x -C "$3"', 'archive', repo, OLD_RELEASE_COMMIT, src], repo);
  // The old commit's packages are used as they were locked then: when its lock file is the
  // same as this checkout's, the installed node_modules are shared; otherwise installed anew.
  const sameLock = readFileSync(join(src, 'package-lock.json'), 'utf8') === readFileSync(join(repo, 'package-lock.json'), 'utf8');
  if (sameLock) symlinkSync(join(repo, 'node_modules'), join(src, 'node_modules'), 'dir');
  else await runStep('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], src);

  const t0 = Date.now();
  await runStep('bash', ['scripts/build-wasm.sh'], src);
  const t1 = Date.now();
  const pagesRoot = join(src, 'tests/browser/pages');
  const staging = `${pagesDir}.partial`;
  await build({
    configFile: false,
    root: pagesRoot,
    base: './',
    logLevel: 'warn',
    resolve: {
      // The aliases the old commit's own page build used, pointed at the old sources.
      alias: [
        { find: /^@mfe\/universal-state\/core$/, replacement: join(src, 'js-shim/core.ts') },
        { find: /^@mfe\/universal-state$/, replacement: join(src, 'js-shim/index.ts') },
      ],
    },
    build: {
      outDir: staging,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      rollupOptions: { input: { 'reliability/index': join(pagesRoot, 'reliability/index.html') } },
    },
  });
  const t2 = Date.now();
  rmSync(pagesDir, { recursive: true, force: true });
  renameSync(staging, pagesDir);
  const seconds = { wasm: (t1 - t0) / 1000, pages: (t2 - t1) / 1000 };
  writeFileSync(stamp, JSON.stringify({ commit: OLD_RELEASE_COMMIT, seconds, at: new Date().toISOString() }, null, 2));
  return { pagesDir, built: true, seconds };
}

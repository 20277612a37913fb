// The build scripts on a machine in any state: a CMake configure that failed once (emscripten
// not installed yet) must not poison later builds, and `npm run build` alone must install
// what it needs before compiling. The scripts run for real in a temporary folder, with
// stand-ins for cmake, setup and tsc that log what they were asked to do.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const temps: string[] = [];
afterEach(() => { for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true }); });

/** A folder with copies of the named scripts and executable stand-ins; returns helpers. */
function sandbox(scripts: string[], stubs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'us-build-scripts-'));
  temps.push(dir);
  mkdirSync(join(dir, 'scripts'));
  mkdirSync(join(dir, 'bin'));
  for (const s of scripts) copyFileSync(join(repo, 'scripts', s), join(dir, 'scripts', s));
  for (const [path, body] of Object.entries(stubs)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(join(dir, path), 0o755);
  }
  const run = (script: string, args: string[] = [], env: Record<string, string> = {}) => spawnSync('bash', [join(dir, 'scripts', script), ...args], {
    cwd: dir, encoding: 'utf8',
    // Offline: a script that fell through to `npx tsc` must fail here, not download a package.
    env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}`, LOG: join(dir, 'log'), npm_config_offline: 'true', ...env },
  });
  const log = () => (existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8').trim().split('\n') : []);
  return { dir, run, log };
}

// cmake as a configure leaves it: CONFIGURE=fail writes the cache and fails (a compiler not
// found), otherwise it writes the cache and the Makefile; --build needs the Makefile, as make does.
const FAKE_CMAKE = `
echo "cmake $*" >> "$LOG"
if [ "$1" = "--preset" ]; then
  mkdir -p "build/$2"; echo cache > "build/$2/CMakeCache.txt"
  if [ "$CONFIGURE" = fail ]; then echo "CMake Error: CMAKE_CXX_COMPILER not found" >&2; exit 1; fi
  echo all: > "build/$2/Makefile"; exit 0
fi
if [ "$1" = "--build" ]; then
  [ -f "build/$3/Makefile" ] || { echo "make: *** No targets specified and no makefile found.  Stop." >&2; exit 2; }
  mkdir -p build/wasm-debug/out; echo wasm > build/wasm-debug/out/universal_state_core.wasm; echo glue > build/wasm-debug/out/universal_state_core.mjs
fi`;

describe('a CMake configure that failed once', () => {
  const scripts = ['build-wasm.sh', 'cmake-configure.sh'];

  it('is redone by the next build instead of failing it with "make: No such file"', () => {
    const box = sandbox(scripts, { 'bin/cmake': FAKE_CMAKE });
    mkdirSync(join(box.dir, 'build/wasm-debug'), { recursive: true });
    writeFileSync(join(box.dir, 'build/wasm-debug/CMakeCache.txt'), 'half-made cache of a configure that failed\n');
    const result = box.run('build-wasm.sh', ['wasm-debug']);
    expect(result.stderr).not.toContain('No targets specified');
    expect(result.status).toBe(0);
    expect(box.log()).toEqual(['cmake --preset wasm-debug', 'cmake --build --preset wasm-debug -- --no-print-directory']);
  });

  it('that fails now leaves nothing behind, so the build after it configures afresh', () => {
    const box = sandbox(scripts, { 'bin/cmake': FAKE_CMAKE });
    const failed = box.run('build-wasm.sh', ['wasm-debug'], { CONFIGURE: 'fail' });
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain('CMAKE_CXX_COMPILER not found');
    expect(existsSync(join(box.dir, 'build/wasm-debug'))).toBe(false);
    const next = box.run('build-wasm.sh', ['wasm-debug']);
    expect(next.status).toBe(0);
    expect(box.log().filter((l) => l.startsWith('cmake --preset'))).toHaveLength(2);
  });

  it('a complete configure is kept (no reconfigure on every build)', () => {
    const box = sandbox(scripts, { 'bin/cmake': FAKE_CMAKE });
    expect(box.run('build-wasm.sh', ['wasm-debug']).status).toBe(0);
    expect(box.run('build-wasm.sh', ['wasm-debug']).status).toBe(0);
    expect(box.log().filter((l) => l.startsWith('cmake --preset'))).toHaveLength(1);
  });
});

describe('`npm run build` on a fresh clone', () => {
  it('installs what is missing before compiling, and compiles with the installed tsc', () => {
    // setup.sh is what installs node_modules (here: the tsc stand-in); before it ran, there is no tsc.
    const box = sandbox(['build.sh'], {
      // The tsc stand-in makes the folder its project compiles to (dist/, or the codemod's).
      'scripts/setup.sh': 'echo setup >> "$LOG"; mkdir -p node_modules/.bin; printf \'#!/usr/bin/env bash\\necho "tsc $*" >> "$LOG"; mkdir -p dist packages/codemod/dist; touch packages/codemod/dist/bin.js\\n\' > node_modules/.bin/tsc; chmod +x node_modules/.bin/tsc',
      'scripts/build-wasm.sh': 'echo build-wasm >> "$LOG"; mkdir -p js-shim/wasm/generated; touch js-shim/wasm/generated/a.mjs js-shim/wasm/generated/a.wasm',
      'scripts/build-node-entries.mjs': '',
      'package.json': '',
    });
    writeFileSync(join(box.dir, 'package.json'), '{"version":"0.0.0-test"}');
    writeFileSync(join(box.dir, 'scripts/build-node-entries.mjs'), 'import { appendFileSync } from "node:fs"; appendFileSync(process.env.LOG, "node-entries\\n");');
    const result = box.run('build.sh');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(box.log()).toEqual(['setup', 'build-wasm', 'tsc -p tsconfig.json', 'node-entries', 'tsc -p packages/codemod/tsconfig.json']);
    expect(readFileSync(join(box.dir, 'dist/version.js'), 'utf8')).toContain('0.0.0-test');
    expect(existsSync(join(box.dir, 'dist/wasm/generated/a.wasm'))).toBe(true);
  });
});

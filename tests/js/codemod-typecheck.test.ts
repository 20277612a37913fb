/**
 * The rewritten fixtures type-check against the package's real source (paths map
 * `@mfe/universal-state`, `/react` and `/vue` to js-shim), and so do the legacy originals:
 * the rewrite must not turn a compiling MFE into one that does not. Vue files are compiled
 * with @vue/compiler-sfc's compileScript first (what a Vue build does), written next to
 * them as `X.vue.ts`, which is where `import X from './X.vue'` resolves under Bundler rules.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { compileScript, parse } from '@vue/compiler-sfc';
import { fixtures, repoRoot, run } from './codemod-helpers.js';

const exec = promisify(execFile);
const work = join(repoRoot, 'build/codemod-typecheck');

async function vueToTs(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.vue')) continue;
    const file = join(entry.parentPath, entry.name);
    const { descriptor } = parse(await readFile(file, 'utf8'), { filename: file });
    const compiled = compileScript(descriptor, { id: entry.name, fs: undefined });
    await writeFile(`${file}.ts`, compiled.content);
  }
}

async function tsc(files: string[]): Promise<{ code: number; output: string }> {
  const js = (p: string) => [join(repoRoot, 'js-shim', p)];
  const config = {
    compilerOptions: {
      target: 'ES2022', module: 'ES2022', moduleResolution: 'Bundler', strict: true, noEmit: true,
      skipLibCheck: true, jsx: 'react-jsx', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: ['node'],
      // Ambient declarations of js-shim (e.g. the generated wasm module's types).
      paths: {
        '@mfe/universal-state': js('index.ts'), '@mfe/universal-state/core': js('core.ts'),
        '@mfe/universal-state/react': js('react/index.ts'), '@mfe/universal-state/vue': js('vue/index.ts'),
        '@mfe/universal-state/valtio': js('valtio-interop/index.ts'), '@mfe/universal-state/valtio/react': js('valtio-interop/react.ts'),
      },
    },
    files,
    include: [join(repoRoot, 'js-shim/**/*.d.ts')],
  };
  await writeFile(join(work, 'tsconfig.json'), JSON.stringify(config, null, 2));
  try {
    const { stdout } = await exec(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(work, 'tsconfig.json'), '--listFiles'], { cwd: work, maxBuffer: 1 << 26 });
    return { code: 0, output: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, output: e.stdout };
  }
}

const roots: string[] = [];

// Each fixture MFE, the file that imports all of it, and the exit code of --write on it
// (1 where the fixture keeps patterns for a human on purpose).
const MFES = [
  { mfe: 'react-mfe', root: 'src/mount.tsx', exit: 0 },
  { mfe: 'vue-mfe', root: 'src/mount.ts', exit: 0 },
  { mfe: 'react-effects', root: 'src/mount.tsx', exit: 1 },
  { mfe: 'vue-effects', root: 'src/mount.ts', exit: 1 },
  { mfe: 'valtio-mfe', root: 'src/sync.ts', exit: 1 },
  { mfe: 'valtio-mfe', root: 'src/CartBadge.tsx', exit: 1 },
];

beforeAll(async () => {
  await rm(work, { recursive: true, force: true });
  for (const variant of ['legacy', 'rewritten']) {
    for (const { mfe, root, exit } of MFES) {
      const dir = join(work, variant, mfe);
      roots.push(join(dir, root));
      if (existsSync(dir)) continue;
      await mkdir(dir, { recursive: true });
      await cp(join(fixtures, mfe), dir, { recursive: true });
      if (variant === 'rewritten') expect((await run(['migrate', '--write', dir])).code).toBe(exit);
      await vueToTs(dir);
    }
  }
});

describe('rewritten fixtures', () => {
  it('type-check with tsc --noEmit against js-shim, like the legacy originals', async () => {
    const result = await tsc(roots);
    expect(result.output.split('\n').filter((l) => l.includes('error TS'))).toEqual([]);
    expect(result.code).toBe(0);
    // The check really covered the rewritten components and the package's hook sources.
    const listed = result.output.split('\n');
    for (const f of [
      'rewritten/react-mfe/src/App.tsx', 'rewritten/react-mfe/src/Counter.tsx', 'rewritten/vue-mfe/src/App.vue.ts', 'rewritten/vue-mfe/src/UserCard.vue.ts',
      'rewritten/react-effects/src/Header.tsx', 'rewritten/react-effects/src/Counter.tsx', 'rewritten/vue-effects/src/App.vue.ts',
      'rewritten/vue-effects/src/UserCard.vue.ts', 'rewritten/valtio-mfe/src/sync.ts', 'legacy/valtio-mfe/src/sync.ts',
      'js-shim/react/index.ts', 'js-shim/vue/index.ts', 'js-shim/valtio-interop/index.ts', 'js-shim/valtio-interop/react.ts',
    ]) {
      expect(listed.some((l) => l.endsWith(f))).toBe(true);
    }
  });

  it('a type error in rewritten code is caught (the check is not vacuous)', async () => {
    const app = join(work, 'rewritten/react-mfe/src/App.tsx');
    const text = await readFile(app, 'utf8');
    await writeFile(app, text.replace("const [theme] = useGlobalState<string>('theme');", "const [theme] = useGlobalState<string>('theme');\n  const wrong: number = theme;"));
    try {
      const result = await tsc(roots);
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/App\.tsx\(\d+,\d+\): error TS2322/);
    } finally {
      await writeFile(app, text);
    }
  });
});

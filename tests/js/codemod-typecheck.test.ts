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
      paths: { '@mfe/universal-state': js('index.ts'), '@mfe/universal-state/react': js('react/index.ts'), '@mfe/universal-state/vue': js('vue/index.ts') },
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

beforeAll(async () => {
  await rm(work, { recursive: true, force: true });
  for (const variant of ['legacy', 'rewritten']) {
    for (const mfe of ['react-mfe', 'vue-mfe']) {
      const dir = join(work, variant, mfe);
      await mkdir(dir, { recursive: true });
      await cp(join(fixtures, mfe), dir, { recursive: true });
      if (variant === 'rewritten') expect((await run(['migrate', '--write', dir])).code).toBe(0);
      await vueToTs(dir);
      roots.push(join(dir, 'src/mount.' + (mfe === 'react-mfe' ? 'tsx' : 'ts')));
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
    for (const f of ['rewritten/react-mfe/src/App.tsx', 'rewritten/react-mfe/src/Counter.tsx', 'rewritten/vue-mfe/src/App.vue.ts', 'rewritten/vue-mfe/src/UserCard.vue.ts', 'js-shim/react/index.ts', 'js-shim/vue/index.ts']) {
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

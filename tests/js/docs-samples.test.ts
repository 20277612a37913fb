// @vitest-environment happy-dom
/**
 * Every TypeScript sample in docs/ (every folder) and README.md is checked, so the guides
 * cannot drift from the package:
 *   ```ts run     executed here against the real source (js-shim) and the real wasm core,
 *                 in a DOM-like environment with localStorage and BroadcastChannel; a
 *                 sample asserts what it claims with node:assert, so a wrong doc fails.
 *   ```ts check / ```tsx check   type-checked with tsc against js-shim (components and
 *                 other code that needs a renderer to run).
 *   ```tsx codemod-before + ```tsx codemod-after (or ```vue): the "before" run through
 *                 `universal-state migrate --write` must give the "after" byte for byte;
 *                 TS ones are type-checked too.
 *   ```ts core-api   the boundary's interfaces as docs/internals/contracts.md shows them:
 *                 compared, declaration by declaration, with js-shim/wasm/core-api.ts.
 * A ts/tsx/js/vue fence with none of these tags fails the suite: nothing in the guides goes
 * unchecked.
 * The import specifiers `@mfe/universal-state[/react|/vue|/core|/valtio|/valtio/react]` are pointed at js-shim by
 * editing the import nodes Babel finds, exactly as a bundler alias would resolve them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ts from 'typescript';
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { parseScript } from '../../packages/codemod/src/source.js';
import { applyEdits } from '../../packages/codemod/src/edits.js';
import { readTree, repoRoot, run, tempTree } from './codemod-helpers.js';

const exec = promisify(execFile);
const docsDir = join(repoRoot, 'docs');
const outDir = join(repoRoot, 'build/docs-samples');

const ENTRY: Record<string, string> = {
  '@mfe/universal-state': 'index.ts',
  '@mfe/universal-state/core': 'core.ts',
  '@mfe/universal-state/inline': 'inline.ts',
  '@mfe/universal-state/react': 'react/index.ts',
  '@mfe/universal-state/vue': 'vue/index.ts',
  '@mfe/universal-state/valtio': 'valtio-interop/index.ts',
  '@mfe/universal-state/valtio/react': 'valtio-interop/react.ts',
  '@mfe/universal-state/remote-nats': 'remote/nats.ts',
};

interface Sample {
  doc: string;
  line: number;
  lang: string;
  mode: 'run' | 'check' | 'before' | 'after' | 'core-api' | null;
  code: string;
}

/** Fenced blocks of a markdown file, read line by line (fences are markdown, not code). */
function fencedBlocks(doc: string, text: string): Sample[] {
  const samples: Sample[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i]!.match(/^```(\S+)?(?:\s+(.*))?$/);
    if (!open || !open[1]) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
    const tag = (open[2] ?? '').trim();
    const modes = { run: 'run', check: 'check', 'codemod-before': 'before', 'codemod-after': 'after', 'core-api': 'core-api' } as const;
    samples.push({ doc, line: start + 1, lang: open[1], mode: modes[tag as keyof typeof modes] ?? null, code: body.join('\n') + '\n' });
  }
  return samples;
}

/** The sample with its package imports pointed at js-shim (edits at the import nodes). */
function resolveImports(sample: Sample, fromDir: string): string {
  const plugins = sample.lang === 'tsx' ? (['typescript', 'jsx'] as const) : (['typescript'] as const);
  const ast = parseScript(`${sample.doc}:${sample.line}`, sample.code, [...plugins]);
  const edits = ast.program.body.flatMap((s) => {
    if ((s.type !== 'ImportDeclaration' && s.type !== 'ExportNamedDeclaration' && s.type !== 'ExportAllDeclaration') || !s.source) return [];
    const entry = ENTRY[s.source.value];
    if (!entry) return [];
    const target = join(repoRoot, 'js-shim', entry).replace(/\.ts$/, '.js');
    const rel = relative(fromDir, target).split('\\').join('/');
    return [{ start: s.source.start!, end: s.source.end!, text: JSON.stringify(rel.startsWith('.') ? rel : `./${rel}`) }];
  });
  return applyEdits(sample.code, edits);
}

// Sub-folders too (docs/internals/): a page does not escape the checks by where it lives.
const docFiles = (await readdir(docsDir, { recursive: true }))
  .map((f) => f.split('\\').join('/'))
  .filter((f) => f.endsWith('.md'))
  .sort();
const samples: Sample[] = [];
for (const f of docFiles) samples.push(...fencedBlocks(`docs/${f}`, await readFile(join(docsDir, f), 'utf8')));
// The README's examples (the power features) are held to the same rule as the guides.
samples.push(...fencedBlocks('README.md', await readFile(join(repoRoot, 'README.md'), 'utf8')));
const sampleDocs = [...docFiles.map((f) => `docs/${f}`), 'README.md'];
const code = samples.filter((s) => ['ts', 'tsx', 'js', 'jsx', 'typescript', 'javascript', 'vue'].includes(s.lang));
/** Each codemod-before with the codemod-after that follows it. */
const pairs = code.flatMap((s, i) => (s.mode === 'before' && code[i + 1]?.mode === 'after' ? [[s, code[i + 1]!] as const] : []));

describe('docs samples', () => {
  it('every guide exists and has runnable samples', () => {
    for (const f of ['architecture.md', 'migration-guide.md', 'rollout-runbook.md', 'codemod.md', 'internals/contracts.md']) expect(docFiles).toContain(f);
    expect(code.filter((s) => s.mode === 'run').length).toBeGreaterThanOrEqual(8);
  });

  it('no TypeScript/JavaScript sample is left unchecked', () => {
    expect(code.filter((s) => s.mode === null).map((s) => `${s.doc}:${s.line}`)).toEqual([]);
  });

  it('every `check` sample type-checks against js-shim', async () => {
    const checks = code.filter((s) => s.mode === 'check' || ((s.mode === 'before' || s.mode === 'after') && s.lang !== 'vue'));
    if (checks.length === 0) return;
    const dir = join(outDir, 'check');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const files: string[] = [];
    const origin = new Map<string, string>();
    for (const [i, s] of checks.entries()) {
      const name = `sample${i}.${s.lang === 'tsx' ? 'tsx' : 'ts'}`;
      // Each sample is its own module, so two samples may declare the same names.
      await writeFile(join(dir, name), `${resolveImports(s, dir)}\nexport {};\n`);
      files.push(join(dir, name));
      origin.set(name, `${s.doc} (sample at line ${s.line})`);
    }
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022', module: 'ES2022', moduleResolution: 'Bundler', strict: true, noEmit: true, skipLibCheck: true,
        jsx: 'react-jsx', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: ['node'], allowImportingTsExtensions: true,
      },
      files,
      include: [join(repoRoot, 'js-shim/**/*.d.ts')],
    };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const result = await exec(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dir }).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    );
    // Name the doc and sample a reader can find, not the temp file.
    let readable = result;
    for (const [name, where] of origin) readable = readable.split(name).join(where);
    expect(readable).toBe('');
  });
});

describe('codemod samples', () => {
  it('every codemod-before has its codemod-after', () => {
    expect(code.filter((s) => s.mode === 'before' || s.mode === 'after')).toHaveLength(pairs.length * 2);
    expect(pairs.length).toBeGreaterThanOrEqual(2);
  });

  it.each(pairs.map(([before, after]) => [`${before.doc}:${before.line}`, before, after] as const))('%s: --write gives the "after" sample', async (_where, before, after) => {
    const dir = await tempTree({ [`src/Sample.${before.lang}`]: before.code });
    const result = await run(['migrate', '--write', dir]);
    expect(result.err).toBe('');
    expect((await readTree(dir))[`src/Sample.${before.lang}`]).toBe(after.code);
  });
});

const withRuns = sampleDocs.filter((f) => code.some((s) => s.doc === f && s.mode === 'run'));

describe.each(withRuns)('runnable samples in %s', (file) => {
  const runs = code.filter((s) => s.doc === file && s.mode === 'run');
  beforeEach(() => localStorage.clear());
  afterEach(() => localStorage.clear());
  it.each(runs.map((s) => [`line ${s.line}`, s] as const))('%s', async (_name, sample) => {
    await mkdir(outDir, { recursive: true });
    const file = join(outDir, `${sample.doc.replace(/\W/g, '_')}_${sample.line}.ts`);
    await writeFile(file, resolveImports(sample, outDir));
    await import(/* @vite-ignore */ pathToFileURL(file).href);
  });
});

/**
 * The interfaces and type aliases of a TypeScript text, each printed without comments or
 * `export` and with whitespace collapsed, so only what the compiler sees is compared.
 */
function declarations(name: string, text: string): Map<string, string> {
  const file = ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const printer = ts.createPrinter({ removeComments: true });
  const out = new Map<string, string>();
  const notExport = (mods: readonly ts.ModifierLike[] | undefined) => mods?.filter((m) => m.kind !== ts.SyntaxKind.ExportKeyword);
  for (const st of file.statements) {
    let node: ts.Node;
    if (ts.isInterfaceDeclaration(st)) {
      node = ts.factory.updateInterfaceDeclaration(st, notExport(st.modifiers), st.name, st.typeParameters, st.heritageClauses, st.members);
    } else if (ts.isTypeAliasDeclaration(st)) {
      node = ts.factory.updateTypeAliasDeclaration(st, notExport(st.modifiers), st.name, st.typeParameters, st.type);
    } else continue;
    out.set(st.name.text, printer.printNode(ts.EmitHint.Unspecified, node, file).replace(/\s+/g, ' '));
  }
  return out;
}

/** The names a module imports, with the repo-relative .ts file each comes from. */
function importedFrom(fromFile: string, text: string): Map<string, string> {
  const file = ts.createSourceFile(fromFile, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out = new Map<string, string>();
  for (const st of file.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || !st.moduleSpecifier.text.startsWith('.')) continue;
    const target = join(fromFile, '..', st.moduleSpecifier.text.replace(/\.js$/, '.ts'));
    const bindings = st.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) out.set(el.name.text, target);
  }
  return out;
}

describe('docs/internals/contracts.md and the code', () => {
  it('shows the boundary interfaces exactly as js-shim/wasm/core-api.ts declares them', async () => {
    const blocks = code.filter((s) => s.mode === 'core-api');
    expect(blocks.map((s) => s.doc)).toEqual(['docs/internals/contracts.md']);
    const doc = declarations('contracts.md', blocks[0]!.code);

    const apiFile = join(repoRoot, 'js-shim/wasm/core-api.ts');
    const apiText = await readFile(apiFile, 'utf8');
    const fromCode = declarations(apiFile, apiText);
    // Types the boundary uses but imports (Path) are compared with their own module's.
    for (const [name, from] of importedFrom(apiFile, apiText)) {
      for (const [n, text] of declarations(from, await readFile(from, 'utf8'))) if (n === name || doc.has(n)) fromCode.set(n, text);
    }
    expect(Object.fromEntries(doc)).toEqual(Object.fromEntries(fromCode));
  });
});

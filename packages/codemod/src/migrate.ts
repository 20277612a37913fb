/**
 * `migrate`: finds legacy state patterns under a directory and, in write mode, rewrites the
 * safe ones. Everything is parsed and planned before anything is written, so an unparseable
 * file (or a rewrite that would not parse) leaves the whole tree untouched.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type * as t from '@babel/types';
import { isCallTo, references, walk } from './ast.js';
import { applyEdits, ensureNamedImport, removeUnusedImports } from './edits.js';
import { DEFAULT_OPTIONS, type BlockResult, type CodemodOptions, type Finding, type PatternContext } from './findings.js';
import { flags } from './patterns/flags.js';
import { reactMirrors } from './patterns/react-mirror.js';
import { vueMirrors } from './patterns/vue-mirror.js';
import { rootImports } from './patterns/root-import.js';
import { valtioImports } from './patterns/valtio-import.js';
import { parseFile, parseScript, SCRIPT_EXTENSIONS, type ParsedFile, type ScriptBlock } from './source.js';

/** Bad invocation or a missing directory: exit code 2, nothing changed. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ChangedFile {
  path: string;
  relPath: string;
  before: string;
  after: string;
}

export interface MigrateResult {
  filesScanned: number;
  findings: Finding[];
  /** Files whose text the rewrite changes (written to disk only in write mode). */
  changed: ChangedFile[];
  /** Things to check by hand that are not findings (e.g. where the hooks get their manager). */
  notes: string[];
}

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage']);

async function listSources(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...(await listSources(full)));
    } else if (entry.isFile() && SCRIPT_EXTENSIONS.includes(extname(entry.name)) && !entry.name.endsWith('.d.ts')) {
      out.push(full);
    }
  }
  return out;
}

const PATTERNS: ((ctx: PatternContext) => BlockResult)[] = [reactMirrors, vueMirrors, flags, rootImports, valtioImports];

// Calls that hand the hooks their manager; without one the rewritten hooks throw at runtime.
const REACT_SETTERS = ['setGlobalStateManager', 'setGlobalValtioStateManagerReact'];
const VUE_SETTERS = ['setGlobalValtioStateManagerVue'];

export async function migrate(dir: string, mode: { write: boolean; options?: Partial<CodemodOptions> }): Promise<MigrateResult> {
  const options = { ...DEFAULT_OPTIONS, ...mode.options };
  const info = await stat(dir).catch(() => null);
  if (!info) throw new UsageError(`no such directory: ${dir}`);
  if (!info.isDirectory()) throw new UsageError(`not a directory: ${dir}`);

  const files = await listSources(dir);
  const findings: Finding[] = [];
  const changed: ChangedFile[] = [];
  const setters = new Set<string>();
  let usesReactHook = false;
  let usesVueComposable = false;
  for (const path of files) {
    const source = await readFile(path, 'utf8');
    const parsed = await parseFile(path, source);
    const relPath = relative(dir, path).split(sep).join('/');
    let after = source;
    // Blocks from last to first, so earlier offsets stay valid while we splice.
    for (const block of [...parsed.blocks].sort((a, b) => b.offset - a.offset)) {
      walk(block.ast.program, (node) => {
        for (const name of [...REACT_SETTERS, ...VUE_SETTERS]) if (isCallTo(node, [name])) setters.add(name);
      });
      const ctx: PatternContext = { file: parsed, relPath, block, options };
      const results = PATTERNS.map((p) => p(ctx));
      for (const r of results) findings.push(...r.findings);
      if (results.some((r) => r.imports.some((i) => i.module === options.reactModule))) usesReactHook = true;
      if (results.some((r) => r.imports.some((i) => i.module === options.vueModule))) usesVueComposable = true;
      const code = rewriteBlock(parsed, block, results);
      if (code !== block.code) after = after.slice(0, block.offset) + code + after.slice(block.offset + block.code.length);
    }
    if (after !== source) {
      // A rewritten SFC must still split into the same blocks: parse it whole once more.
      if (parsed.isVue) {
        await parseFile(path, after).catch((error: Error) => {
          throw new Error(`internal: the rewrite of ${path} does not parse (${error.message}); nothing was written`);
        });
      }
      changed.push({ path, relPath, before: source, after });
    }
  }

  const notes: string[] = [];
  if (usesReactHook && !REACT_SETTERS.some((s) => setters.has(s))) {
    notes.push(`the rewritten React components read the manager set by ${REACT_SETTERS.join(' or ')}(manager); no call was found under ${dir}: make sure the MFE's mount (or the container) makes one`);
  }
  if (usesVueComposable && !VUE_SETTERS.some((s) => setters.has(s))) {
    notes.push(`the rewritten Vue components read the manager set by ${VUE_SETTERS[0]}(manager); no call was found under ${dir}: make sure the MFE's mount (or the container) makes one`);
  }
  if (mode.write) for (const c of changed) await writeFile(c.path, c.after, 'utf8');
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { filesScanned: files.length, findings, changed, notes };
}

/**
 * Applies the patterns' edits to one block, then fixes its imports. Each step re-parses the
 * text it produced: the next step needs fresh positions, and a rewrite that does not parse
 * is a codemod bug that must stop everything rather than land on disk.
 */
function rewriteBlock(file: ParsedFile, block: ScriptBlock, results: BlockResult[]): string {
  const edits = results.flatMap((r) => r.edits);
  if (edits.length === 0) return block.code;
  const reparse = (code: string): t.File => {
    try {
      return parseScript(file.path, code, block.plugins, block.startLine);
    } catch (error) {
      throw new Error(`internal: the rewrite of ${file.path} does not parse (${(error as Error).message}); nothing was written`);
    }
  };
  let code = applyEdits(block.code, edits);
  const wanted = new Map<string, { module: string; name: string }>();
  for (const r of results) for (const i of r.imports) wanted.set(`${i.module}\0${i.name}`, i);
  for (const { module, name } of wanted.values()) {
    const edit = ensureNamedImport(code, reparse(code), module, name);
    if (edit) code = applyEdits(code, [edit]);
  }
  const unused = new Map<string, Set<string>>();
  for (const r of results) for (const u of r.maybeUnused) for (const n of u.names) unused.set(u.module, (unused.get(u.module) ?? new Set()).add(n));
  for (const [module, names] of unused) {
    const ast = reparse(code);
    const body = ast.program.body.filter((s) => s.type !== 'ImportDeclaration');
    const isReferenced = (name: string) => body.some((s) => references(s, name).length > 0);
    const removals = removeUnusedImports(code, ast, module, names, isReferenced);
    if (removals.length > 0) code = applyEdits(code, removals);
  }
  reparse(code);
  return code;
}

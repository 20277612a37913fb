/**
 * Turns a file on disk into script blocks with a Babel AST each. A `.vue` file is split with
 * @vue/compiler-sfc first so that offsets and line numbers of every node point into the
 * original file: edits are spliced by those offsets, never found by pattern matching text.
 */
import { parse, type ParserPlugin } from '@babel/parser';
import type * as t from '@babel/types';
import { extname } from 'node:path';

export interface ScriptBlock {
  ast: t.File;
  /** Offset of the block's first character in the file; add it to node.start/end. */
  offset: number;
  /** The block's text (the whole file for plain scripts). */
  code: string;
  plugins: ParserPlugin[];
  /** First line of the block in the file (1-based), so node.loc lines are file lines. */
  startLine: number;
}

export interface ParsedFile {
  path: string;
  source: string;
  isVue: boolean;
  blocks: ScriptBlock[];
  /** Vue only: the code of `v-model` and `v-on` directives, which can write to a ref. */
  templateWrites: { directive: 'model' | 'on'; code: string; line: number }[];
}

/** A file we could not parse: reported with its position, and nothing is written. */
export class ParseFailure extends Error {
  constructor(readonly file: string, readonly line: number, readonly column: number, detail: string) {
    super(`${file}:${line}:${column}: cannot parse: ${detail}`);
    this.name = 'ParseFailure';
  }
}

export const SCRIPT_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts', '.vue'];

function pluginsFor(ext: string): ParserPlugin[] {
  switch (ext) {
    case '.ts':
    case '.mts':
    case '.cts':
      // No `jsx` here: it would make `<T>(x) => x` and `<T>value` casts unparseable.
      return ['typescript'];
    case '.tsx':
      return ['typescript', 'jsx'];
    default:
      return ['jsx'];
  }
}

export function parseScript(file: string, code: string, plugins: ParserPlugin[], startLine = 1): t.File {
  try {
    return parse(code, {
      sourceType: 'module',
      plugins,
      startLine,
      // Keeps `(x)` as a node so a splice never drops parentheses the author wrote.
      createParenthesizedExpressions: true,
    });
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const message = (error as Error).message.replace(/\s*\(\d+:\d+\)$/, '');
    throw new ParseFailure(file, loc?.line ?? startLine, (loc?.column ?? 0) + 1, message);
  }
}

export async function parseFile(file: string, source: string): Promise<ParsedFile> {
  const ext = extname(file);
  if (ext !== '.vue') {
    const plugins = pluginsFor(ext);
    return { path: file, source, isVue: false, blocks: [{ ast: parseScript(file, source, plugins), offset: 0, code: source, plugins, startLine: 1 }], templateWrites: [] };
  }
  // Loaded only when a .vue file shows up: the SFC compiler is large and React-only
  // projects should not pay for it.
  const sfc = await import('@vue/compiler-sfc');
  const { descriptor, errors } = sfc.parse(source, { filename: file });
  if (errors.length > 0) {
    const first = errors[0]!;
    const loc = 'loc' in first && first.loc ? first.loc.start : { line: 1, column: 1 };
    throw new ParseFailure(file, loc.line, loc.column, first.message);
  }
  const blocks: ScriptBlock[] = [];
  for (const block of [descriptor.script, descriptor.scriptSetup]) {
    if (!block) continue;
    const lang = block.lang ?? 'js';
    const plugins = pluginsFor(lang === 'ts' ? '.ts' : lang === 'tsx' ? '.tsx' : '.jsx');
    const startLine = block.loc.start.line;
    blocks.push({ ast: parseScript(file, block.content, plugins, startLine), offset: block.loc.start.offset, code: block.content, plugins, startLine });
  }
  const templateWrites: ParsedFile['templateWrites'] = [];
  if (descriptor.template?.ast) collectWrites(descriptor.template.ast as unknown as TemplateNode, templateWrites);
  return { path: file, source, isVue: true, blocks, templateWrites };
}

/** Structural view of @vue/compiler-core nodes, enough to find directives. */
interface TemplateNode {
  type: number;
  props?: { type: number; name: string; exp?: { content?: string; loc: { start: { line: number } } } }[];
  children?: TemplateNode[];
  branches?: TemplateNode[];
}

// compiler-core NodeTypes.DIRECTIVE; the enum is not exported as a value we can rely on.
const DIRECTIVE = 7;

function collectWrites(node: TemplateNode, out: ParsedFile['templateWrites']): void {
  for (const prop of node.props ?? []) {
    if (prop.type !== DIRECTIVE || !prop.exp?.content) continue;
    if (prop.name === 'model' || prop.name === 'on') out.push({ directive: prop.name, code: prop.exp.content, line: prop.exp.loc.start.line });
  }
  for (const child of [...(node.children ?? []), ...(node.branches ?? [])]) collectWrites(child, out);
}

/**
 * Range edits over a script block. Every range comes from AST node positions; the only text
 * we inspect is whitespace around a range, to remove whole lines instead of leaving blank
 * gaps, so the rewritten file reads as if written by hand.
 */
import type * as t from '@babel/types';

export interface Edit {
  start: number;
  end: number;
  text: string;
  /** Removes whole lines: may also take one blank line with it (see applyEdits). */
  lines?: boolean;
}

/** Applies non-overlapping edits (any order). Overlaps are a codemod bug: we throw. */
export function applyEdits(code: string, edits: readonly Edit[]): string {
  const sorted = mergeLineRemovals(code, edits).sort((a, b) => b.start - a.start || b.end - a.end);
  let out = code;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error(`internal: overlapping edits at ${edit.start}-${edit.end}`);
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}

const isBlank = (s: string) => s.trim() === '';

/**
 * Joins line removals that touch (two statements removed one after the other) and then, for
 * each run, drops one blank line if the run sat between two: otherwise deleting a block of
 * statements leaves a double gap.
 */
function mergeLineRemovals(code: string, edits: readonly Edit[]): Edit[] {
  const others = edits.filter((e) => !e.lines);
  const runs: Edit[] = [];
  for (const e of edits.filter((x) => x.lines).sort((a, b) => a.start - b.start)) {
    const last = runs[runs.length - 1];
    if (last && e.start <= last.end) last.end = Math.max(last.end, e.end);
    else runs.push({ ...e });
  }
  for (const run of runs) {
    const prevLineStart = run.start > 0 ? code.lastIndexOf('\n', run.start - 2) + 1 : 0;
    const prevBlank = run.start > 0 && isBlank(code.slice(prevLineStart, run.start - 1));
    const nextNl = code.indexOf('\n', run.end);
    const nextBlank = nextNl !== -1 && isBlank(code.slice(run.end, nextNl));
    if (prevBlank && nextBlank) run.end = nextNl + 1;
    // At the end of the block (a Vue <script> ends right after), a blank line left above the
    // removed run would dangle before the closing tag.
    else if (prevBlank && run.end === code.length) run.start = prevLineStart;
  }
  return [...others, ...runs];
}

/**
 * An edit that deletes `node` together with its own lines (indentation, the newline, a
 * leading comment directly above it).
 */
export function removeNodeLines(code: string, node: t.Node): Edit {
  let start = node.start!;
  const comments = node.leadingComments ?? [];
  for (let i = comments.length - 1; i >= 0; i--) {
    const c = comments[i]!;
    const gap = code.slice(c.end!, start);
    // Only a comment that sits directly on top of the statement belongs to it.
    if (!isBlank(gap) || gap.split('\n').length > 2) break;
    start = c.start!;
  }
  let end = node.end!;
  const lineStart = code.lastIndexOf('\n', start - 1) + 1;
  const lineEndIdx = code.indexOf('\n', end);
  const lineEnd = lineEndIdx === -1 ? code.length : lineEndIdx;
  const ownsLine = isBlank(code.slice(lineStart, start)) && isBlank(code.slice(end, lineEnd));
  if (!ownsLine) return { start, end, text: '' };
  start = lineStart;
  end = lineEndIdx === -1 ? code.length : lineEndIdx + 1;
  return { start, end, text: '', lines: true };
}

/** Source text of a node. */
export function textOf(code: string, node: t.Node): string {
  return code.slice(node.start!, node.end!);
}

function importsOf(ast: t.File): t.ImportDeclaration[] {
  return ast.program.body.filter((s): s is t.ImportDeclaration => s.type === 'ImportDeclaration');
}

/**
 * Makes `name` importable from `module` in this block: adds it to an existing value import of
 * the module, or inserts a new import after the last one, copying the file's quote and
 * semicolon habits.
 */
export function ensureNamedImport(code: string, ast: t.File, module: string, name: string): Edit | null {
  const imports = importsOf(ast);
  // Already imported under that name from another entry of the package (the root exports
  // the hooks too): reuse it rather than declare it twice.
  const family = module.split('/').slice(0, 2).join('/');
  const bound = imports.some(
    (d) => d.importKind !== 'type' && (d.source.value === family || d.source.value.startsWith(`${family}/`)) &&
      d.specifiers.some((s) => s.local.name === name && s.type === 'ImportSpecifier' && s.importKind !== 'type'),
  );
  if (bound) return null;
  for (const decl of imports) {
    if (decl.source.value !== module || decl.importKind === 'type') continue;
    const named = decl.specifiers.filter((s): s is t.ImportSpecifier => s.type === 'ImportSpecifier');
    if (named.some((s) => s.local.name === name)) return null;
    if (named.length > 0) return { start: named[named.length - 1]!.end!, end: named[named.length - 1]!.end!, text: `, ${name}` };
  }
  const sample = imports[0];
  const quote = sample ? (code[sample.source.start!] === '"' ? '"' : "'") : "'";
  const semi = sample ? code[sample.end! - 1] === ';' : true;
  const line = `import { ${name} } from ${quote}${module}${quote}${semi ? ';' : ''}`;
  // Keep a Windows file's line endings.
  const eol = code.includes('\r\n') ? '\r\n' : '\n';
  const last = imports[imports.length - 1];
  if (last) return { start: last.end!, end: last.end!, text: `${eol}${line}` };
  // No import yet: put it on the first line of the block (after the newline that follows a
  // Vue <script> tag, if any).
  const at = code.startsWith(eol) ? eol.length : 0;
  return { start: at, end: at, text: `${line}${eol}` };
}

/**
 * Removes import specifiers of `module` named in `candidates` that nothing in the block refers
 * to any more (the codemod removed their last use). Other unused imports are the author's
 * business and stay.
 */
export function removeUnusedImports(
  code: string,
  ast: t.File,
  module: string,
  candidates: ReadonlySet<string>,
  isReferenced: (name: string) => boolean,
): Edit[] {
  const edits: Edit[] = [];
  for (const decl of importsOf(ast)) {
    if (decl.source.value !== module) continue;
    const dead = decl.specifiers.filter((s) => s.type === 'ImportSpecifier' && candidates.has(s.local.name) && !isReferenced(s.local.name));
    if (dead.length === 0) continue;
    if (dead.length === decl.specifiers.length) {
      edits.push(removeNodeLines(code, decl));
      continue;
    }
    const specs = decl.specifiers;
    const named = specs.filter((s) => s.type === 'ImportSpecifier');
    if (named.every((s) => dead.includes(s))) {
      // `import React, { useState } from 'react'` -> `import React from 'react'`.
      const keep = specs[0]!;
      edits.push({ start: keep.end!, end: decl.source.start!, text: ' from ' });
      continue;
    }
    for (const spec of dead) {
      const i = specs.indexOf(spec);
      // Take the comma on the side that keeps the list well formed: the one after us if a
      // live specifier follows (each dead one takes its own gap, so runs of them compose),
      // else the one before us.
      const liveAfter = specs.slice(i + 1).some((s) => !dead.includes(s));
      if (liveAfter) edits.push({ start: spec.start!, end: specs[i + 1]!.start!, text: '' });
      else edits.push({ start: specs[i - 1]!.end!, end: spec.end!, text: '' });
    }
  }
  return edits;
}

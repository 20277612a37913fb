/**
 * `--subpath-imports`: moves imports of the root entry to the subpath entries that export
 * the names, so a React-only MFE never asks its bundler for vue (and the other way round):
 *
 *   import { useGlobalState, type StateManager } from '@mfe/universal-state';
 *
 * becomes
 *
 *   import { useGlobalState } from '@mfe/universal-state/react';
 *   import { type StateManager } from '@mfe/universal-state/core';
 *
 * Specifier text (aliases, `type` markers) is kept as written. Namespace and default
 * imports, re-exports and dynamic imports of the root are reported: they may use a name of
 * any entry, which the file's text does not tell.
 */
import type * as t from '@babel/types';
import { walk } from '../ast.js';
import { textOf } from '../edits.js';
import { at, emptyResult, type BlockResult, type PatternContext } from '../findings.js';
import { ROOT_MODULE, subpathOf, type Subpath } from './subpath-names.js';

const ORDER: Subpath[] = ['/core', '/react', '/vue'];

export function rootImports(ctx: PatternContext): BlockResult {
  const result = emptyResult();
  if (!ctx.options.subpathImports) return result;
  const code = ctx.block.code;
  for (const statement of ctx.block.ast.program.body) {
    if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportAllDeclaration') && statement.source?.value === ROOT_MODULE) {
      result.findings.push(at(ctx, statement, {
        rule: 'root-import', message: `re-export from '${ROOT_MODULE}'`,
        reason: 'a re-export is part of this module\'s own API: move it by hand to the subpath entries its names come from',
      }));
      continue;
    }
    if (statement.type !== 'ImportDeclaration' || statement.source.value !== ROOT_MODULE) continue;
    const message = `import from '${ROOT_MODULE}' (the root entry)`;
    const whole = statement.specifiers.find((s) => s.type !== 'ImportSpecifier');
    if (whole || statement.specifiers.length === 0) {
      result.findings.push(at(ctx, statement, {
        rule: 'root-import', message,
        reason: whole
          ? 'a namespace or default import can reach every entry: import the names it uses from /core, /react or /vue'
          : 'a side-effect import of the root: import /core (or the framework entry the app uses) instead',
      }));
      continue;
    }
    const groups = new Map<Subpath, string[]>();
    const unknown: string[] = [];
    for (const spec of statement.specifiers as t.ImportSpecifier[]) {
      const imported = spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value;
      const subpath = subpathOf(imported);
      if (subpath === null) unknown.push(imported);
      else groups.set(subpath, [...(groups.get(subpath) ?? []), textOf(code, spec)]);
    }
    if (unknown.length > 0) {
      result.findings.push(at(ctx, statement, {
        rule: 'root-import', message,
        reason: `the root entry does not export ${unknown.map((n) => `'${n}'`).join(', ')}`,
      }));
      continue;
    }
    const quote = code[statement.source.start!] === '"' ? '"' : "'";
    const semi = code[statement.end! - 1] === ';' ? ';' : '';
    const kind = statement.importKind === 'type' ? 'type ' : '';
    const eol = code.includes('\r\n') ? '\r\n' : '\n';
    const indent = code.slice(code.lastIndexOf('\n', statement.start! - 1) + 1, statement.start!);
    const lines = ORDER.filter((p) => groups.has(p)).map(
      (p) => `import ${kind}{ ${groups.get(p)!.join(', ')} } from ${quote}${ROOT_MODULE}${p}${quote}${semi}`,
    );
    const text = lines.join(`${eol}${/^\s*$/.test(indent) ? indent : ''}`);
    result.findings.push(at(ctx, statement, { rule: 'root-import', message, fix: lines.join('; ') }));
    result.edits.push({ start: statement.start!, end: statement.end!, text });
  }
  // import('@mfe/universal-state'): the names used come from the value at run time.
  walk(ctx.block.ast.program, (node) => {
    if (node.type === 'ImportExpression' || (node.type === 'CallExpression' && node.callee.type === 'Import')) {
      const source = node.type === 'ImportExpression' ? node.source : node.arguments[0];
      if (source?.type === 'StringLiteral' && source.value === ROOT_MODULE) {
        result.findings.push(at(ctx, node, {
          rule: 'root-import', message: `import('${ROOT_MODULE}')`,
          reason: 'a dynamic import of the root: load /core, /react or /vue, whichever has the names used',
        }));
      }
    }
  });
  return result;
}

/**
 * Code written for the original Valtio manager handed `getProxyStore()` to valtio's own
 * functions. Our store is not one of valtio's proxies (and each MFE bundle's copy of valtio
 * only knows its own), so those calls throw. The package's `/valtio` entry has the same
 * functions for the store; this pattern moves the imports there:
 *
 *   import { subscribe, snapshot, useSnapshot } from 'valtio';
 *   import { subscribeKey, watch } from 'valtio/utils';
 *
 * become imports from '@mfe/universal-state/valtio' (useSnapshot from '…/valtio/react').
 * A name moves only when every use of it in the file is applied to the store: the result of
 * `getProxyStore()`, a const holding it, or an object read from it (`store.user`); for
 * `watch`, every `get(x)` in its callback. Other uses are reported with their line, and the
 * import stays on valtio (valtio's own `proxy()` objects still need valtio).
 */
import type * as t from '@babel/types';
import { isFunction, methodCall, references, unwrap, walk } from '../ast.js';
import { removeNodeLines, textOf } from '../edits.js';
import { at, emptyResult, type BlockResult, type PatternContext } from '../findings.js';

const ENTRY = '@mfe/universal-state/valtio';
const REACT_ENTRY = '@mfe/universal-state/valtio/react';

/** valtio module -> the functions of it the entry provides, and where each goes. */
const MOVABLE: Record<string, Record<string, string>> = {
  valtio: { subscribe: ENTRY, snapshot: ENTRY, useSnapshot: REACT_ENTRY },
  'valtio/vanilla': { subscribe: ENTRY, snapshot: ENTRY },
  'valtio/react': { useSnapshot: REACT_ENTRY },
  'valtio/utils': { subscribeKey: ENTRY, watch: ENTRY },
  'valtio/vanilla/utils': { subscribeKey: ENTRY, watch: ENTRY },
};

/** Identifiers bound (by `const`/`let`/`var`) to the store or an object read from it. */
function storeBindings(program: t.Program): Set<string> {
  const names = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    walk(program, (node) => {
      if (node.type !== 'VariableDeclarator' || node.id.type !== 'Identifier' || !node.init) return;
      if (!names.has(node.id.name) && isStore(node.init, names)) {
        names.add(node.id.name);
        grew = true;
      }
    });
  }
  return names;
}

function isStore(node: t.Node, bound: ReadonlySet<string>): boolean {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') return bound.has(inner.name);
  const call = methodCall(inner, 'getProxyStore');
  if (call) return call.call.arguments.length === 0;
  if (inner.type === 'MemberExpression' || inner.type === 'OptionalMemberExpression') return isStore(inner.object, bound);
  return false;
}

/** Null when every use of `local` (imported as `imported`) applies it to the store, else the first use that does not. */
function unprovenUse(program: t.Program, local: string, imported: string, bound: ReadonlySet<string>): t.Node | null {
  const uses = references(program, local);
  const calls = new Map<t.Identifier, t.CallExpression>();
  walk(program, (node) => {
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === local) calls.set(node.callee, node);
  });
  for (const use of uses) {
    const call = calls.get(use);
    if (!call) return use; // passed around or stored: where it ends up is not provable
    const first = call.arguments[0];
    if (!first || first.type === 'SpreadElement' || first.type === 'ArgumentPlaceholder') return call;
    if (imported !== 'watch') {
      if (!isStore(first, bound)) return call;
      continue;
    }
    if (!isFunction(first)) return call;
    const get = (first as t.ArrowFunctionExpression).params[0];
    if (!get) continue; // reads nothing through get: nothing to prove
    if (get.type !== 'Identifier') return call;
    const gets = references(first, get.name).filter((id) => id !== get);
    const inCalls = new Map<t.Identifier, t.CallExpression>();
    walk(first, (node) => {
      if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === get.name) inCalls.set(node.callee, node);
    });
    for (const g of gets) {
      const getCall = inCalls.get(g);
      if (!getCall || !getCall.arguments[0] || !isStore(getCall.arguments[0], bound)) return getCall ?? g;
    }
  }
  return null;
}

export function valtioImports(ctx: PatternContext): BlockResult {
  const result = emptyResult();
  const program = ctx.block.ast.program;
  const code = ctx.block.code;
  const bound = storeBindings(program);
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration' || statement.importKind === 'type') continue;
    const movable = MOVABLE[statement.source.value];
    if (!movable) continue;
    const moved = new Map<string, string[]>();
    const kept: t.ImportDeclaration['specifiers'] = [];
    for (const spec of statement.specifiers) {
      const imported = spec.type === 'ImportSpecifier' ? (spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value) : null;
      const target = imported !== null && spec.type === 'ImportSpecifier' && spec.importKind !== 'type' ? movable[imported] : undefined;
      if (!target || imported === null) {
        kept.push(spec);
        continue;
      }
      const bad = unprovenUse(program, spec.local.name, imported, bound);
      if (bad) {
        result.findings.push(at(ctx, bad, {
          rule: 'valtio-import',
          message: `valtio's ${imported} from '${statement.source.value}'`,
          reason: `this use is not applied to manager.getProxyStore() (or an object read from it) as far as the codemod can tell; ` +
            `if it is the store, import ${imported} from '${target}' by hand; if it is valtio's own proxy(), keep valtio`,
        }));
        kept.push(spec);
        continue;
      }
      moved.set(target, [...(moved.get(target) ?? []), textOf(code, spec)]);
    }
    if (moved.size === 0) continue;
    // Plain names join any import of the entry already in the file (one line per entry);
    // aliased ones (`subscribe as onChange`) get a line of their own, as written.
    const aliased = new Map<string, string[]>();
    for (const [target, specs] of moved) {
      for (const spec of specs) {
        if (/\bas\b/.test(spec)) aliased.set(target, [...(aliased.get(target) ?? []), spec]);
        else result.imports.push({ module: target, name: spec });
      }
    }
    const semi = code[statement.end! - 1] === ';' ? ';' : '';
    const quote = code[statement.source.start!] === '"' ? '"' : "'";
    const eol = code.includes('\r\n') ? '\r\n' : '\n';
    const lines: string[] = [];
    if (kept.length > 0) {
      const head = kept.filter((s) => s.type !== 'ImportSpecifier').map((s) => textOf(code, s));
      const named = kept.filter((s) => s.type === 'ImportSpecifier').map((s) => textOf(code, s));
      const clause = [...head, ...(named.length > 0 ? [`{ ${named.join(', ')} }`] : [])].join(', ');
      lines.push(`import ${clause} from ${textOf(code, statement.source)}${semi}`);
    }
    for (const [target, specs] of aliased) lines.push(`import { ${specs.join(', ')} } from ${quote}${target}${quote}${semi}`);
    result.findings.push(at(ctx, statement, {
      rule: 'valtio-import',
      message: `valtio's ${[...moved.values()].flat().join(', ')} from '${statement.source.value}' applied to getProxyStore()`,
      fix: [...moved.entries()].map(([target, specs]) => `import { ${specs.join(', ')} } from '${target}'`).join('; '),
    }));
    result.edits.push(lines.length > 0 ? { start: statement.start!, end: statement.end!, text: lines.join(eol) } : removeNodeLines(code, statement));
  }
  return result;
}

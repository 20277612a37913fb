/**
 * What a legacy listener did to the value before storing it (`value || 'light'`,
 * `value ?? null`, `value.toUpperCase()`): the rewrite moves that expression to render time,
 * so it must be free of side effects, and the state's starting value (or the seed the
 * effect wrote) must be the same expression over the manager's `get(key)`.
 */
import type * as t from '@babel/types';
import { methodCall, references, unwrap } from '../ast.js';
import { applyEdits } from '../edits.js';

/** Compares two expressions' source, ignoring spacing, quote style and type arguments of `get`. */
export function sameText(a: string, b: string): boolean {
  const norm = (x: string) => x.replace(/\.get<[^>()]*>\(/g, '.get(').replace(/"/g, "'").replace(/\s+/g, '');
  return norm(a) === norm(b);
}

/** `value` with every reference to `param` replaced by `replacement` (source text). */
export function substitute(code: string, value: t.Expression, param: string, replacement: string): string {
  const base = value.start!;
  const edits = references(value, param).map((id) => ({ start: id.start! - base, end: id.end! - base, text: replacement }));
  return applyEdits(code.slice(value.start!, value.end!), edits);
}

/** A value whose removal from the code loses nothing: literals, names, reads, `m.get(…)`. */
export function isPure(node: t.Node | undefined): boolean {
  if (!node) return true;
  const n = unwrap(node);
  switch (n.type) {
    case 'StringLiteral': case 'NumericLiteral': case 'BooleanLiteral': case 'NullLiteral': case 'Identifier':
    case 'TemplateLiteral': case 'BigIntLiteral':
      return n.type !== 'TemplateLiteral' || n.expressions.every(isPure);
    case 'MemberExpression': case 'OptionalMemberExpression':
      return isPure(n.object) && (!n.computed || isPure(n.property));
    case 'ArrayExpression':
      return n.elements.every((e) => e === null || (e.type !== 'SpreadElement' && isPure(e)));
    case 'ObjectExpression':
      return n.properties.every((p) => p.type === 'ObjectProperty' && !p.computed && isPure(p.value));
    case 'LogicalExpression': case 'BinaryExpression':
      return isPure(n.left) && isPure(n.right);
    case 'UnaryExpression':
      return n.operator !== 'delete' && isPure(n.argument);
    case 'ConditionalExpression':
      return isPure(n.test) && isPure(n.consequent) && isPure(n.alternate);
    case 'CallExpression': {
      const get = methodCall(n, 'get');
      return !!get && get.call.arguments.every((a) => a.type !== 'SpreadElement' && isPure(a));
    }
    default:
      return false;
  }
}

/** A name for the raw value beside a transformed one, not bound anywhere in `scope`. */
export function freshName(scope: t.Node, base: string): string {
  for (const candidate of [`${base}Value`, `${base}Stored`, `${base}Raw`]) if (references(scope, candidate).length === 0) return candidate;
  return `${base}Value${scope.start}`;
}

/** `value.toUpperCase()`, `String(value)`, `value.trim().toLowerCase()`: a call on the value with pure arguments. */
export function isSimpleCallTransform(node: t.Node): boolean {
  const n = unwrap(node);
  if (n.type === 'LogicalExpression' || n.type === 'ConditionalExpression' || n.type === 'BinaryExpression') {
    const parts = n.type === 'ConditionalExpression' ? [n.test, n.consequent, n.alternate] : [n.left, n.right];
    return parts.every((p) => isPure(p) || isSimpleCallTransform(p));
  }
  if (n.type !== 'CallExpression' && n.type !== 'OptionalCallExpression') return isPure(n);
  if (!n.arguments.every((a) => a.type !== 'SpreadElement' && isPure(a))) return false;
  const callee = n.callee;
  if (callee.type === 'Identifier') return ['String', 'Number', 'Boolean'].includes(callee.name);
  if (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') return isPure(callee.object) || isSimpleCallTransform(callee.object);
  return false;
}


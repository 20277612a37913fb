/**
 * Small AST helpers for the codemod. We walk @babel/types' VISITOR_KEYS ourselves instead of
 * pulling in @babel/traverse: the patterns we look for are local (one function body), so a
 * plain walk with an ancestor stack is all the scope analysis we need, and the CLI keeps a
 * short dependency list.
 */
import { VISITOR_KEYS } from '@babel/types';
import type * as t from '@babel/types';

export type Visitor = (node: t.Node, ancestors: readonly t.Node[]) => void | 'skip';

/** Depth-first walk; return 'skip' from the visitor to not descend into a node. */
export function walk(root: t.Node, visit: Visitor, ancestors: t.Node[] = []): void {
  if (visit(root, ancestors) === 'skip') return;
  const keys = VISITOR_KEYS[root.type] ?? [];
  ancestors.push(root);
  for (const key of keys) {
    const child = (root as unknown as Record<string, unknown>)[key];
    if (Array.isArray(child)) {
      for (const c of child) if (isNode(c)) walk(c, visit, ancestors);
    } else if (isNode(child)) {
      walk(child, visit, ancestors);
    }
  }
  ancestors.pop();
}

function isNode(value: unknown): value is t.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function isFunction(node: t.Node): node is t.ArrowFunctionExpression | t.FunctionExpression | t.FunctionDeclaration | t.ObjectMethod | t.ClassMethod {
  return (
    node.type === 'ArrowFunctionExpression' ||
    node.type === 'FunctionExpression' ||
    node.type === 'FunctionDeclaration' ||
    node.type === 'ObjectMethod' ||
    node.type === 'ClassMethod'
  );
}

/** `name(...)` or `ns.name(...)` (e.g. `React.useEffect`) for any of `names`. */
export function isCallTo(node: t.Node | null | undefined, names: readonly string[]): node is t.CallExpression {
  if (!node || node.type !== 'CallExpression') return false;
  const callee = node.callee;
  if (callee.type === 'Identifier') return names.includes(callee.name);
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
    return callee.object.type === 'Identifier' && names.includes(callee.property.name);
  }
  return false;
}

/** `<obj>.<method>(...)` with a non-computed method name; returns the receiver. */
export function methodCall(node: t.Node | null | undefined, method: string): { call: t.CallExpression; receiver: t.Expression } | null {
  if (!node || node.type !== 'CallExpression') return null;
  const callee = node.callee;
  if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return null;
  if (callee.computed || callee.property.type !== 'Identifier' || callee.property.name !== method) return null;
  return { call: node, receiver: callee.object };
}

/** The text of a string key argument, if it is a plain literal (no interpolation). */
export function literalKey(node: t.Node | undefined): string | null {
  if (!node) return null;
  if (node.type === 'StringLiteral') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0 && node.quasis.length === 1) {
    return node.quasis[0]!.value.cooked ?? null;
  }
  return null;
}

/**
 * The function body as statements, with an arrow's expression body as a single
 * pseudo-statement (so `() => m.subscribe(...)` and `() => { return m.subscribe(...) }` read
 * the same).
 */
export function bodyStatements(fn: t.Function): { statements: t.Statement[]; expressionBody: t.Expression | null } {
  if (fn.body.type === 'BlockStatement') return { statements: fn.body.body, expressionBody: null };
  return { statements: [], expressionBody: fn.body };
}

/** Unwraps `(x)`, `x as T`, `x!` and `<T>x` to the expression underneath. */
export function unwrap(node: t.Node): t.Node {
  let current = node;
  for (;;) {
    if (
      current.type === 'ParenthesizedExpression' ||
      current.type === 'TSAsExpression' ||
      current.type === 'TSNonNullExpression' ||
      current.type === 'TSTypeAssertion' ||
      current.type === 'TSSatisfiesExpression'
    ) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/**
 * Every Identifier that *refers* to a binding called `name` under `root` (not property names
 * in `a.name` or `{ name: 1 }`). Shadowing is not tracked: callers use this to prove a name
 * is NOT used elsewhere, so over-counting only makes the codemod more conservative.
 */
export function references(root: t.Node, name: string): t.Identifier[] {
  const found: t.Identifier[] = [];
  walk(root, (node, ancestors) => {
    if (node.type !== 'Identifier' || node.name !== name) return;
    const parent = ancestors[ancestors.length - 1];
    if (parent) {
      if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === node && !parent.computed) return;
      if ((parent.type === 'ObjectProperty' || parent.type === 'ObjectMethod' || parent.type === 'ClassMethod' || parent.type === 'ClassProperty') && parent.key === node && !parent.computed) {
        // `{ name }` shorthand is a reference to the binding.
        if (!(parent.type === 'ObjectProperty' && parent.shorthand)) return;
      }
      if (parent.type === 'ImportSpecifier' || parent.type === 'ImportDefaultSpecifier' || parent.type === 'ImportNamespaceSpecifier') return;
      if (parent.type === 'TSPropertySignature' || parent.type === 'TSQualifiedName') return;
    }
    found.push(node);
  });
  return found;
}

/** True when `inner` lies inside `outer` by source position. */
export function contains(outer: t.Node, inner: t.Node): boolean {
  return outer.start! <= inner.start! && inner.end! <= outer.end!;
}

/** Shape checks shared by the React and Vue mirror patterns. */
import type * as t from '@babel/types';
import { bodyStatements, isFunction, literalKey, methodCall, unwrap, walk } from '../ast.js';

/** A `<manager>.subscribe(key, callback)` or `.subscribeAll(callback)` call. */
export interface Subscription {
  call: t.CallExpression;
  receiver: t.Expression;
  method: 'subscribe' | 'subscribeAll';
}

export function asSubscription(node: t.Node | null | undefined): Subscription | null {
  if (!node) return null;
  const inner = unwrap(node);
  for (const method of ['subscribe', 'subscribeAll'] as const) {
    const m = methodCall(inner, method);
    if (!m) continue;
    // The StateManager API: subscribe(key, fn) and subscribeAll(fn). An observable's
    // `subscribe(observer)` has one argument and is not ours.
    const fnIndex = method === 'subscribe' ? 1 : 0;
    if (m.call.arguments.length !== fnIndex + 1) continue;
    const fn = m.call.arguments[fnIndex]!;
    if (fn.type === 'SpreadElement' || fn.type === 'ArgumentPlaceholder') continue;
    // subscribeAll(x) with one argument looks like an observable's subscribe(observer):
    // only count it when the listener is written as a function.
    if (method === 'subscribeAll' && fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') continue;
    return { call: m.call, receiver: m.receiver, method };
  }
  return null;
}

/** Every StateManager subscription under `root`. */
export function subscriptionsIn(root: t.Node): Subscription[] {
  const found: Subscription[] = [];
  walk(root, (node) => {
    const sub = asSubscription(node);
    if (sub && sub.call === node) found.push(sub);
  });
  return found;
}

export function keyOf(sub: Subscription): string | null {
  return sub.method === 'subscribe' ? literalKey(sub.call.arguments[0]) : null;
}

/**
 * The single statement a mirror callback runs, with its value parameter:
 * `(v) => S(v)`, `(v) => { S(v); }`, `v => (x.value = v)`, `function (v) { x.value = v }`.
 */
export function mirrorBody(callback: t.Node): { param: string; expression: t.Expression } | null {
  if (!isFunction(callback)) return null;
  const fn = callback as t.ArrowFunctionExpression | t.FunctionExpression;
  const first = fn.params[0];
  if (!first || first.type !== 'Identifier') return null;
  const { statements, expressionBody } = bodyStatements(fn);
  let expression: t.Expression | null = expressionBody;
  if (!expression) {
    if (statements.length !== 1 || statements[0]!.type !== 'ExpressionStatement') return null;
    expression = statements[0].expression;
  }
  return { param: first.name, expression: unwrap(expression) as t.Expression };
}

/** Two receivers that name the same thing (`stateManager`, `props.stateManager`, `this.m`). */
export function sameReference(a: t.Node, b: t.Node): boolean {
  const x = unwrap(a);
  const y = unwrap(b);
  if (x.type === 'Identifier' && y.type === 'Identifier') return x.name === y.name;
  if (x.type === 'ThisExpression' && y.type === 'ThisExpression') return true;
  if ((x.type === 'MemberExpression' || x.type === 'OptionalMemberExpression') && (y.type === 'MemberExpression' || y.type === 'OptionalMemberExpression')) {
    if (x.computed || y.computed) return false;
    return sameReference(x.property, y.property) && sameReference(x.object, y.object);
  }
  return false;
}

/** `initial` starts the mirror from what the manager holds: nothing, `undefined`, or `m.get(key)`. */
export function initialMatches(initial: t.Node | undefined, sub: Subscription, key: string): boolean {
  if (!initial) return true;
  const inner = unwrap(initial);
  if (inner.type === 'Identifier' && inner.name === 'undefined') return true;
  const get = methodCall(inner, 'get');
  return !!get && get.call.arguments.length === 1 && literalKey(get.call.arguments[0]) === key && sameReference(get.receiver, sub.receiver);
}

/** The identifier at the root of `a.b[c].d`, if any. */
export function rootIdentifier(node: t.Node): t.Identifier | null {
  let current = unwrap(node);
  while (current.type === 'MemberExpression' || current.type === 'OptionalMemberExpression') current = unwrap(current.object);
  return current.type === 'Identifier' ? current : null;
}

/**
 * Type arguments for the hook that replaces `factory(...)`: its own (`useState<T>`), else the
 * ones of its `m.get<T>(key)` initial value, so the rewrite keeps the type TS inferred.
 */
export function typeArgumentsText(code: string, factory: t.CallExpression): string {
  const own = factory.typeParameters;
  if (own) return code.slice(own.start!, own.end!);
  const initial = factory.arguments[0];
  const get = initial ? methodCall(unwrap(initial), 'get') : null;
  const fromGet = get?.call.typeParameters;
  return fromGet ? code.slice(fromGet.start!, fromGet.end!) : '';
}

/** The package's own entry points: importing the hook from any of them is the same hook. */
export const PACKAGE_MODULES = ['@mfe/universal-state', '@mfe/universal-state/react', '@mfe/universal-state/vue', '@mfe/universal-state/core'];

/**
 * Why `name` cannot be added to this file, or null: something other than this package
 * already binds it at the top level (an import from elsewhere, or a local declaration).
 */
export function nameConflict(program: t.Program, name: string): string | null {
  for (const s of program.body) {
    if (s.type === 'ImportDeclaration') {
      if (s.specifiers.some((sp) => sp.local.name === name) && !PACKAGE_MODULES.includes(s.source.value)) {
        return `the file already imports its own '${name}' from '${s.source.value}'`;
      }
      continue;
    }
    const decl = s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration' ? s.declaration : s;
    if (!decl) continue;
    if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id?.name === name) return `the file declares its own '${name}'`;
    if (decl.type === 'VariableDeclaration' && decl.declarations.some((d) => d.id.type === 'Identifier' && d.id.name === name)) return `the file declares its own '${name}'`;
  }
  return null;
}

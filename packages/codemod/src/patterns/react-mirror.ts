/**
 * React: a component that mirrors a key into local state by hand,
 *
 *   const [user, setUser] = useState(stateManager.get('user'));
 *   useEffect(() => {
 *     const unsubscribe = stateManager.subscribe('user', (value) => setUser(value));
 *     return unsubscribe;
 *   }, []);
 *
 * becomes `const [user] = useGlobalState('user');`. The hook re-renders only when the value
 * really changed and cannot leak the listener. We rewrite only when the effect does nothing
 * but mirror, the setter is used nowhere else (the hook's setter would write global state,
 * not local state) and the initial value is the manager's own.
 */
import type * as t from '@babel/types';
import { bodyStatements, isCallTo, isFunction, references, unwrap, walk } from '../ast.js';
import { removeNodeLines, textOf, type Edit } from '../edits.js';
import { at, emptyResult, type BlockResult, type PatternContext } from '../findings.js';
import { asSubscription, initialMatches, nameConflict, typeArgumentsText, keyOf, mirrorBody, subscriptionsIn, type Subscription } from './shared.js';

const EFFECT_HOOKS = ['useEffect', 'useLayoutEffect'];
const STATE_HOOKS = ['useState'];

interface StateDecl {
  statement: t.VariableDeclaration;
  pattern: t.ArrayPattern;
  call: t.CallExpression;
  value: t.Identifier;
  setter: t.Identifier;
}

interface EffectPart {
  sub: Subscription;
  /** Name the unsubscribe function is kept under, or null when the effect returns it directly. */
  unsubscribe: string | null;
}

export function reactMirrors(ctx: PatternContext): BlockResult {
  const result = emptyResult();
  walk(ctx.block.ast.program, (node) => {
    if (isFunction(node) && node.body.type === 'BlockStatement') analyzeBody(ctx, node.body, result);
  });
  return result;
}

function stateDeclarations(body: t.BlockStatement): Map<string, StateDecl> {
  const decls = new Map<string, StateDecl>();
  for (const statement of body.body) {
    if (statement.type !== 'VariableDeclaration' || statement.declarations.length !== 1) continue;
    const d = statement.declarations[0]!;
    if (d.id.type !== 'ArrayPattern' || !isCallTo(d.init, STATE_HOOKS)) continue;
    const [value, setter] = d.id.elements;
    if (d.id.elements.length !== 2 || value?.type !== 'Identifier' || setter?.type !== 'Identifier') continue;
    decls.set(setter.name, { statement, pattern: d.id, call: d.init, value, setter });
  }
  return decls;
}

/** Names a cleanup function calls, when it does nothing else: `u`, `() => u()`, `() => { a(); b?.(); }`. */
function cleanupNames(node: t.Node): string[] | null {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') return [inner.name];
  if (inner.type !== 'ArrowFunctionExpression' && inner.type !== 'FunctionExpression') return null;
  if (inner.params.length > 0) return null;
  const { statements, expressionBody } = bodyStatements(inner);
  const calls = expressionBody ? [expressionBody] : statements.map((s) => (s.type === 'ExpressionStatement' ? s.expression : null));
  const names: string[] = [];
  for (const call of calls) {
    const c = call && unwrap(call);
    if (!c || (c.type !== 'CallExpression' && c.type !== 'OptionalCallExpression') || c.arguments.length > 0 || c.callee.type !== 'Identifier') return null;
    names.push(c.callee.name);
  }
  return names;
}

/**
 * Splits an effect into subscriptions and their cleanup. Returns a reason string when the
 * effect does anything else (that work would be lost if we deleted the effect).
 */
function effectShape(fn: t.ArrowFunctionExpression | t.FunctionExpression): { parts: EffectPart[]; cleaned: string[] } | string {
  const { statements, expressionBody } = bodyStatements(fn);
  if (expressionBody) {
    const sub = asSubscription(expressionBody);
    return sub ? { parts: [{ sub, unsubscribe: null }], cleaned: [] } : 'the effect does other work besides subscribing';
  }
  const parts: EffectPart[] = [];
  const cleaned: string[] = [];
  for (const s of statements) {
    if (s.type === 'VariableDeclaration' && s.declarations.length === 1) {
      const d = s.declarations[0]!;
      const sub = asSubscription(d.init);
      if (sub && d.id.type === 'Identifier') {
        parts.push({ sub, unsubscribe: d.id.name });
        continue;
      }
    }
    if (s.type === 'ReturnStatement' && s.argument) {
      const sub = asSubscription(s.argument);
      if (sub) {
        parts.push({ sub, unsubscribe: null });
        continue;
      }
      const names = cleanupNames(s.argument);
      if (names) {
        cleaned.push(...names);
        continue;
      }
      return 'the effect cleanup does more than unsubscribe';
    }
    return 'the effect does other work besides subscribing';
  }
  return { parts, cleaned };
}

function analyzeBody(ctx: PatternContext, body: t.BlockStatement, result: BlockResult): void {
  const code = ctx.block.code;
  const states = stateDeclarations(body);
  for (const statement of body.body) {
    if (statement.type !== 'ExpressionStatement' || !isCallTo(statement.expression, EFFECT_HOOKS)) continue;
    const effect = unwrap(statement.expression.arguments[0] ?? statement.expression);
    if (effect.type !== 'ArrowFunctionExpression' && effect.type !== 'FunctionExpression') continue;
    const subs = subscriptionsIn(effect);
    if (subs.length === 0) continue;

    const shape = effectShape(effect);
    // Per subscription: the mirror it feeds, or why it is not a safe mirror.
    const mirrors = new Map<Subscription, StateDecl>();
    const reasons = new Map<Subscription, string>();
    const usedStates = new Set<StateDecl>();
    for (const sub of subs) {
      const reason = mirrorReason(sub, states, body, usedStates, (d) => mirrors.set(sub, d));
      if (reason) reasons.set(sub, reason);
    }
    let effectReason: string | null = typeof shape === 'string' ? shape : nameConflict(ctx.block.ast.program, ctx.options.reactHook);
    if (typeof shape !== 'string') {
      const kept = shape.parts.filter((p) => p.unsubscribe).map((p) => p.unsubscribe!);
      const sorted = (xs: string[]) => [...xs].sort().join(',');
      if (shape.parts.length !== subs.length) effectReason = 'a subscription is nested inside other code of the effect';
      else if (sorted(kept) !== sorted(shape.cleaned)) effectReason = 'the effect cleanup does not call exactly the unsubscribe functions it created';
      else {
        for (const name of kept) {
          // Declared once, called once in the cleanup: any other use would be lost.
          if (references(effect, name).length !== 2) effectReason = `'${name}' is used elsewhere in the effect`;
        }
      }
    }
    const rewritable = !effectReason && reasons.size === 0;
    for (const sub of subs) {
      const key = keyOf(sub);
      const what = sub.method === 'subscribeAll' ? 'subscribeAll(...) in an effect' : `subscribe(${key !== null ? `'${key}'` : '...'}) in an effect`;
      const decl = mirrors.get(sub);
      if (rewritable && decl) {
        result.findings.push(
          at(ctx, sub.call, {
            rule: 'react-subscribe-mirror',
            message: `${what} mirrored into useState [${decl.value.name}, ${decl.setter.name}]`,
            fix: `const [${decl.value.name}] = ${ctx.options.reactHook}('${key}')`,
          }),
        );
      } else {
        result.findings.push(
          at(ctx, sub.call, {
            rule: decl || feedsSetter(sub, states) ? 'react-subscribe-mirror' : 'manual-subscribe',
            message: decl ? `${what} mirrored into useState [${decl.value.name}, ${decl.setter.name}]` : what,
            reason: effectReason ?? reasons.get(sub) ?? 'not a plain mirror',
          }),
        );
      }
    }
    if (!rewritable) continue;

    const edits: Edit[] = [removeNodeLines(code, statement)];
    for (const [sub, decl] of mirrors) {
      const typeArgs = typeArgumentsText(code, decl.call);
      edits.push({ start: decl.pattern.start!, end: decl.pattern.end!, text: `[${decl.value.name}]` });
      edits.push({ start: decl.call.start!, end: decl.call.end!, text: `${ctx.options.reactHook}${typeArgs}(${textOf(code, sub.call.arguments[0]!)})` });
    }
    result.edits.push(...edits);
    result.imports.push({ module: ctx.options.reactModule, name: ctx.options.reactHook });
    result.maybeUnused.push({ module: 'react', names: [...EFFECT_HOOKS, ...STATE_HOOKS] });
  }
}

/** Null when `sub` is a safe mirror (and reports its state via `found`), else the reason. */
function mirrorReason(
  sub: Subscription,
  states: Map<string, StateDecl>,
  body: t.BlockStatement,
  used: Set<StateDecl>,
  found: (d: StateDecl) => void,
): string | null {
  if (sub.method === 'subscribeAll') return 'subscribeAll has no one-key hook; consider useGlobalStateListener';
  const key = keyOf(sub);
  if (key === null) return 'the key is not a string literal';
  const mirror = mirrorBody(sub.call.arguments[1]!);
  if (!mirror) return 'the callback does more than copy the value into state';
  const e = mirror.expression;
  if (e.type !== 'CallExpression' || e.callee.type !== 'Identifier' || e.arguments.length !== 1) return 'the callback does more than copy the value into state';
  const arg = e.arguments[0]!;
  if (arg.type !== 'Identifier' || arg.name !== mirror.param) return 'the callback transforms the value before storing it';
  const decl = states.get(e.callee.name);
  if (!decl) return `'${e.callee.name}' is not a useState setter of this component`;
  if (used.has(decl)) return `two subscriptions write '${decl.setter.name}'`;
  used.add(decl);
  // The declaration and the callback: anything more is a local write the hook would turn
  // into a global one.
  if (references(body, decl.setter.name).length !== 2) return `'${decl.setter.name}' is also called outside the subscription; the hook's setter writes global state`;
  if (!initialMatches(decl.call.arguments[0], sub, key)) return `useState starts from a value other than the manager's '${key}'; the hook starts from the stored value`;
  found(decl);
  return null;
}

/** The callback's one statement calls a useState setter of the component (maybe with a transform). */
function feedsSetter(sub: Subscription, states: Map<string, StateDecl>): boolean {
  const mirror = sub.method === 'subscribe' ? mirrorBody(sub.call.arguments[1]!) : null;
  const e = mirror?.expression;
  return !!e && e.type === 'CallExpression' && e.callee.type === 'Identifier' && states.has(e.callee.name);
}

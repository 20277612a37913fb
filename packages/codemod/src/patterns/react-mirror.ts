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
import { freshName, isPure, isSimpleCallTransform, sameText, substitute } from './transforms.js';
import { at, emptyResult, type BlockResult, type PatternContext } from '../findings.js';
import {
  asSubscription, initialMatches, nameConflict, typeArgumentsText, keyOf, mirrorBody, PACKAGE_MODULES, subscriptionsIn, type Subscription,
} from './shared.js';

const EFFECT_HOOKS = ['useEffect', 'useLayoutEffect'];
const STATE_HOOKS = ['useState'];

interface StateDecl {
  statement: t.VariableDeclaration;
  pattern: t.ArrayPattern;
  call: t.CallExpression;
  value: t.Identifier;
  setter: t.Identifier;
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

/** One statement of an effect, as the rewrite sees it. */
type Item =
  /** `const u = m.subscribe(…)`, `m.subscribe(…);` or `return m.subscribe(…)`. */
  | { kind: 'sub'; node: t.Node; sub: Subscription; unsubscribe: string | null; returned: boolean }
  /** `return <cleanup>`: the names it calls, and its statements when written as a function. */
  | { kind: 'cleanup'; node: t.ReturnStatement; calls: CleanupCall[]; whole: boolean }
  /** `setX(…)` on a state setter of the component: maybe a seed from `m.get(key)`. */
  | { kind: 'seed'; node: t.ExpressionStatement; setter: string; value: t.Expression }
  /** Anything else: stays in the effect. */
  | { kind: 'other'; node: t.Node };

/** A statement of the cleanup: `u()` / `u?.()` (name), or other work (null). */
interface CleanupCall {
  node: t.Node;
  name: string | null;
}

/** A mirrored key, with the transform its listener applied (`value || 'light'`), if any. */
interface Mirror {
  sub: Subscription;
  decl: StateDecl;
  item: Item & { kind: 'sub' };
  /** The listener's value parameter and the expression passed to the setter. */
  param: string;
  value: t.Expression;
  transformed: boolean;
  seeds: (Item & { kind: 'seed' })[];
}

function calledName(node: t.Node): string | null {
  const c = unwrap(node.type === 'ExpressionStatement' ? node.expression : node);
  if ((c.type === 'CallExpression' || c.type === 'OptionalCallExpression') && c.arguments.length === 0 && c.callee.type === 'Identifier') return c.callee.name;
  return null;
}

function cleanupItem(node: t.ReturnStatement): Item {
  const arg = unwrap(node.argument!);
  if (arg.type === 'Identifier') return { kind: 'cleanup', node, calls: [{ node: arg, name: arg.name }], whole: true };
  if ((arg.type === 'ArrowFunctionExpression' || arg.type === 'FunctionExpression') && arg.params.length === 0) {
    const { statements, expressionBody } = bodyStatements(arg);
    const parts = expressionBody ? [expressionBody] : statements;
    return { kind: 'cleanup', node, calls: parts.map((p) => ({ node: p, name: calledName(p) })), whole: false };
  }
  return { kind: 'other', node };
}

/** The effect's statements, classified. */
function effectItems(fn: t.ArrowFunctionExpression | t.FunctionExpression, setters: ReadonlySet<string>): Item[] {
  const { statements, expressionBody } = bodyStatements(fn);
  if (expressionBody) {
    const sub = asSubscription(expressionBody);
    return [sub ? { kind: 'sub', node: expressionBody, sub, unsubscribe: null, returned: true } : { kind: 'other', node: expressionBody }];
  }
  return statements.map((s): Item => {
    if (s.type === 'VariableDeclaration' && s.declarations.length === 1) {
      const d = s.declarations[0]!;
      const sub = asSubscription(d.init);
      if (sub && sub.call === unwrap(d.init!) && d.id.type === 'Identifier') return { kind: 'sub', node: s, sub, unsubscribe: d.id.name, returned: false };
    }
    if (s.type === 'ReturnStatement' && s.argument) {
      const sub = asSubscription(s.argument);
      if (sub && sub.call === unwrap(s.argument)) return { kind: 'sub', node: s, sub, unsubscribe: null, returned: true };
      return cleanupItem(s);
    }
    if (s.type === 'ExpressionStatement') {
      const sub = asSubscription(s.expression);
      if (sub && sub.call === unwrap(s.expression)) return { kind: 'sub', node: s, sub, unsubscribe: null, returned: false };
      const e = unwrap(s.expression);
      if (e.type === 'CallExpression' && e.callee.type === 'Identifier' && setters.has(e.callee.name) && e.arguments.length === 1 && e.arguments[0]!.type !== 'SpreadElement') {
        return { kind: 'seed', node: s, setter: e.callee.name, value: e.arguments[0] as t.Expression };
      }
    }
    return { kind: 'other', node: s };
  });
}

/** The hook to write: the Valtio-named one where the file already uses the Valtio-named hooks. */
function hookFor(ctx: PatternContext): string {
  for (const s of ctx.block.ast.program.body) {
    if (s.type !== 'ImportDeclaration' || !PACKAGE_MODULES.includes(s.source.value)) continue;
    if (s.specifiers.some((sp) => sp.type === 'ImportSpecifier' && sp.imported.type === 'Identifier' && /^useValtio.*(?<!Vue)$/.test(sp.imported.name))) return 'useValtioGlobalState';
  }
  return ctx.options.reactHook;
}

function analyzeBody(ctx: PatternContext, body: t.BlockStatement, result: BlockResult): void {
  const code = ctx.block.code;
  const states = stateDeclarations(body);
  const hook = hookFor(ctx);
  const claimed = new Set<StateDecl>();
  for (const statement of body.body) {
    if (statement.type !== 'ExpressionStatement' || !isCallTo(statement.expression, EFFECT_HOOKS)) continue;
    const effect = unwrap(statement.expression.arguments[0] ?? statement.expression);
    if (effect.type !== 'ArrowFunctionExpression' && effect.type !== 'FunctionExpression') continue;
    const subs = subscriptionsIn(effect);
    if (subs.length === 0) continue;

    const items = effectItems(effect, new Set(states.keys()));
    // By call node: subscriptionsIn and effectItems each build their own Subscription objects.
    const subItems = new Map<t.CallExpression, Item & { kind: 'sub' }>();
    for (const item of items) if (item.kind === 'sub') subItems.set(item.sub.call, item);
    const cleanups = items.filter((i): i is Item & { kind: 'cleanup' } => i.kind === 'cleanup');
    const cleaned = cleanups.flatMap((c) => c.calls.map((x) => x.name).filter((n): n is string => n !== null));

    // Per subscription: the mirror it feeds, or why it is not a safe one.
    const mirrors = new Map<Subscription, Mirror>();
    const reasons = new Map<Subscription, string>();
    const conflict = nameConflict(ctx.block.ast.program, hook);
    const fedBy = new Map<StateDecl, number>();
    for (const sub of subs) {
      const fed = feedsSetter(sub, states);
      if (fed) fedBy.set(fed, (fedBy.get(fed) ?? 0) + 1);
    }
    for (const [decl, n] of fedBy) if (n > 1) claimed.add(decl);
    for (const sub of subs) {
      const item = subItems.get(sub.call);
      const reason = conflict ?? (item ? mirrorReason(ctx, sub, item, items, states, body, effect, claimed, cleaned, cleanups, (m) => mirrors.set(sub, m)) : 'a subscription is nested inside other code of the effect');
      if (reason) reasons.set(sub, reason);
    }

    for (const sub of subs) {
      const key = keyOf(sub);
      const what = sub.method === 'subscribeAll' ? 'subscribeAll(...) in an effect' : `subscribe(${key !== null ? `'${key}'` : '...'}) in an effect`;
      const mirror = mirrors.get(sub);
      if (mirror) {
        const { decl } = mirror;
        result.findings.push(at(ctx, sub.call, {
          rule: 'react-subscribe-mirror',
          message: `${what} mirrored into useState [${decl.value.name}, ${decl.setter.name}]`,
          fix: mirror.transformed
            ? `const ${decl.value.name} = ${substitute(code, mirror.value, mirror.param, `${hook}('${key}')[0]`)}`
            : `const [${decl.value.name}] = ${hook}('${key}')`,
        }));
        continue;
      }
      const fed = feedsSetter(sub, states);
      result.findings.push(at(ctx, sub.call, {
        rule: fed ? 'react-subscribe-mirror' : 'manual-subscribe',
        message: fed ? `${what} mirrored into useState [${fed.value.name}, ${fed.setter.name}]` : what,
        reason: reasons.get(sub) ?? 'not a plain mirror',
      }));
    }
    if (mirrors.size === 0) continue;

    const edits: Edit[] = [];
    const gone = new Set<t.Node>();
    for (const m of mirrors.values()) {
      gone.add(m.item.node);
      for (const seed of m.seeds) gone.add(seed.node);
    }
    const goneNames = new Set([...mirrors.values()].map((m) => m.item.unsubscribe).filter((n): n is string => n !== null));
    const keptCleanupCalls = (c: Item & { kind: 'cleanup' }) => c.calls.filter((x) => x.name === null || !goneNames.has(x.name));
    const keptItems = items.filter((i) => !gone.has(i.node) && (i.kind !== 'cleanup' || keptCleanupCalls(i).length > 0));
    if (keptItems.length === 0) {
      edits.push(removeNodeLines(code, statement));
    } else {
      for (const node of gone) edits.push(removeNodeLines(code, node));
      for (const c of cleanups) {
        const kept = keptCleanupCalls(c);
        if (kept.length === 0) edits.push(removeNodeLines(code, c.node));
        else if (kept.length < c.calls.length) for (const x of c.calls) if (!kept.includes(x)) edits.push(removeNodeLines(code, x.node));
      }
    }
    for (const m of mirrors.values()) {
      const { decl, sub } = m;
      const keyText = textOf(code, sub.call.arguments[0]!);
      if (!m.transformed) {
        const typeArgs = typeArgumentsText(code, decl.call);
        edits.push({ start: decl.pattern.start!, end: decl.pattern.end!, text: `[${decl.value.name}]` });
        edits.push({ start: decl.call.start!, end: decl.call.end!, text: `${hook}${typeArgs}(${keyText})` });
        continue;
      }
      // `const [theme, setTheme] = useState('light')` + `(value) => setTheme(value || 'light')`
      // becomes the stored value under a new name, and `theme` the listener's transform of it.
      const raw = freshName(body, decl.value.name);
      const typeArgs = rawTypeArguments(code, sub, decl);
      const lineStart = code.lastIndexOf('\n', decl.statement.start! - 1) + 1;
      const indent = code.slice(lineStart, decl.statement.start!).match(/^\s*/)![0];
      const eol = code.includes('\r\n') ? '\r\n' : '\n';
      const semi = code[decl.statement.end! - 1] === ';' ? ';' : '';
      edits.push({
        start: decl.statement.start!, end: decl.statement.end!,
        text: `const [${raw}] = ${hook}${typeArgs}(${keyText})${semi}${eol}${indent}const ${decl.value.name} = ${substitute(code, m.value, m.param, raw)}${semi}`,
      });
    }
    result.edits.push(...edits);
    result.imports.push({ module: ctx.options.reactModule, name: hook });
    result.maybeUnused.push({ module: 'react', names: [...EFFECT_HOOKS, ...STATE_HOOKS] });
  }
}

/** Type arguments for the raw stored value: `subscribe<T>`, else `get<T>` of the seed, else useState's. */
function rawTypeArguments(code: string, sub: Subscription, decl: StateDecl): string {
  const own = sub.call.typeParameters;
  if (own) return code.slice(own.start!, own.end!);
  return typeArgumentsText(code, decl.call);
}

/** Null when `sub` is a safe mirror (and reports it via `found`), else the reason. */
function mirrorReason(
  ctx: PatternContext,
  sub: Subscription,
  item: Item & { kind: 'sub' },
  items: Item[],
  states: Map<string, StateDecl>,
  body: t.BlockStatement,
  effect: t.Node,
  claimed: Set<StateDecl>,
  cleaned: string[],
  cleanups: (Item & { kind: 'cleanup' })[],
  found: (m: Mirror) => void,
): string | null {
  const code = ctx.block.code;
  if (sub.method === 'subscribeAll') return 'subscribeAll has no one-key hook; consider useGlobalStateListener';
  const key = keyOf(sub);
  if (key === null) return 'the key is not a string literal';
  const mirror = mirrorBody(sub.call.arguments[1]!);
  if (!mirror) return 'the callback does more than copy the value into state';
  const e = mirror.expression;
  if (e.type !== 'CallExpression' || e.callee.type !== 'Identifier' || e.arguments.length !== 1 || e.arguments[0]!.type === 'SpreadElement') {
    return 'the callback does more than copy the value into state';
  }
  const value = e.arguments[0] as t.Expression;
  const plain = value.type === 'Identifier' && value.name === mirror.param;
  if (!plain) {
    // A transform runs at render time after the rewrite: it may read the value and what is
    // in scope there, but nothing the listener declared, and it must not write anything.
    if (references(value, mirror.param).length === 0) return 'the callback stores something other than the value';
    if (!isPure(value) && !isSimpleCallTransform(value)) return 'the callback transforms the value with code that may have side effects';
  }
  const decl = states.get(e.callee.name);
  if (!decl) return `'${e.callee.name}' is not a useState setter of this component`;
  if (claimed.has(decl)) return `two subscriptions write '${decl.setter.name}'`;
  // The unsubscribe function: kept only to be called by the cleanup.
  if (item.unsubscribe !== null) {
    if (!cleaned.includes(item.unsubscribe)) return 'the effect cleanup does not call exactly the unsubscribe functions it created';
    if (references(effect, item.unsubscribe).length !== 2) return `the effect does other work with '${item.unsubscribe}' besides cleaning up`;
  } else if (!item.returned) {
    return 'the subscription is never cleaned up (its unsubscribe function is dropped)';
  } else if (cleanups.length > 0) {
    return 'the effect returns the subscription and has a cleanup too';
  }
  // Seeds: `setX(m.get(key))` (or the transform of it) in this effect repeat what the hook does.
  const getText = `${textOf(code, sub.receiver)}.get(${textOf(code, sub.call.arguments[0]!)})`;
  const expected = substitute(code, value, mirror.param, getText);
  const seeds = items.filter((i): i is Item & { kind: 'seed' } => i.kind === 'seed' && i.setter === decl.setter.name);
  for (const seed of seeds) {
    if (!sameText(textOf(code, seed.value), expected)) return `the effect sets '${decl.setter.name}' to something other than the manager's '${key}'`;
  }
  // Every other call of the setter would turn from a local write into nothing (or a global write).
  if (references(body, decl.setter.name).length !== 2 + seeds.length) {
    return `'${decl.setter.name}' is also called outside the subscription; the hook's setter writes global state`;
  }
  const initial = decl.call.arguments[0];
  if (seeds.length > 0) {
    if (!isPure(initial)) return 'useState starts from a value computed by code that may have side effects';
  } else if (plain ? !initialMatches(initial, sub, key) : !initial || !sameText(textOf(code, initial), expected)) {
    return `useState starts from a value other than the manager's '${key}'${plain ? '' : ' (through the same transform)'}; the hook starts from the stored value`;
  }
  claimed.add(decl);
  found({ sub, decl, item, param: mirror.param, value, transformed: !plain, seeds });
  return null;
}

/** The state whose setter the callback's one statement calls (maybe with a transform). */
function feedsSetter(sub: Subscription, states: Map<string, StateDecl>): StateDecl | null {
  const mirror = sub.method === 'subscribe' ? mirrorBody(sub.call.arguments[1]!) : null;
  const e = mirror?.expression;
  return e && e.type === 'CallExpression' && e.callee.type === 'Identifier' ? (states.get(e.callee.name) ?? null) : null;
}

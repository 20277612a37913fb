/**
 * Vue: a component that mirrors a key into a ref by hand,
 *
 *   const user = ref(stateManager.get('user'));
 *   let unsubscribe;
 *   onMounted(() => { unsubscribe = stateManager.subscribe('user', (v) => { user.value = v; }); });
 *   onUnmounted(() => { unsubscribe?.(); });
 *
 * becomes `const { value: user } = useValtioGlobalStateVue('user');` (still a ref, so the
 * template and `user.value` reads are unchanged). We rewrite only when nothing else writes
 * the ref (script or template: the composable owns it), the unsubscribe function is used
 * only for the cleanup, and the ref starts from the manager's value.
 */
import type * as t from '@babel/types';
import { bodyStatements, isCallTo, references, unwrap, walk } from '../ast.js';
import { removeNodeLines, textOf, type Edit } from '../edits.js';
import { freshName, isPure, isSimpleCallTransform, sameText, substitute } from './transforms.js';
import { at, emptyResult, type BlockResult, type PatternContext } from '../findings.js';
import { parseScript, ParseFailure } from '../source.js';
import { asSubscription, initialMatches, nameConflict, typeArgumentsText, keyOf, mirrorBody, rootIdentifier, subscriptionsIn, type Subscription } from './shared.js';

const MOUNT_HOOKS = ['onMounted'];
const UNMOUNT_HOOKS = ['onUnmounted', 'onBeforeUnmount'];
const REF_FACTORIES = ['ref', 'shallowRef'];

interface RefDecl {
  statement: t.VariableDeclaration;
  declarator: t.VariableDeclarator;
  id: t.Identifier;
  call: t.CallExpression;
}

interface Hook {
  statement: t.ExpressionStatement;
  /** The hook callback's statements (an arrow's expression body counts as one). */
  items: t.Node[];
}

export function vueMirrors(ctx: PatternContext): BlockResult {
  const result = emptyResult();
  analyzeList(ctx, ctx.block.ast.program.body, ctx.block.ast.program, result);
  walk(ctx.block.ast.program, (node) => {
    if (node.type === 'BlockStatement') analyzeList(ctx, node.body, node, result);
  });
  return result;
}

function hooksIn(list: t.Statement[], names: string[]): Hook[] {
  const hooks: Hook[] = [];
  for (const statement of list) {
    if (statement.type !== 'ExpressionStatement' || !isCallTo(statement.expression, names)) continue;
    const fn = statement.expression.arguments[0];
    if (!fn || (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression')) continue;
    const { statements, expressionBody } = bodyStatements(fn);
    hooks.push({ statement, items: expressionBody ? [expressionBody] : statements });
  }
  return hooks;
}

/** `u()`, `u?.()`, `u && u()`, `if (u) u()`, `if (u) { u(); }`: the name cleaned, else null. */
function cleanupTarget(item: t.Node): string | null {
  let node = unwrap(item.type === 'ExpressionStatement' ? item.expression : item);
  if (node.type === 'IfStatement') {
    if (node.alternate || node.test.type !== 'Identifier') return null;
    const body = node.consequent.type === 'BlockStatement' ? node.consequent.body : [node.consequent];
    if (body.length !== 1 || body[0]!.type !== 'ExpressionStatement') return null;
    const inner = cleanupTarget(body[0]!);
    return inner === node.test.name ? inner : null;
  }
  if (node.type === 'LogicalExpression' && node.operator === '&&' && node.left.type === 'Identifier') {
    const inner = cleanupTarget(node.right);
    return inner === node.left.name ? inner : null;
  }
  node = unwrap(node);
  if ((node.type === 'CallExpression' || node.type === 'OptionalCallExpression') && node.arguments.length === 0 && node.callee.type === 'Identifier') return node.callee.name;
  return null;
}

/** Does anything under `root` (outside `except`) write through `name` (`name.value = …`, `name.value.push(…)`)? */
function writesThrough(root: t.Node, name: string, except: readonly t.Node[]): boolean {
  let writes = false;
  walk(root, (node) => {
    if (writes || except.includes(node)) return 'skip';
    let target: t.Node | null = null;
    if (node.type === 'AssignmentExpression') target = node.left;
    else if (node.type === 'UpdateExpression') target = node.argument;
    else if (node.type === 'UnaryExpression' && node.operator === 'delete') target = node.argument;
    else if ((node.type === 'CallExpression' || node.type === 'OptionalCallExpression') && (node.callee.type === 'MemberExpression' || node.callee.type === 'OptionalMemberExpression')) {
      // `x.value.push(v)` may mutate what the composable owns; `x.value.toFixed()` may not,
      // but we cannot tell them apart without types, so both count.
      const object = unwrap(node.callee.object);
      if (object.type === 'MemberExpression' || object.type === 'OptionalMemberExpression') target = object;
    }
    if (target && rootIdentifier(target)?.name === name) writes = true;
    return undefined;
  });
  return writes;
}

/** Template code that writes the ref (`v-model="user"`, `@click="count++"`), or could. */
function templateWrites(ctx: PatternContext, name: string): string | null {
  for (const w of ctx.file.templateWrites) {
    let ast: t.File;
    try {
      ast = parseScript(ctx.file.path, w.code, ['typescript']);
    } catch (error) {
      if (error instanceof ParseFailure) return `the template expression on line ${w.line} could not be analysed`;
      throw error;
    }
    const statement = ast.program.body[0];
    if (w.directive === 'model' && statement?.type === 'ExpressionStatement' && rootIdentifier(statement.expression)?.name === name) {
      return `the template binds v-model to '${name}' (line ${w.line}); the composable owns the ref`;
    }
    // Templates unwrap refs, so `count++` there is `count.value++` in script terms.
    let writes = false;
    walk(ast.program, (node) => {
      if (node.type === 'AssignmentExpression' && rootIdentifier(node.left)?.name === name) writes = true;
      if (node.type === 'UpdateExpression' && rootIdentifier(node.argument)?.name === name) writes = true;
    });
    if (writes) return `the template writes '${name}' (line ${w.line}); the composable owns the ref`;
  }
  return null;
}

function analyzeList(ctx: PatternContext, list: t.Statement[], container: t.Node, result: BlockResult): void {
  const mounts = hooksIn(list, MOUNT_HOOKS);
  if (mounts.length === 0) return;
  const unmounts = hooksIn(list, UNMOUNT_HOOKS);
  const refs = new Map<string, RefDecl>();
  const lets = new Map<string, t.VariableDeclaration>();
  for (const statement of list) {
    if (statement.type !== 'VariableDeclaration' || statement.declarations.length !== 1) continue;
    const d = statement.declarations[0]!;
    if (d.id.type !== 'Identifier') continue;
    if (statement.kind === 'const' && isCallTo(d.init, REF_FACTORIES)) refs.set(d.id.name, { statement, declarator: d, id: d.id, call: d.init });
    const init = d.init && unwrap(d.init);
    const empty = !init || init.type === 'NullLiteral' || (init.type === 'Identifier' && init.name === 'undefined');
    if (statement.kind !== 'const' && empty) lets.set(d.id.name, statement);
  }

  const code = ctx.block.code;
  const removed = new Set<t.Node>();
  const edits: Edit[] = [];
  const usedRefs = new Set<RefDecl>();
  for (const mount of mounts) {
    for (const item of mount.items) {
      const subs = subscriptionsIn(item);
      if (subs.length === 0) continue;
      for (const sub of subs) {
        const verdict = judge(ctx, sub, item, list, container, refs, lets, unmounts, usedRefs, mount.items);
        const key = keyOf(sub);
        const what = sub.method === 'subscribeAll' ? 'subscribeAll(...) in onMounted' : `subscribe(${key !== null ? `'${key}'` : '...'}) in onMounted`;
        if (typeof verdict === 'string') {
          const mirrored = mirrorTarget(sub);
          result.findings.push(at(ctx, sub.call, { rule: mirrored ? 'vue-subscribe-mirror' : 'manual-subscribe', message: mirrored ? `${what} mirrored into ref '${mirrored}'` : what, reason: verdict }));
          continue;
        }
        const { ref, letDecl, cleanups, seeds, transform } = verdict;
        const name = ref.id.name;
        const raw = transform ? freshName(container, name) : name;
        result.findings.push(
          at(ctx, sub.call, {
            rule: 'vue-subscribe-mirror',
            message: `${what} mirrored into ref '${name}'`,
            fix: transform
              ? `const { value: ${raw} } = ${ctx.options.vueComposable}('${key}'); const ${name} = computed(() => ${substitute(code, transform.value, transform.param, `${raw}.value`)})`
              : `const { value: ${name} } = ${ctx.options.vueComposable}('${key}')`,
          }),
        );
        removed.add(item);
        for (const c of cleanups) removed.add(c);
        for (const seed of seeds) removed.add(seed);
        edits.push(removeNodeLines(code, letDecl));
        const keyText = textOf(code, sub.call.arguments[0]!);
        if (!transform) {
          const typeArgs = typeArgumentsText(code, ref.call);
          edits.push({ start: ref.declarator.id.start!, end: ref.declarator.id.end!, text: `{ value: ${name} }` });
          edits.push({ start: ref.call.start!, end: ref.call.end!, text: `${ctx.options.vueComposable}${typeArgs}(${keyText})` });
        } else {
          // The stored value under a new name, and the ref the listener kept as a computed of it.
          const own = sub.call.typeParameters;
          const typeArgs = own ? code.slice(own.start!, own.end!) : typeArgumentsText(code, ref.call);
          const lineStart = code.lastIndexOf('\n', ref.statement.start! - 1) + 1;
          const indent = code.slice(lineStart, ref.statement.start!).match(/^\s*/)![0];
          const eol = code.includes('\r\n') ? '\r\n' : '\n';
          const semi = code[ref.statement.end! - 1] === ';' ? ';' : '';
          edits.push({
            start: ref.statement.start!, end: ref.statement.end!,
            text: `const { value: ${raw} } = ${ctx.options.vueComposable}${typeArgs}(${keyText})${semi}${eol}${indent}const ${name} = computed(() => ${substitute(code, transform.value, transform.param, `${raw}.value`)})${semi}`,
          });
          result.imports.push({ module: 'vue', name: 'computed' });
        }
      }
    }
  }
  if (removed.size === 0) return;
  // A hook left with nothing to do goes as a whole; otherwise only the removed statements.
  for (const hook of [...mounts, ...unmounts]) {
    const gone = hook.items.filter((i) => removed.has(i));
    if (gone.length === 0) continue;
    if (gone.length === hook.items.length) edits.push(removeNodeLines(code, hook.statement));
    else for (const item of gone) edits.push(removeNodeLines(code, item));
  }
  result.edits.push(...edits);
  result.imports.push({ module: ctx.options.vueModule, name: ctx.options.vueComposable });
  result.maybeUnused.push({ module: 'vue', names: [...MOUNT_HOOKS, ...UNMOUNT_HOOKS, ...REF_FACTORIES] });
}

/** The ref a callback stores the value into (`x.value = v`, or a transform of v), if that is all it does. */
function mirrorAssignment(sub: Subscription): { name: string; value: t.Expression; param: string } | null {
  if (sub.method !== 'subscribe') return null;
  const mirror = mirrorBody(sub.call.arguments[1]!);
  if (!mirror) return null;
  const e = mirror.expression;
  if (e.type !== 'AssignmentExpression' || e.operator !== '=' || e.left.type !== 'MemberExpression' || e.left.computed) return null;
  if (e.left.object.type !== 'Identifier' || e.left.property.type !== 'Identifier' || e.left.property.name !== 'value') return null;
  return { name: e.left.object.name, value: e.right, param: mirror.param };
}

/** The ref a callback copies its value into, unchanged or through a transform. */
function mirrorTarget(sub: Subscription): string | null {
  return mirrorAssignment(sub)?.name ?? null;
}

/** `x.value = <expr>` as a statement: a seed of ref `x` when it is the manager's value. */
function seedOf(item: t.Node): { name: string; value: t.Expression } | null {
  const e = item.type === 'ExpressionStatement' ? unwrap(item.expression) : null;
  if (!e || e.type !== 'AssignmentExpression' || e.operator !== '=' || e.left.type !== 'MemberExpression' || e.left.computed) return null;
  if (e.left.object.type !== 'Identifier' || e.left.property.type !== 'Identifier' || e.left.property.name !== 'value') return null;
  return { name: e.left.object.name, value: e.right };
}

function judge(
  ctx: PatternContext,
  sub: Subscription,
  item: t.Node,
  list: t.Statement[],
  container: t.Node,
  refs: Map<string, RefDecl>,
  lets: Map<string, t.VariableDeclaration>,
  unmounts: Hook[],
  usedRefs: Set<RefDecl>,
  mountItems: t.Node[],
): string | Verdict {
  if (sub.method === 'subscribeAll') return 'subscribeAll has no one-key composable; consider useValtioGlobalStateListenerVue';
  const conflict = nameConflict(ctx.block.ast.program, ctx.options.vueComposable);
  if (conflict) return conflict;
  const key = keyOf(sub);
  if (key === null) return 'the key is not a string literal';
  const assignment = mirrorAssignment(sub);
  if (!assignment) return 'the callback does more than copy the value into a ref';
  const target = assignment.name;
  const plain = assignment.value.type === 'Identifier' && assignment.value.name === assignment.param;
  if (!plain) {
    if (references(assignment.value, assignment.param).length === 0) return 'the callback stores something other than the value';
    if (!isPure(assignment.value) && !isSimpleCallTransform(assignment.value)) return 'the callback transforms the value with code that may have side effects';
  }
  const ref = refs.get(target);
  if (!ref) return `'${target}' is not a ref declared next to this onMounted`;
  if (usedRefs.has(ref)) return `two subscriptions write '${target}'`;
  usedRefs.add(ref);
  // The statement must be exactly `u = m.subscribe(...)`: anything around it would be lost.
  const expression = item.type === 'ExpressionStatement' ? unwrap(item.expression) : null;
  if (!expression || expression.type !== 'AssignmentExpression' || expression.operator !== '=' || unwrap(expression.right) !== sub.call || expression.left.type !== 'Identifier') {
    return 'the unsubscribe function is not kept in a variable for onUnmounted';
  }
  const unsub = expression.left.name;
  const letDecl = lets.get(unsub);
  if (!letDecl) return `'${unsub}' is not a let declared next to this onMounted`;
  const cleanups = unmounts.flatMap((h) => h.items.filter((i) => cleanupTarget(i) === unsub));
  if (cleanups.length === 0) return `no onUnmounted cleanup calls '${unsub}'`;
  const uses = 2 + cleanups.reduce((n, c) => n + references(c, unsub).length, 0);
  if (references(container, unsub).length !== uses) return `'${unsub}' is used outside the subscribe/cleanup pair`;
  // Seeds in onMounted (`x.value = m.get(key)`, or the transform of it) repeat what the composable does.
  const code = ctx.block.code;
  const expected = substitute(code, assignment.value, assignment.param, `${textOf(code, sub.receiver)}.get(${textOf(code, sub.call.arguments[0]!)})`);
  const seeds = mountItems.filter((i) => seedOf(i)?.name === target);
  for (const seed of seeds) {
    if (!sameText(textOf(code, seedOf(seed)!.value), expected)) return `onMounted sets '${target}' to something other than the manager's '${key}'`;
  }
  const initial = ref.call.arguments[0];
  if (seeds.length > 0) {
    if (!isPure(initial)) return 'the ref starts from a value computed by code that may have side effects';
  } else if (plain ? !initialMatches(initial, sub, key) : !initial || !sameText(textOf(code, initial), expected)) {
    return `the ref starts from a value other than the manager's '${key}'${plain ? '' : ' (through the same transform)'}; the composable starts from the stored value`;
  }
  const callback = sub.call.arguments[1]!;
  if (list.some((s) => writesThrough(s, target, [callback, ...seeds]))) {
    return `'${target}' is also written outside the subscription; the composable owns the ref`;
  }
  return templateWrites(ctx, target) ?? { ref, letDecl, cleanups, seeds, transform: plain ? null : assignment };
}

interface Verdict {
  ref: RefDecl;
  letDecl: t.VariableDeclaration;
  cleanups: t.Node[];
  seeds: t.Node[];
  /** The listener's transform (`v || 'light'`), or null when it stores the value as is. */
  transform: { value: t.Expression; param: string } | null;
}

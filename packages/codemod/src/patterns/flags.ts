/**
 * Patterns we report but never rewrite: each needs a decision only the MFE's authors can
 * make, so the report says what to do instead.
 */
import { isFunction, unwrap, walk } from '../ast.js';
import { keyOf, subscriptionsIn } from './shared.js';
import { at, emptyResult, type BlockResult, type PatternContext } from '../findings.js';

const MANAGER_CLASSES = new Set(['ValtioStateManager', 'UniversalStateManager']);
const GLOBAL_OBJECTS = new Set(['window', 'globalThis', 'self']);
// What a class component keeps, and why: it still works on both managers as it is.
const CLASS_ADVICE =
  'a class component cannot call hooks, so its subscription (and the cleanup in componentWillUnmount) stays as written and keeps working on both managers; ' +
  'to migrate it, turn the class into a function component and read the key with useGlobalState';
// Lifecycle methods of Vue's Options API and React class components: a subscription there
// is the same legacy mirror, in a shape the hooks and composables cannot replace in place.
const LIFECYCLE_METHODS: Record<string, string> = {
  created: 'move the component to setup() with useValtioGlobalStateVue',
  beforeMount: 'move the component to setup() with useValtioGlobalStateVue',
  mounted: 'move the component to setup() with useValtioGlobalStateVue',
  componentDidMount: CLASS_ADVICE,
  componentDidUpdate: CLASS_ADVICE,
};
// The legacy manager's console handle and the new manager's.
const DEBUG_HANDLES = new Set(['__MFE_STATE__', '__MFE_VALTIO_STATE__']);

export function flags(ctx: PatternContext): BlockResult {
  const result = emptyResult();
  walk(ctx.block.ast.program, (node) => {
    if (node.type === 'BinaryExpression' && node.operator === 'instanceof') {
      const right = node.right;
      const name =
        right.type === 'Identifier' ? right.name : right.type === 'MemberExpression' && !right.computed && right.property.type === 'Identifier' ? right.property.name : null;
      if (name && MANAGER_CLASSES.has(name)) {
        result.findings.push(
          at(ctx, node, {
            rule: 'instanceof-manager',
            message: `instanceof ${name}`,
            reason:
              'an MFE bundled with its own copy of the package gets false here even on the right manager, and both managers implement the same API: ' +
              "drop the branch (the hooks work on both), or test `typeof manager.getProxyStore === 'function'` where you need the new manager's extras",
          }),
        );
      }
    }
    if ((node.type === 'ObjectMethod' || node.type === 'ClassMethod' || node.type === 'ObjectProperty') && !node.computed && node.key.type === 'Identifier') {
      const advice = LIFECYCLE_METHODS[node.key.name];
      const fn = node.type === 'ObjectProperty' ? node.value : node;
      if (advice && isFunction(fn)) {
        for (const sub of subscriptionsIn(fn)) {
          const key = keyOf(sub);
          result.findings.push(
            at(ctx, sub.call, {
              rule: 'manual-subscribe',
              message: `${sub.method}(${key !== null ? `'${key}'` : '...'}) in ${node.key.name}()`,
              reason: advice === CLASS_ADVICE ? advice : `a lifecycle method is not rewritten automatically: ${advice}`,
            }),
          );
        }
      }
    }
    if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') {
      const p = node.property;
      const prop = !node.computed && p.type === 'Identifier' ? p.name : node.computed && p.type === 'StringLiteral' ? p.value : null;
      const object = unwrap(node.object);
      if (prop !== null && DEBUG_HANDLES.has(prop) && object.type === 'Identifier' && GLOBAL_OBJECTS.has(object.name)) {
        result.findings.push(
          at(ctx, node, {
            rule: 'window-debug-handle',
            message: `${object.name}.${prop} used as an API`,
            reason:
              'the console handle exists only when devtools is on and is not an API: take the manager from the services object the container passes, ' +
              'or call getGlobalStateManager() (one manager per page, even across bundled copies of the package), or use the hooks',
          }),
        );
      }
    }
  });
  return result;
}

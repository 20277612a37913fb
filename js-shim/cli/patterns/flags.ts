/**
 * Patterns we report but never rewrite: each needs a decision only the MFE's authors can
 * make, so the report says what to do instead.
 */
import { unwrap, walk } from '../ast.js';
import { at, emptyResult, type BlockResult, type PatternContext } from '../findings.js';

const MANAGER_CLASSES = new Set(['ValtioStateManager', 'UniversalStateManager']);
const GLOBAL_OBJECTS = new Set(['window', 'globalThis', 'self']);
const DEBUG_HANDLE = '__MFE_STATE__';

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
    if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') {
      const p = node.property;
      const prop = !node.computed && p.type === 'Identifier' ? p.name : node.computed && p.type === 'StringLiteral' ? p.value : null;
      const object = unwrap(node.object);
      if (prop === DEBUG_HANDLE && object.type === 'Identifier' && GLOBAL_OBJECTS.has(object.name)) {
        result.findings.push(
          at(ctx, node, {
            rule: 'window-debug-handle',
            message: `${object.name}.${DEBUG_HANDLE} used as an API`,
            reason: 'the debug handle exists only when devtools is on and is meant for the console: take the manager from the services object the container passes, or use the hooks',
          }),
        );
      }
    }
  });
  return result;
}

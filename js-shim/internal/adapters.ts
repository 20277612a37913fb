/**
 * `getAdapter(framework)`: the framework code is imported only when asked for, so an app
 * that never calls it never loads React or Vue glue (SPEC section 2, subpath entries).
 */
import type { FrameworkName, StateManager } from '../types.js';
import { StateValidationError } from '../errors.js';

export async function loadAdapter(manager: StateManager, framework: FrameworkName, valtio: boolean): Promise<unknown> {
  switch (framework) {
    case 'vanilla':
      return manager;
    case 'react': {
      const react = await import('../react/index.js');
      return valtio ? react.createValtioReactAdapter(manager as never) : react.createReactAdapter(manager as never);
    }
    case 'vue': {
      const vue = await import('../vue/index.js');
      return valtio ? vue.createValtioVueAdapter(manager as never) : new vue.VueAdapter(manager as never);
    }
    default:
      throw new StateValidationError('BAD_VALUE', `unknown framework ${JSON.stringify(framework)}; use 'react', 'vue' or 'vanilla'`);
  }
}

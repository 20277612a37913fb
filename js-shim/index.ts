/**
 * `@mfe/universal-state`: every name the legacy package exported (SPEC section 2), both
 * managers, and the React and Vue bindings. Apps that use one framework can import
 * `/core`, `/react` or `/vue` instead and never load the other.
 *
 * @example
 * import { getGlobalStateManager, setGlobalStateManager, useGlobalState } from '@mfe/universal-state';
 */
export * from './core.js';

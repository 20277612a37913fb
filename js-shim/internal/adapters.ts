/**
 * `getAdapter(framework)` without a path from the managers to any framework: `/react` and
 * `/vue` register their adapter factories here when they are imported, and the managers only
 * look them up. A bundler therefore never has to resolve `react` or `vue` for an app that
 * imports `/core` alone (a dynamic `import('../react/index.js')` here made Vite, webpack and
 * esbuild resolve React even in apps that never call `getAdapter`).
 *
 * The registry lives on globalThis under a `Symbol.for` key, so when two copies of the
 * package share a page, either copy's bindings serve either copy's managers.
 */
import type { FrameworkName, StateManager } from '../types.js';
import { StateValidationError } from '../errors.js';
import { announceCopy } from './copies.js';

/** Builds the adapter for a manager; `valtio` picks the Valtio-named set. */
export type AdapterFactory = (manager: StateManager, valtio: boolean) => unknown;
type Framework = 'react' | 'vue';

const REGISTRY = Symbol.for('@mfe/universal-state/adapter-factories');
type RegistryHolder = { [REGISTRY]?: Partial<Record<Framework, AdapterFactory>> };

function registry(): Partial<Record<Framework, AdapterFactory>> {
  const holder = globalThis as RegistryHolder;
  return (holder[REGISTRY] ??= {});
}

/** Called by the framework entries when they load; the first registration wins. */
export function registerAdapterFactory(framework: Framework, factory: AdapterFactory): void {
  announceCopy();
  registry()[framework] ??= factory;
}

const ENTRY: Record<Framework, string> = { react: '@mfe/universal-state/react', vue: '@mfe/universal-state/vue' };

export async function loadAdapter(manager: StateManager, framework: FrameworkName, valtio: boolean): Promise<unknown> {
  switch (framework) {
    case 'vanilla':
      return manager;
    case 'react':
    case 'vue': {
      const factory = registry()[framework];
      if (factory === undefined) {
        throw new StateValidationError(
          'NOT_LOADED',
          `getAdapter('${framework}'): the ${framework === 'react' ? 'React' : 'Vue'} bindings are not loaded. ` +
            `Import '${ENTRY[framework]}' (or the root entry '@mfe/universal-state') in the app before calling getAdapter('${framework}').`,
        );
      }
      return factory(manager, valtio);
    }
    default:
      throw new StateValidationError('BAD_VALUE', `unknown framework ${JSON.stringify(framework)}; use 'react', 'vue' or 'vanilla'`);
  }
}

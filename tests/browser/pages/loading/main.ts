// A page as a host app has it: one manager with the default loading of the core, nothing
// configured. The test serves it under different hosting conditions (a strict CSP, a CSP
// that forbids wasm, a .wasm answering 404) and drives it through window.__loading.
import { StateCoreError, ValtioStateManager } from '@mfe/universal-state/core';

const manager = new ValtioStateManager({ devtools: false });
const outcome = manager.ready.then(
  () => 'ready',
  (error: unknown) => `failed ${error instanceof StateCoreError ? `StateCoreError ${error.code}` : String(error)}: ${(error as Error).message}`,
);

const heard: Array<{ key: string; value: unknown; source: string }> = [];
manager.subscribeAll((event) => heard.push({ key: event.key, value: event.value, source: event.source }));

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));

Object.assign(window, {
  __loading: {
    outcome,
    set: (key: string, value: unknown) => manager.set(key, value, 'page'),
    get: (key: string) => manager.get(key),
    flush: () => manager.flush(),
    heard,
    violations,
    core: () => (manager.core === null ? null : manager.core.exportJson()),
  },
});

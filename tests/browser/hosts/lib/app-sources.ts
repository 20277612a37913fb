// The source files of the host apps, written as a user would write them: plain ES modules,
// React through `createElement` and Vue through render functions (so no JSX or SFC compiler
// is installed). Each app also has probe.js, which imports nothing from the package and
// reports to the test on `window.__host`: the manager's class name and how `ready` settled.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOST_KEY, type HostCase } from './host-cases.js';

const PROBE = `
// Reports to the test what a user would look at in the console.
export const KEY = ${JSON.stringify(HOST_KEY)};
export function startProbe(manager, StateCoreError, entries) {
  const probe = { entries, ctorName: manager.constructor.name, ready: 'pending', readyError: null };
  probe.read = (key) => manager.get(key);
  window.__host = probe;
  manager.ready.then(
    () => { probe.ready = 'resolved'; },
    (error) => {
      probe.ready = 'rejected';
      probe.readyError = { name: error && error.name, isStateCoreError: error instanceof StateCoreError, message: String(error && error.message || error) };
    },
  );
}
`;

/** `import { a, b } from 'x'` lines, one per entry, names of the same entry merged. */
function imports(byEntry: Array<[string, string[]]>): string {
  const merged = new Map<string, string[]>();
  for (const [entry, names] of byEntry) merged.set(entry, [...(merged.get(entry) ?? []), ...names]);
  return [...merged].map(([entry, names]) => `import { ${names.join(', ')} } from ${JSON.stringify(entry)};`).join('\n');
}

/** The manager line; `wasm` is an expression for the config option, when the app has one. */
function managerLines(c: HostCase, wasm?: string): string {
  const config = wasm === undefined ? '{ useValtio: true }' : `{ useValtio: true, wasm: ${wasm} }`;
  return `
const manager = getGlobalStateManager(${config});
startProbe(manager, StateCoreError, ${JSON.stringify([c.managerEntry, c.adapterEntry].filter(Boolean).join(' + '))});`;
}

function vanillaMain(c: HostCase, wasm?: string): string {
  return `${imports([[c.managerEntry, ['getGlobalStateManager', 'StateCoreError']]])}
import { startProbe, KEY } from './probe.js';
${managerLines(c, wasm)}
const output = document.createElement('output');
output.id = 'value';
const show = () => { output.textContent = JSON.stringify(manager.get(KEY) ?? null); };
manager.subscribe(KEY, show);
show();
const button = document.createElement('button');
button.id = 'write';
button.textContent = 'write';
button.addEventListener('click', () => manager.set(KEY, ${JSON.stringify(c.written)}));
document.getElementById('app').append(output, button);
`;
}

function reactMain(c: HostCase): string {
  return `import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
${imports([[c.managerEntry, ['getGlobalStateManager', 'StateCoreError']], [c.adapterEntry!, ['setGlobalStateManager', 'useGlobalState']]])}
import { startProbe, KEY } from './probe.js';
${managerLines(c)}
setGlobalStateManager(manager);
function Host() {
  const [value, setValue] = useGlobalState(KEY);
  return h('div', null,
    h('output', { id: 'value' }, JSON.stringify(value ?? null)),
    h('button', { id: 'write', onClick: () => setValue(${JSON.stringify(c.written)}) }, 'write'));
}
createRoot(document.getElementById('app')).render(h(Host));
`;
}

function vueMain(c: HostCase): string {
  return `import { createApp, h } from 'vue';
${imports([[c.managerEntry, ['getGlobalStateManager', 'StateCoreError']], [c.adapterEntry!, ['setGlobalValtioStateManagerVue', 'useValtioGlobalStateVue']]])}
import { startProbe, KEY } from './probe.js';
${managerLines(c)}
setGlobalValtioStateManagerVue(manager);
const Host = {
  setup() {
    const { value, setValue } = useValtioGlobalStateVue(KEY);
    return () => h('div', [
      h('output', { id: 'value' }, JSON.stringify(value.value ?? null)),
      h('button', { id: 'write', onClick: () => setValue(${JSON.stringify(c.written)}) }, 'write'),
    ]);
  },
};
createApp(Host).mount('#app');
`;
}

export function mainSource(c: HostCase, wasm?: string): string {
  if (c.framework === 'react' || c.framework === 'both') return reactMain(c);
  if (c.framework === 'vue') return vueMain(c);
  return vanillaMain(c, wasm);
}

/** The page: one container div and one script; nothing inline, so a strict CSP allows it. */
export function pageHtml(script: string, type: 'module' | 'classic'): string {
  const tag = type === 'module' ? `<script type="module" src="${script}"></script>` : `<script defer src="${script}"></script>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>host</title>${tag}</head><body><div id="app"></div></body></html>\n`;
}

/** The file a case's bundler starts from. */
export const mainFile = (c: HostCase) => `main-${c.bundler}.js`;

/**
 * Writes probe.js, each case's main file, and Vite's index.html (Vite builds from a page)
 * with a public/favicon.ico, as Vite's app template has one: without it the dev server
 * answers the browser's own favicon request with a 404, a console error that is not ours.
 */
export function writeAppSources(app: string, cases: HostCase[]): void {
  writeFileSync(join(app, 'probe.js'), PROBE);
  mkdirSync(join(app, 'public'), { recursive: true });
  writeFileSync(join(app, 'public', 'favicon.ico'), '');
  for (const c of cases) {
    writeFileSync(join(app, mainFile(c)), mainSource(c));
    if (c.bundler === 'vite') writeFileSync(join(app, 'index.html'), pageHtml(`./${mainFile(c)}`, 'module'));
  }
}

/**
 * The host that serves the `.wasm` itself from another origin (a CDN, a Module Federation
 * remote) and passes its URL through the `wasm` option; the page gets the URL in `?wasm=`.
 */
export function writeCrossOriginSources(app: string, c: HostCase): void {
  writeFileSync(join(app, 'main-cross-origin.js'), mainSource(c, `new URL(new URLSearchParams(location.search).get('wasm'))`));
  writeFileSync(join(app, 'cross-origin.html'), pageHtml('./main-cross-origin.js', 'module'));
}

/**
 * Two MFEs that each bundle their own copy of the package: the container creates the
 * page's manager, the MFE (loaded after it) asks its own copy for the global manager and
 * reports what its own classes say about the container's objects.
 */
export function writeTwoCopiesSources(app: string, entry: string): void {
  writeFileSync(join(app, 'container.js'), `
import { getGlobalStateManager, ValtioStateManager, UniversalStateManager } from ${JSON.stringify(entry)};
const manager = getGlobalStateManager({ useValtio: true });
window.__container = { manager, ValtioStateManager, UniversalStateManager };
`);
  writeFileSync(join(app, 'mfe.js'), `
import { getGlobalStateManager, ValtioStateManager, UniversalStateManager } from ${JSON.stringify(entry)};
const container = window.__container;
const manager = getGlobalStateManager();
const legacy = new container.UniversalStateManager({ persistent: false, crossTab: false, devtools: false });
window.__mfe = {
  separateCopies: container.ValtioStateManager !== ValtioStateManager,
  sameManager: manager === container.manager,
  valtioInstanceof: manager instanceof ValtioStateManager,
  legacyInstanceof: legacy instanceof UniversalStateManager,
  legacyIsNotValtio: !(legacy instanceof ValtioStateManager),
  ctorName: manager.constructor.name,
};
legacy.destroy();
`);
  writeFileSync(join(app, 'two-copies.html'), `<!doctype html><html><head><meta charset="utf-8"><title>two copies</title>
<script defer src="container/main.js"></script><script defer src="mfe/main.js"></script></head><body><div id="app"></div></body></html>\n`);
}

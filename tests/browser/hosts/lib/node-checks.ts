// The package in node, installed from the tarball: what an app's server (SSR) and its unit
// tests do. Each script runs in the app folder in a process of its own and prints one JSON
// line, so resolution happens exactly as in that app.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './workspace.js';

export const NODE_ENTRIES = ['@mfe/universal-state', '@mfe/universal-state/core', '@mfe/universal-state/react', '@mfe/universal-state/vue', '@mfe/universal-state/inline'];

const IMPORT_EVERY_ENTRY = `
const results = {};
for (const entry of ${JSON.stringify(NODE_ENTRIES)}) {
  try {
    const exports = await import(entry);
    results[entry] = { ok: true, names: Object.keys(exports).length };
  } catch (error) {
    results[entry] = { ok: false, error: String(error && error.message || error).split('\\n')[0] };
  }
}
console.log(JSON.stringify(results));
`;

/**
 * Watches what a server must never open: a BroadcastChannel (node has one, and a manager
 * that opens it would talk across requests and keep the process alive) and a window.
 */
const SERVER_GUARD = `
const opened = [];
const RealChannel = globalThis.BroadcastChannel;
globalThis.BroadcastChannel = class extends RealChannel { constructor(name) { super(name); opened.push(name); } };
const report = (html) => console.log(JSON.stringify({ html, openedChannels: opened, windowDefined: typeof window !== 'undefined' }));
`;

const REACT_SSR = `${SERVER_GUARD}
const { createElement: h } = await import('react');
const { renderToString } = await import('react-dom/server');
const { createStateManager } = await import('@mfe/universal-state/core');
const { setGlobalStateManager, useGlobalState } = await import('@mfe/universal-state/react');
const manager = createStateManager({ useValtio: true, initialState: { greeting: { text: 'rendered by React on the server' } } });
setGlobalStateManager(manager);
function Greeting() {
  const [greeting] = useGlobalState('greeting');
  return h('p', null, greeting.text);
}
const html = renderToString(h(Greeting));
manager.destroy();
report(html);
`;

const VUE_SSR = `${SERVER_GUARD}
const { createSSRApp, h } = await import('vue');
const { renderToString } = await import('vue/server-renderer');
const { createStateManager } = await import('@mfe/universal-state/core');
const { setGlobalValtioStateManagerVue, useValtioGlobalStateVue } = await import('@mfe/universal-state/vue');
const manager = createStateManager({ useValtio: true, initialState: { greeting: { text: 'rendered by Vue on the server' } } });
setGlobalValtioStateManagerVue(manager);
const Greeting = {
  setup() {
    const { value } = useValtioGlobalStateVue('greeting');
    return () => h('p', value.value.text);
  },
};
const html = await renderToString(createSSRApp(Greeting));
manager.destroy();
report(html);
`;

async function runScript(app: string, name: string, source: string): Promise<unknown> {
  writeFileSync(join(app, name), source);
  // A server process that does not end by itself (an open channel, a timer) is a failure too.
  const out = await run(process.execPath, [name], app, 60_000);
  const last = out.trim().split('\n').pop() ?? '';
  return JSON.parse(last);
}

export type ImportResults = Record<string, { ok: boolean; names?: number; error?: string }>;

export const importEveryEntry = (app: string) => runScript(app, 'node-import-every-entry.mjs', IMPORT_EVERY_ENTRY) as Promise<ImportResults>;

export interface SsrResult { html: string; openedChannels: string[]; windowDefined: boolean }

export const renderReactOnServer = (app: string) => runScript(app, 'node-ssr-react.mjs', REACT_SSR) as Promise<SsrResult>;
export const renderVueOnServer = (app: string) => runScript(app, 'node-ssr-vue.mjs', VUE_SSR) as Promise<SsrResult>;

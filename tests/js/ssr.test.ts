// Server-side rendering with the packed package: a React component using the hooks renders
// with react-dom/server and a Vue component with vue/server-renderer, each showing the state
// its manager was given. Plain node with no window, storage or channel: the managers are
// built with their browser defaults (persistence and cross-tab on) and must neither throw
// nor need any of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { installApp, packTarball, repoVersion, runInApp } from './packed-app.js';

let work = '';
let app = '';

beforeAll(() => {
  const packed = packTarball('us-ssr-');
  work = packed.work;
  const frameworks = ['react', 'react-dom', 'vue'].map((name) => `${name}@${repoVersion(name)}`);
  app = installApp(work, 'ssr-app', packed.tarball, frameworks);
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs first in every script: removes node's BroadcastChannel and records console output. */
const serverPrelude = `
  delete globalThis.BroadcastChannel;
  const present = ['window', 'document', 'localStorage', 'sessionStorage', 'BroadcastChannel'].filter((n) => n in globalThis);
  const logged = [];
  for (const level of ['error', 'warn']) console[level] = (...args) => logged.push(level + ': ' + args.join(' '));
`;

describe('SSR in plain node', () => {
  it('a React component using the hooks renders the state it was given, with both managers', () => {
    const out = runInApp<Record<string, unknown>>(app, 'render-react.mjs', `${serverPrelude}
      const { createElement: h } = await import('react');
      const { renderToString } = await import('react-dom/server');
      const { ValtioStateManager, UniversalStateManager } = await import('@mfe/universal-state/core');
      const { createReactAdapter, setGlobalValtioStateManagerReact, useValtioGlobalState } = await import('@mfe/universal-state/react');
      const initialState = { user: { name: 'Ann' }, count: 2 };
      const html = [];
      for (const Manager of [ValtioStateManager, UniversalStateManager]) {
        // A manager per request, built with the browser defaults (persistent, crossTab).
        const manager = new Manager({ initialState });
        const { useGlobalState } = createReactAdapter(manager);
        setGlobalValtioStateManagerReact(manager);
        function Greeting() {
          const [user] = useValtioGlobalState('user');
          const [count, setCount] = useGlobalState('count');
          return h('p', null, user.name + ' has ' + count + (typeof setCount === 'function' ? '' : ' (no setter)'));
        }
        html.push(renderToString(h(Greeting)));
        manager.destroy();
      }
      // With the frameworks installed, the root entry gives the real bindings, not stand-ins.
      const root = await import('@mfe/universal-state');
      const vue = await import('@mfe/universal-state/vue');
      const realBindings = root.useValtioGlobalState === useValtioGlobalState && root.VueAdapter === vue.VueAdapter;
      console.log(JSON.stringify({ present, logged, html, realBindings }));
    `);
    expect(out['present']).toEqual([]);
    expect(out['html']).toEqual(['<p>Ann has 2</p>', '<p>Ann has 2</p>']);
    expect(out['logged']).toEqual([]);
    expect(out['realBindings']).toBe(true);
  });

  it('a Vue component using the composables renders the state it was given, with both managers', () => {
    const out = runInApp<Record<string, unknown>>(app, 'render-vue.mjs', `${serverPrelude}
      const { createSSRApp, h } = await import('vue');
      const { renderToString } = await import('vue/server-renderer');
      const { ValtioStateManager, UniversalStateManager } = await import('@mfe/universal-state/core');
      const { VueAdapter, useVueAdapter, setGlobalValtioStateManagerVue, useValtioGlobalStateVue } = await import('@mfe/universal-state/vue');
      const html = [];
      for (const Manager of [ValtioStateManager, UniversalStateManager]) {
        const manager = new Manager({ initialState: { user: { name: 'Ann' }, count: 2 } });
        setGlobalValtioStateManagerVue(manager);
        const app = createSSRApp({
          setup() {
            const user = useValtioGlobalStateVue('user');
            const count = useVueAdapter().useGlobalState('count');
            return () => h('p', user.value.value.name + ' has ' + count.value.value);
          },
        });
        app.use(new VueAdapter(manager));
        html.push(await renderToString(app));
        manager.destroy();
      }
      console.log(JSON.stringify({ present, logged, html }));
    `);
    expect(out['present']).toEqual([]);
    expect(out['html']).toEqual(['<p>Ann has 2</p>', '<p>Ann has 2</p>']);
    expect(out['logged']).toEqual([]);
  });
});

// @vitest-environment happy-dom
// Hooks and composables used before a setter ran fall back to the page's global manager:
// the legacy demo creates it with getGlobalStateManager and hands it to
// setGlobalStateManager in an effect, after its children's hooks already rendered. With no
// global manager the clear "no state manager is set" error stays.
import { afterEach, describe, expect, it } from 'vitest';
import { createElement, useEffect } from 'react';
import { effectScope } from 'vue';
import {
  setGlobalStateManager, setGlobalValtioStateManagerReact, useGlobalState, useSelector, useValtioGlobalState,
} from '../../js-shim/react/index.js';
import { setGlobalValtioStateManagerVue, useValtioGlobalStateVue } from '../../js-shim/vue/index.js';
import { getGlobalStateManager, resetGlobalStateManager } from '../../js-shim/factory.js';
import { settle } from './adapters-managers.js';
import { mount, unmountAll, write } from './adapters-react-dom.js';

const quiet = { persistent: false, crossTab: false, devtools: false } as const;

afterEach(() => {
  unmountAll();
  document.body.innerHTML = '';
  setGlobalStateManager(null);
  setGlobalValtioStateManagerReact(null);
  setGlobalValtioStateManagerVue(null);
  resetGlobalStateManager();
});

describe.each([false, true])('hooks before a setter ran (useValtio: %s)', (useValtio) => {
  it('render and update from the global manager the app set in an effect, as the legacy demo does', async () => {
    const manager = getGlobalStateManager({ ...quiet, useValtio, initialState: { count: 1 } });
    function Counter() {
      const [count] = useGlobalState<number>('count');
      const [same] = useValtioGlobalState<number>('count');
      const doubled = useSelector((state: { count?: number }) => (state.count ?? 0) * 2);
      return createElement('p', null, `${count}/${same}/${doubled}`);
    }
    function App() {
      useEffect(() => setGlobalStateManager(manager), []);
      return createElement(Counter);
    }
    const { el } = mount(createElement(App));
    expect(el.textContent).toBe('1/1/2');
    await write(manager, () => manager.set('count', 5));
    expect(el.textContent).toBe('5/5/10');
  });

  it('composables read and follow the global manager before setGlobalValtioStateManagerVue', async () => {
    const manager = getGlobalStateManager({ ...quiet, useValtio, initialState: { theme: 'light' } });
    const scope = effectScope();
    const theme = scope.run(() => useValtioGlobalStateVue<string>('theme'))!;
    expect(theme.value.value).toBe('light');
    manager.set('theme', 'dark');
    await settle(manager);
    expect(theme.value.value).toBe('dark');
    scope.stop();
  });
});

describe('with no global manager either', () => {
  it('hooks and composables keep the error naming the setter', () => {
    function Legacy() {
      useGlobalState('x');
      return null;
    }
    const quietError = console.error;
    console.error = () => {};
    try {
      expect(() => mount(createElement(Legacy))).toThrow(/no state manager is set\. Call setGlobalStateManager\(manager\)/);
    } finally {
      console.error = quietError;
    }
    expect(() => effectScope().run(() => useValtioGlobalStateVue('x'))).toThrow(/setGlobalValtioStateManagerVue\(manager\)/);
  });
});

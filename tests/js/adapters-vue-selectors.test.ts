// @vitest-environment happy-dom
// useSelectorVue and useWatchPathVue (docs/api-contract.md section 4) in happy-dom over both managers, in
// components and bare effect scopes; parallel to adapters-react-selectors.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, defineComponent, effectScope, h, nextTick, type App } from 'vue';
import { createValtioVueAdapter, setGlobalValtioStateManagerVue, useSelectorVue, useWatchPathVue } from '../../js-shim/vue/index.js';
import { writeAt } from '../../js-shim/adapters-shared/paths.js';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { managers, settle, type TestManager } from './adapters-managers.js';

const apps: App[] = [];
function mount(component: ReturnType<typeof defineComponent>): { app: App; el: HTMLElement } {
  const el = document.createElement('div');
  document.body.appendChild(el);
  const app = createApp(component);
  app.mount(el);
  apps.push(app);
  return { app, el };
}

async function write(manager: TestManager, fn: () => void): Promise<void> {
  fn();
  await settle(manager);
  await nextTick();
}

type State = { user: { profile: { name: string; age: number } }; theme: string };
const initialState = { user: { profile: { name: 'Ann', age: 30 } }, theme: 'light' };

afterEach(() => {
  for (const app of apps.splice(0)) app.unmount();
  document.body.innerHTML = '';
  setGlobalValtioStateManagerVue(null);
});

it('a selector function before a manager is set names the setter; a selector object needs none', async () => {
  const scope = effectScope();
  expect(() => scope.run(() => useSelectorVue((s) => s.theme))).toThrow(/setGlobalValtioStateManagerVue\(manager\)/);
  const manager = new ValtioStateManager({ persistent: false, crossTab: false, devtools: false, initialState });
  await settle(manager);
  const theme = scope.run(() => useSelectorVue(manager.createSelector((s) => s.theme as string)))!;
  expect(theme.value).toBe('light');
  scope.stop();
  manager.destroy();
});

describe.each(managers)('useSelectorVue / useWatchPathVue on $name', ({ create }) => {
  let manager: TestManager;
  beforeEach(async () => {
    manager = create({ initialState: structuredClone(initialState) });
    await settle(manager);
    setGlobalValtioStateManagerVue(manager);
  });
  afterEach(() => manager.destroy());

  it('a component re-renders and the function re-runs only when the selected value changes', async () => {
    const baseline = manager.listenerCount();
    let renders = 0;
    let runs = 0;
    const { app, el } = mount(
      defineComponent({
        setup() {
          const name = useSelectorVue((s) => {
            runs++;
            return (s as State).user.profile.name;
          });
          return () => {
            renders++;
            return h('b', name.value);
          };
        },
      }),
    );
    expect(el.textContent).toBe('Ann');
    expect(manager.listenerCount()).toBeGreaterThan(baseline);
    const [rendersAtMount, runsAtMount] = [renders, runs];
    await write(manager, () => manager.set('theme', 'dark'));
    await write(manager, () => writeAt(manager, 'user', ['profile', 'age'], 31, 'test'));
    await write(manager, () => manager.set('user', { profile: { name: 'Ann', age: 31 } })); // equal name
    expect(renders).toBe(rendersAtMount);
    // The legacy manager re-checks on every write of 'user' but re-runs nothing unchanged.
    expect(runs).toBe(runsAtMount);
    await write(manager, () => writeAt(manager, 'user', ['profile', 'name'], 'Bob', 'test'));
    expect(el.textContent).toBe('Bob');
    expect([renders - rendersAtMount, runs - runsAtMount]).toEqual([1, 1]);
    app.unmount();
    apps.splice(apps.indexOf(app), 1);
    expect(manager.listenerCount()).toBe(baseline);
  });

  it('equality keeps a derived object while its parts are equal (no ref trigger)', async () => {
    const scope = effectScope();
    const pair = scope.run(() =>
      useSelectorVue(
        (s) => [(s as State).user.profile.name, (s as State).theme] as const,
        (a, b) => a[0] === b[0] && a[1] === b[1],
      ),
    )!;
    const first = pair.value;
    await write(manager, () => manager.set('user', { profile: { name: 'Ann', age: 99 } }));
    expect(pair.value).toBe(first);
    await write(manager, () => manager.set('theme', 'dark'));
    expect(pair.value).toEqual(['Ann', 'dark']);
    scope.stop();
  });

  it('useWatchPathVue fires once per real change, never for equal writes or siblings; the scope stops it', async () => {
    const baseline = manager.listenerCount();
    const calls: unknown[][] = [];
    const scope = effectScope();
    scope.run(() => useWatchPathVue<string>('user.profile.name', (value, previous) => calls.push([value, previous])));
    await write(manager, () => writeAt(manager, 'user', ['profile', 'age'], 31, 'test'));
    await write(manager, () => manager.set('theme', 'dark'));
    await write(manager, () => manager.set('user', { profile: { name: 'Ann', age: 31 } }));
    expect(calls).toEqual([]);
    await write(manager, () => writeAt(manager, 'user', ['profile', 'name'], 'Bob', 'test'));
    expect(calls).toEqual([['Bob', 'Ann']]);
    scope.stop();
    expect(manager.listenerCount()).toBe(baseline);
    await write(manager, () => writeAt(manager, 'user', ['profile', 'name'], 'Cy', 'test'));
    expect(calls).toHaveLength(1);
  });

  it('the bound adapter has both composables; a component unmount releases them', async () => {
    const baseline = manager.listenerCount();
    const adapter = createValtioVueAdapter(manager);
    setGlobalValtioStateManagerVue(null);
    const heard: unknown[] = [];
    const { app, el } = mount(
      defineComponent({
        setup() {
          adapter.useWatchPathVue('theme', (v) => heard.push(v));
          const theme = adapter.useSelectorVue((s) => s.theme as string);
          return () => h('i', theme.value);
        },
      }),
    );
    await write(manager, () => manager.set('theme', 'dark'));
    expect(el.textContent).toBe('dark');
    expect(heard).toEqual(['dark']);
    app.unmount();
    apps.splice(apps.indexOf(app), 1);
    expect(manager.listenerCount()).toBe(baseline);
  });
});

it('useSelectorVue over manager.createSelector re-runs it only for what it read, releases it with the scope', async () => {
  const manager = new ValtioStateManager({ persistent: false, crossTab: false, devtools: false, initialState });
  await settle(manager);
  const name = manager.createSelector((s) => (s as State).user.profile.name);
  const scope = effectScope();
  const ref = scope.run(() => useSelectorVue(name))!;
  const runsAtStart = name.recomputations;
  await write(manager, () => manager.set('theme', 'dark'));
  await write(manager, () => manager.writePath('user', ['profile', 'age'], 31, 'test'));
  expect(name.recomputations).toBe(runsAtStart);
  await write(manager, () => manager.writePath('user', ['profile', 'name'], 'Bob', 'test'));
  expect(ref.value).toBe('Bob');
  expect(name.recomputations - runsAtStart).toBe(1);
  scope.stop();
  await write(manager, () => manager.writePath('user', ['profile', 'name'], 'Cy', 'test'));
  expect(name.recomputations - runsAtStart).toBe(1);
  expect(ref.value).toBe('Bob');
  manager.destroy();
});

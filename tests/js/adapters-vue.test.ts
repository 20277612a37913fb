// @vitest-environment happy-dom
// Vue composables in happy-dom over both managers: components and bare effect scopes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, defineComponent, effectScope, h, nextTick, watchEffect, type App } from 'vue';
import {
  VueAdapter, createValtioVueAdapter, setGlobalValtioStateManagerVue, useValtioGlobalStateVue, useValtioGlobalStatesVue,
  useValtioGlobalStateListenerVue, useValtioMFERegistrationVue, useValtioStoreVue, useVueAdapter, useSelectorVue,
} from '../../js-shim/vue/index.js';
import { managers, settle, type TestManager } from './adapters-managers.js';

const apps: App[] = [];
function mount(component: ReturnType<typeof defineComponent>, plugin?: VueAdapter): { app: App; el: HTMLElement } {
  const el = document.createElement('div');
  document.body.appendChild(el);
  const app = createApp(component);
  if (plugin) app.use(plugin);
  app.mount(el);
  apps.push(app);
  return { app, el };
}

async function write(manager: TestManager, fn: () => void): Promise<void> {
  fn();
  await settle(manager);
  await nextTick();
}

afterEach(() => {
  for (const app of apps.splice(0)) app.unmount();
  setGlobalValtioStateManagerVue(null);
});

it('a composable used before a manager is set names the setter', () => {
  const scope = effectScope();
  expect(() => scope.run(() => useValtioGlobalStateVue('x'))).toThrow(/setGlobalValtioStateManagerVue\(manager\)/);
  scope.stop();
});

describe.each(managers)('Vue composables on $name', ({ create }) => {
  let manager: TestManager;
  beforeEach(async () => {
    manager = create({ initialState: { count: 1, user: { profile: { name: 'Ann' } } } });
    await settle(manager);
    setGlobalValtioStateManagerVue(manager);
  });
  afterEach(() => manager.destroy());

  it('VueAdapter as a plugin: useGlobalState ref, setter, v-model style assignment, cleanup', async () => {
    const baseline = manager.listenerCount();
    const adapter = new VueAdapter(manager);
    let api: ReturnType<VueAdapter['useGlobalState']> | null = null;
    const { app, el } = mount(
      defineComponent({
        setup() {
          api = useVueAdapter().useGlobalState<number>('count');
          return () => h('span', String(api!.value.value));
        },
      }),
      adapter,
    );
    expect(el.textContent).toBe('1');
    await write(manager, () => api!.setValue((n) => (n as number) + 1));
    expect(el.textContent).toBe('2');
    await write(manager, () => {
      api!.value.value = 5;
    });
    expect(manager.get('count')).toBe(5);
    expect(el.textContent).toBe('5');
    await write(manager, () => manager.set('count', 9, 'other-mfe'));
    expect(el.textContent).toBe('9');
    app.unmount();
    apps.splice(apps.indexOf(app), 1);
    expect(manager.listenerCount()).toBe(baseline);
  });

  it('useGlobalStates / useValtioGlobalStatesVue: per-key reactive object and setter', async () => {
    const adapter = new VueAdapter(manager);
    const scope = effectScope();
    const seen: string[] = [];
    const { state, setState } = scope.run(() => adapter.useGlobalStates(['count', 'theme']))!;
    const { values } = scope.run(() => useValtioGlobalStatesVue(['count']))!;
    scope.run(() => watchEffect(() => seen.push(`${String(state.count)}/${String(state.theme)}/${String(values.count)}`)));
    await write(manager, () => setState({ count: 3, theme: 'dark' }));
    expect(seen.at(-1)).toBe('3/dark/3');
    const baseline = manager.listenerCount();
    scope.stop();
    expect(manager.listenerCount()).toBeLessThan(baseline);
  });

  it('composables in a bare effectScope release every subscription on stop', async () => {
    const baseline = manager.listenerCount();
    const scope = effectScope();
    const heard: string[] = [];
    const { value } = scope.run(() => useValtioGlobalStateVue<number>('count'))!;
    scope.run(() => useValtioGlobalStateListenerVue((key) => heard.push(key)));
    scope.run(() => useValtioStoreVue());
    await write(manager, () => manager.set('count', 2));
    expect(value.value).toBe(2);
    expect(heard).toContain('count');
    scope.stop();
    expect(manager.listenerCount()).toBe(baseline);
  });

  it('useValtioStoreVue re-renders only the components whose nested path changed', async () => {
    await write(manager, () => manager.set('grid', { rows: Array.from({ length: 10 }, (_, i) => ({ v: i })) }));
    const renders = new Array(10).fill(0);
    const Cell = defineComponent({
      props: { i: { type: Number, required: true } },
      setup(props) {
        const store = useValtioStoreVue<{ grid: { rows: Array<{ v: number }> } }>();
        return () => {
          renders[props.i]++;
          return h('span', String(store.grid.rows[props.i]!.v));
        };
      },
    });
    const { el } = mount(defineComponent({ setup: () => () => h('div', Array.from({ length: 10 }, (_, i) => h(Cell, { i }))) }));
    expect(el.textContent).toBe('0123456789');
    renders.fill(0);
    const grid = manager.get<{ rows: Array<{ v: number }> }>('grid')!;
    await write(manager, () => manager.set('grid', { rows: grid.rows.map((r, i) => (i === 3 ? { v: 33 } : r)) }));
    expect(el.textContent).toBe('01233456789');
    expect(renders).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('useValtioStoreVue follows shape changes: new, removed and retyped members, shorter arrays', async () => {
    const scope = effectScope();
    const store = scope.run(() => useValtioStoreVue<any>())!;
    const seen: string[] = [];
    scope.run(() => watchEffect(() => seen.push(JSON.stringify(store.doc ?? null))));
    const steps: unknown[] = [
      { a: 1, list: [1, 2, 3], nested: { x: { y: 1 } } },
      { a: 1, list: [1, 2], nested: { x: { y: 2 } }, added: true },
      { list: { not: 'an array' }, nested: 'flat' },
      { list: [], nested: { again: [{ deep: 1 }] } },
    ];
    for (const step of steps) {
      await write(manager, () => manager.set('doc', step));
      expect(JSON.parse(seen.at(-1)!)).toEqual(step);
    }
    await write(manager, () => manager.delete('doc'));
    expect(seen.at(-1)).toBe('null');
    expect(() => {
      (store as any).doc = 1;
    }).not.toThrow(); // readonly proxies warn and ignore writes
    expect(manager.get('doc')).toBeUndefined();
    scope.stop();
  });

  it('useValtioStoreVue and useSelectorVue follow a legacy-style change in place then set', async () => {
    const scope = effectScope();
    const store = scope.run(() => useValtioStoreVue<any>())!;
    const name = scope.run(() => useSelectorVue((s) => s.user.profile.name as string))!;
    const seen: string[] = [];
    scope.run(() => watchEffect(() => seen.push(store.user.profile.name)));
    const user = manager.get<{ profile: { name: string } }>('user')!;
    user.profile.name = 'Zed'; // what legacy MFE code does with a value it read
    await write(manager, () => manager.set('user', user));
    expect(store.user.profile.name).toBe('Zed');
    expect(seen.at(-1)).toBe('Zed');
    expect(name.value).toBe('Zed');
    scope.stop();
  });

  it('createValtioVueAdapter: registration lives as long as the scope', async () => {
    const adapter = createValtioVueAdapter(manager);
    const scope = effectScope();
    scope.run(() => adapter.useValtioMFERegistrationVue('profile', { version: '2.0.0' }));
    scope.run(() => useValtioMFERegistrationVue('other'));
    expect(manager.get('mfe:profile:registered')).toBe(true);
    const { value } = scope.run(() => adapter.useValtioGlobalPathVue<string>('user', ['profile', 'name'], { sync: true }))!;
    expect(value.value).toBe('Ann');
    value.value = 'Bea';
    expect(value.value).toBe('Bea');
    expect(manager.get('user')).toEqual({ profile: { name: 'Bea' } });
    scope.stop();
    await settle(manager);
    expect(manager.get('mfe:profile:registered')).toBeUndefined();
    expect(manager.get('mfe:other:registered')).toBeUndefined();
  });
});

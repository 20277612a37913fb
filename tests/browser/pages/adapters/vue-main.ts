// Vue adapter test page: each probe is its own Vue app (one MFE) on the shared manager;
// one probe runs in a bare effectScope instead of a component. Exposes window.__a.
import {
  createApp, defineComponent, effectScope, h, ref, vModelText, watchEffect, withDirectives, type App, type EffectScope,
} from 'vue';
import {
  VueAdapter, setGlobalValtioStateManagerVue, useValtioGlobalPathVue, useValtioGlobalStateListenerVue,
  useValtioGlobalStateVue, useValtioGlobalStatesVue, useValtioMFERegistrationVue, useValtioStoreVue, useVueAdapter,
} from '@mfe/universal-state/vue';
import { gridData, manager, seededIndices, useValtio, wakeups, whenReady, writeItem } from './shared';

setGlobalValtioStateManagerVue(manager);
const legacyAdapter = new VueAdapter(manager);
let fromGetAdapter: VueAdapter | null = null;

type Setter = (value: unknown) => void;
const setters = new Map<number, Setter>();

function show(id: number, value: unknown) {
  return h('span', { 'data-probe': id }, JSON.stringify(value ?? null));
}

// Each returns a setup() result: the render function; `k` is the key the probe watches.
const probes: Record<string, (id: number, k: string) => () => unknown> = {
  'VueAdapter.useGlobalState': (id, k) => {
    const { value, setValue } = useVueAdapter().useGlobalState(k);
    setters.set(id, setValue);
    return () => show(id, value.value);
  },
  'VueAdapter.useGlobalStates': (id, k) => {
    const { state, setState } = useVueAdapter().useGlobalStates([k, 'theme']);
    setters.set(id, (v) => setState({ [k]: v }));
    return () => show(id, state[k]);
  },
  'VueAdapter.useGlobalPath': (id, k) => {
    const { value, setValue } = useVueAdapter().useGlobalPath(k, ['profile', 'name']);
    setters.set(id, setValue);
    return () => show(id, value.value);
  },
  'VueAdapter.useGlobalStateListener': (id, k) => {
    const last = ref<unknown>(undefined);
    useVueAdapter().useGlobalStateListener((key, value) => key === k && (last.value = value));
    return () => show(id, last.value);
  },
  'VueAdapter.createStore': (id, k) => {
    const store = useVueAdapter().createStore();
    setters.set(id, (v) => store.set(k, v));
    return () => show(id, store.state[k]);
  },
  'getAdapter.useGlobalState': (id, k) => {
    const { value, setValue } = fromGetAdapter!.useGlobalState(k);
    setters.set(id, setValue);
    return () => show(id, value.value);
  },
  useValtioGlobalStateVue: (id, k) => {
    const { value, setValue } = useValtioGlobalStateVue(k);
    setters.set(id, setValue);
    return () => show(id, value.value);
  },
  useValtioGlobalStatesVue: (id, k) => {
    const { values, setValues } = useValtioGlobalStatesVue([k, 'theme']);
    setters.set(id, (v) => setValues({ [k]: v }));
    return () => show(id, values[k]);
  },
  useValtioGlobalPathVue: (id, k) => {
    const { value, setValue } = useValtioGlobalPathVue(k, ['profile', 'name']);
    setters.set(id, setValue);
    return () => show(id, value.value);
  },
  useValtioGlobalStateListenerVue: (id, k) => {
    const last = ref<unknown>(undefined);
    useValtioGlobalStateListenerVue((key, value) => key === k && (last.value = value));
    return () => show(id, last.value);
  },
  useValtioStoreVue: (id, k) => {
    const store = useValtioStoreVue();
    return () => show(id, store[k]);
  },
  'VueAdapter.useMFERegistration': (id, k) => {
    useVueAdapter().useMFERegistration(k, { version: '1.0.0' });
    return () => show(id, 'registered');
  },
  useValtioMFERegistrationVue: (id, k) => {
    useValtioMFERegistrationVue(k, { version: '1.0.0' });
    return () => show(id, 'registered');
  },
};

const apps = new Map<number, App | EffectScope>();
let nextId = 1;

function mountApp(setup: (id: number) => () => unknown): number {
  const id = nextId++;
  const el = document.createElement('div');
  el.id = `root-${id}`;
  document.getElementById('roots')!.appendChild(el);
  const app = createApp(defineComponent({ setup: () => setup(id) }));
  app.use(legacyAdapter);
  app.mount(el);
  apps.set(id, app);
  return id;
}

// ---- render counts ----
const renders: number[] = [];
type GridMode = 'useValtioStoreVue' | 'useValtioGlobalPathVue' | 'VueAdapter.useGlobalState';

const Cell = defineComponent({
  props: { i: { type: Number, required: true }, mode: { type: String, required: true } },
  setup(props) {
    const i = props.i;
    let read: () => number;
    if (props.mode === 'useValtioStoreVue') {
      const store = useValtioStoreVue<any>();
      read = () => store.grid.items[i].v;
    } else if (props.mode === 'useValtioGlobalPathVue') {
      const { value } = useValtioGlobalPathVue<number>('grid', ['items', i, 'v']);
      read = () => value.value!;
    } else {
      const { value } = useVueAdapter().useGlobalState<any>('grid');
      read = () => value.value.items[i].v;
    }
    return () => {
      renders[i] = (renders[i] ?? 0) + 1;
      return h('span', { class: 'cell' }, String(read()));
    };
  },
});

const api = {
  kind: manager.constructor.name as string,
  manager,
  mount: (probe: string, k: string) => {
    const setup = probes[probe];
    if (!setup) throw new Error(`no probe ${probe}`);
    return mountApp((id) => setup(id, k));
  },
  /** A composable in a bare effectScope (no component): its ref drives a text node. */
  mountInScope: (k: string) => {
    const id = nextId++;
    const el = document.createElement('span');
    el.id = `root-${id}`;
    el.dataset.probe = String(id);
    document.getElementById('roots')!.appendChild(el);
    const scope = effectScope();
    scope.run(() => {
      const { value, setValue } = useValtioGlobalStateVue(k);
      setters.set(id, setValue);
      watchEffect(() => (el.textContent = JSON.stringify(value.value ?? null)));
    });
    apps.set(id, scope);
    return id;
  },
  mountTextField: (k: string, legacy: boolean) =>
    mountApp((id) => {
      const { value } = legacy ? useVueAdapter().useGlobalState<string>(k) : useValtioGlobalStateVue<string>(k);
      return () => withDirectives(h('input', { 'data-probe': id, 'onUpdate:modelValue': (v: string) => (value.value = v) }), [[vModelText, value.value ?? '']]);
    }),
  unmount: (id: number) => {
    const app = apps.get(id)!;
    if ('unmount' in app) app.unmount();
    else app.stop();
    apps.delete(id);
    setters.delete(id);
    document.getElementById(`root-${id}`)!.remove();
  },
  text: (id: number) => document.querySelector(`[data-probe="${id}"]`)?.textContent ?? null,
  callSetter: (id: number, value: unknown) => setters.get(id)!(value),
  listenerCount: () => manager.listenerCount() as number,
  mountGrid: (n: number, mode: GridMode) => {
    manager.set('grid', gridData(n), 'test');
    renders.length = 0;
    return mountApp(() => () => h('div', { id: 'grid' }, Array.from({ length: n }, (_, i) => h(Cell, { i, mode, key: i }))));
  },
  gridWrites: async (n: number, count: number) => {
    renders.fill(0);
    wakeups.count = 0;
    const indices = seededIndices(n, count);
    let value = 0;
    for (const i of indices) {
      value += 1;
      writeItem(i, value);
      await new Promise((r) => setTimeout(r, 0)); // one write per task, like user events
    }
    return indices;
  },
  cells: () => [...document.querySelectorAll('#grid .cell')].map((c) => Number(c.textContent)),
  renders: () => renders.slice(),
  wakeups: () => wakeups.count,
  useValtio,
};
Object.assign(window, { __a: api });

whenReady().then(async () => {
  fromGetAdapter = (await manager.getAdapter('vue')) as VueAdapter;
  (api as any).adapterClass = fromGetAdapter.constructor.name;
  document.title = 'ready';
});

// React adapter test page: mounts probes (one hook each) in their own roots, so several
// roots on one manager act as several MFEs; exposes window.__a for the tests.
import { StrictMode, startTransition, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { proxy, useSnapshot } from 'valtio';
import {
  setGlobalStateManager, setGlobalValtioStateManagerReact, useGlobalPath, useGlobalState, useGlobalStateListener,
  useGlobalStates, useMFERegistration, useValtioGlobalPath, useValtioGlobalState, useValtioGlobalStateListener,
  useValtioGlobalStates, useValtioMFERegistration, useValtioStore, useSelector, type ReactAdapter,
} from '@mfe/universal-state/react';
import { gridData, manager, seededIndices, useValtio, wakeups, whenReady, writeItem } from './shared';

setGlobalStateManager(manager);
setGlobalValtioStateManagerReact(manager);

type Setter = (value: unknown) => void;
const setters = new Map<number, Setter>();
let adapter: ReactAdapter | null = null;

function Show({ id, value, setter }: { id: number; value: unknown; setter?: Setter }) {
  if (setter) setters.set(id, setter);
  return <span data-probe={id}>{JSON.stringify(value ?? null)}</span>;
}

// One component per hook; `k` is the key the probe watches (fresh per test).
const probes: Record<string, (p: { id: number; k: string }) => ReactNode> = {
  useGlobalState: ({ id, k }) => {
    const [v, set] = useGlobalState(k);
    return <Show id={id} value={v} setter={set} />;
  },
  useValtioGlobalState: ({ id, k }) => {
    const [v, set] = useValtioGlobalState(k);
    return <Show id={id} value={v} setter={set} />;
  },
  useGlobalStates: ({ id, k }) => {
    const [values, setMany] = useGlobalStates([k, 'theme']);
    return <Show id={id} value={values[k]} setter={(v) => setMany({ [k]: v })} />;
  },
  useValtioGlobalStates: ({ id, k }) => {
    const [values, setMany] = useValtioGlobalStates([k, 'theme']);
    return <Show id={id} value={values[k]} setter={(v) => setMany({ [k]: v })} />;
  },
  useGlobalStateListener: ({ id, k }) => {
    const [last, setLast] = useState<unknown>(undefined);
    useGlobalStateListener((key, value) => key === k && setLast(value));
    return <Show id={id} value={last} />;
  },
  useValtioGlobalStateListener: ({ id, k }) => {
    const [last, setLast] = useState<unknown>(undefined);
    useValtioGlobalStateListener((key, value) => key === k && setLast(value));
    return <Show id={id} value={last} />;
  },
  useGlobalPath: ({ id, k }) => {
    const [v, set] = useGlobalPath(k, ['profile', 'name']);
    return <Show id={id} value={v} setter={set} />;
  },
  useValtioGlobalPath: ({ id, k }) => {
    const [v, set] = useValtioGlobalPath(k, ['profile', 'name']);
    return <Show id={id} value={v} setter={set} />;
  },
  useValtioStore: ({ id, k }) => {
    const snap = useValtioStore();
    return <Show id={id} value={snap[k]} />;
  },
  // getAdapter('react'): the hooks bound to the manager the container handed over.
  'getAdapter.useGlobalState': ({ id, k }) => {
    const [v, set] = adapter!.useGlobalState(k);
    return <Show id={id} value={v} setter={set} />;
  },
  'getAdapter.useValtioStore': ({ id, k }) => {
    const snap = adapter!.useValtioStore();
    return <Show id={id} value={snap[k]} />;
  },
  useMFERegistration: ({ id, k }) => {
    useMFERegistration(k, { version: '1.0.0' });
    return <Show id={id} value="registered" />;
  },
  useValtioMFERegistration: ({ id, k }) => {
    useValtioMFERegistration(k, { version: '1.0.0' });
    return <Show id={id} value="registered" />;
  },
};

// A controlled input, as MFEs write them: value from the store, onChange writes it back.
function TextField({ id, k, sync }: { id: number; k: string; sync: boolean }) {
  const [v, set] = useValtioGlobalState<string>(k, { sync });
  return <input data-probe={id} value={v ?? ''} onChange={(e) => set(e.target.value)} />;
}
function LegacyTextField({ id, k }: { id: number; k: string }) {
  const [v, set] = useGlobalState<string>(k);
  return <input data-probe={id} value={v ?? ''} onChange={(e) => set(e.target.value)} />;
}

const roots = new Map<number, Root>();
let nextId = 1;

function mountNode(node: (id: number) => ReactNode, strict: boolean): number {
  const id = nextId++;
  const el = document.createElement('div');
  el.id = `root-${id}`;
  document.getElementById('roots')!.appendChild(el);
  const root = createRoot(el);
  roots.set(id, root);
  const tree = node(id);
  flushSync(() => root.render(strict ? <StrictMode>{tree}</StrictMode> : tree));
  return id;
}

// ---- render counts: N components each reading one nested path ----
const renders: number[] = [];
type GridMode = 'useValtioStore' | 'useValtioGlobalPath' | 'useGlobalState' | 'valtio.useSnapshot';
const valtioState = proxy(gridData(0));

function Cell({ i, mode }: { i: number; mode: GridMode }) {
  renders[i] = (renders[i] ?? 0) + 1;
  let v: number;
  if (mode === 'useValtioStore') v = (useValtioStore() as any).grid.items[i].v;
  else if (mode === 'useValtioGlobalPath') v = useValtioGlobalPath<number>('grid', ['items', i, 'v'])[0]!;
  else if (mode === 'useGlobalState') v = (useGlobalState<any>('grid')[0]).items[i].v;
  else v = useSnapshot(valtioState).items[i]!.v;
  return <span className="cell">{v}</span>;
}

function Grid({ n, mode }: { n: number; mode: GridMode }) {
  // Counted cells are the only components that read the store; the grid itself does not.
  const cells = useRef(Array.from({ length: n }, (_, i) => <Cell key={i} i={i} mode={mode} />));
  return <div id="grid">{cells.current}</div>;
}

// ---- tearing: a slow concurrent render, with a write landing while React yields ----
type TearMode = 'useValtioGlobalState' | 'useValtioGlobalPath' | 'useValtioStore' | 'useGlobalState' | 'useSelector';
const TEAR_N = 40;
const tear = { commits: [] as string[][], writeAt: -1, rendered: 0 };

function tearValues(): string[] {
  return [...document.querySelectorAll('#tear .tear')].map((e) => e.textContent ?? '');
}

function Slow({ mode, k }: { mode: TearMode; k: string }) {
  let v: unknown;
  if (mode === 'useValtioGlobalState') v = useValtioGlobalState(k)[0];
  else if (mode === 'useGlobalState') v = useGlobalState(k)[0];
  else if (mode === 'useValtioGlobalPath') v = useValtioGlobalPath(k, ['n'])[0];
  else if (mode === 'useSelector') v = useSelector((s) => s[k].n); // inline: one selection per component
  else v = (useValtioStore() as any)[k].n;
  tear.rendered++;
  if (tear.rendered === 5 && tear.writeAt < 0) {
    // Runs when React next yields to the event loop: in the middle of this render.
    setTimeout(() => {
      tear.writeAt = tear.rendered;
      manager.set(k, mode === 'useValtioGlobalState' || mode === 'useGlobalState' ? 1 : { n: 1 }, 'tear');
    }, 0);
  }
  const end = performance.now() + 2;
  while (performance.now() < end); // a slow component, so the transition render is sliced
  // Every commit that touches this component records what the whole list shows.
  useLayoutEffect(() => {
    const values = tearValues();
    const last = tear.commits[tear.commits.length - 1];
    if (last === undefined || last.join() !== values.join()) tear.commits.push(values);
  });
  return <span className="tear">{String(v)}</span>;
}

const api = {
  kind: manager.constructor.name as string,
  manager,
  mount: (probe: string, k: string, strict = false) => mountNode((id) => {
    const Probe = probes[probe];
    if (!Probe) throw new Error(`no probe ${probe}`);
    return <Probe id={id} k={k} />;
  }, strict),
  mountTextField: (k: string, sync: boolean, legacy = false) =>
    mountNode((id) => (legacy ? <LegacyTextField id={id} k={k} /> : <TextField id={id} k={k} sync={sync} />), false),
  unmount: (id: number) => {
    flushSync(() => roots.get(id)!.unmount());
    roots.delete(id);
    setters.delete(id);
    document.getElementById(`root-${id}`)!.remove();
  },
  text: (id: number) => document.querySelector(`[data-probe="${id}"]`)?.textContent ?? null,
  callSetter: (id: number, value: unknown) => setters.get(id)!(value),
  listenerCount: () => manager.listenerCount() as number,
  /** Mounts the grid; the store (or the valtio proxy) holds `n` items at 0. */
  mountGrid: (n: number, mode: GridMode) => {
    if (mode === 'valtio.useSnapshot') valtioState.items = gridData(n).items;
    else manager.set('grid', gridData(n), 'test');
    renders.length = 0;
    return mountNode(() => <Grid n={n} mode={mode} />, false);
  },
  /** Seeded random writes, each in its own task; returns the indices written. */
  gridWrites: async (n: number, count: number, mode: GridMode) => {
    renders.fill(0);
    wakeups.count = 0;
    const indices = seededIndices(n, count);
    let value = 0;
    for (const i of indices) {
      value += 1;
      if (mode === 'valtio.useSnapshot') valtioState.items[i]!.v = value;
      else writeItem(i, value);
      await new Promise((r) => setTimeout(r, 0)); // one write per task, like user events
    }
    return indices;
  },
  /** What each cell shows (the tests wait for this to match before reading counts). */
  cells: () => [...document.querySelectorAll('#grid .cell')].map((c) => Number(c.textContent)),
  renders: () => renders.slice(),
  wakeups: () => wakeups.count,
  useValtio,
  /** How many times StrictMode runs a mount effect here (2 in React's development build). */
  strictEffectRuns: () => {
    let runs = 0;
    function Count() {
      useLayoutEffect(() => {
        runs++;
      }, []);
      return null;
    }
    const id = mountNode(() => <Count />, true);
    api.unmount(id);
    return runs;
  },
  /** Mounts TEAR_N slow readers in a transition; a write lands while the render yields. */
  mountTearing: (mode: TearMode, k: string) => {
    manager.set(k, mode === 'useValtioGlobalState' || mode === 'useGlobalState' ? 0 : { n: 0 }, 'tear');
    Object.assign(tear, { commits: [], writeAt: -1, rendered: 0 });
    const id = nextId++;
    const el = document.createElement('div');
    el.id = `root-${id}`;
    document.getElementById('roots')!.appendChild(el);
    const root = createRoot(el);
    roots.set(id, root);
    startTransition(() => root.render(<div id="tear">{Array.from({ length: TEAR_N }, (_, i) => <Slow key={i} mode={mode} k={k} />)}</div>));
    return id;
  },
  tearState: () => ({ commits: tear.commits, writeAt: tear.writeAt, n: TEAR_N, values: tearValues() }),
};
Object.assign(window, { __a: api });

whenReady().then(async () => {
  adapter = (await manager.getAdapter('react')) as ReactAdapter;
  document.title = 'ready';
});

// Selector and path-watching bindings (docs/api-contract.md section 4) in one page: React roots and Vue apps side
// by side on the shared manager, each probe counting its renders, its selector runs and its
// watcher calls. Exposes window.__a for tests/browser/adapters/selectors.test.ts.
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { createApp, defineComponent, h, type App } from 'vue';
import { setGlobalValtioStateManagerReact, useSelector, useWatchPath } from '@mfe/universal-state/react';
import { setGlobalValtioStateManagerVue, useSelectorVue, useWatchPathVue } from '@mfe/universal-state/vue';
import { manager, useValtio, whenReady } from './shared';

setGlobalValtioStateManagerReact(manager);
setGlobalValtioStateManagerVue(manager);

type Mode = 'fn' | 'selector' | 'watch';
interface Stats {
  renders: number;
  runs: number;
  calls: unknown[][];
  /** manager.createSelector's own count ('selector' mode). */
  recomputations: () => number;
}

const stats = new Map<number, Stats>();
const unmounts = new Map<number, () => void>();
let nextId = 1;

/** What each probe selects or watches: `${k}.profile.name`. */
function probeParts(k: string, id: number) {
  const s: Stats = { renders: 0, runs: 0, calls: [], recomputations: () => 0 };
  stats.set(id, s);
  const fn = (state: Readonly<Record<string, any>>) => {
    s.runs++;
    return state[k]?.profile?.name as string | undefined;
  };
  let selector: { get(): string | undefined; subscribe(l: (v: string | undefined) => void): () => void; recomputations: number } | null = null;
  const selectorOf = () => {
    selector ??= manager.createSelector((state: Readonly<Record<string, any>>) => state[k]?.profile?.name);
    s.recomputations = () => selector!.recomputations;
    return selector!;
  };
  const onChange = (value: unknown, previous: unknown) => s.calls.push([value, previous]);
  return { s, fn, selectorOf, onChange, path: `${k}.profile.name` };
}

function mountReact(mode: Mode, k: string): number {
  const id = nextId++;
  const { s, fn, selectorOf, onChange, path } = probeParts(k, id);
  function Probe() {
    s.renders++;
    if (mode === 'watch') {
      useWatchPath(path, onChange);
      return <span data-probe={id}>{JSON.stringify(s.calls.length)}</span>;
    }
    // `fn` is one function for the probe's life, as a module-level selector would be.
    const value = useSelector(mode === 'selector' ? selectorOf() : fn);
    return <span data-probe={id}>{JSON.stringify(value ?? null)}</span>;
  }
  const el = document.createElement('div');
  document.getElementById('roots')!.appendChild(el);
  const root: Root = createRoot(el);
  flushSync(() => root.render(<Probe />));
  unmounts.set(id, () => {
    flushSync(() => root.unmount());
    el.remove();
  });
  return id;
}

function mountVue(mode: Mode, k: string): number {
  const id = nextId++;
  const { s, fn, selectorOf, onChange, path } = probeParts(k, id);
  const app: App = createApp(
    defineComponent({
      setup() {
        if (mode === 'watch') {
          useWatchPathVue(path, onChange);
          return () => {
            s.renders++;
            return h('span', { 'data-probe': id }, JSON.stringify(s.calls.length));
          };
        }
        const value = useSelectorVue(mode === 'selector' ? selectorOf() : fn);
        return () => {
          s.renders++;
          return h('span', { 'data-probe': id }, JSON.stringify(value.value ?? null));
        };
      },
    }),
  );
  const el = document.createElement('div');
  document.getElementById('roots')!.appendChild(el);
  app.mount(el);
  unmounts.set(id, () => {
    app.unmount();
    el.remove();
  });
  return id;
}

/** One task boundary: every end-of-task notification and render of the last write has run. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A nested write: `writePath` where the manager has it, else the whole key with one member replaced. */
function writeProfile(k: string, member: string, value: unknown): void {
  if (typeof manager.writePath === 'function') return manager.writePath(k, ['profile', member], value, 'test');
  const current = manager.get(k);
  manager.set(k, { ...current, profile: { ...current.profile, [member]: value } }, 'test');
}

let themeCounter = 0;
/** Writes the way an MFE would, each in its own task. */
const ops: Record<string, (k: string, arg?: string) => void> = {
  /** Another key. */
  theme: () => manager.set('theme', `t${themeCounter++}`, 'test'),
  /** A sibling of the watched path, in the same key. */
  sibling: (k) => writeProfile(k, 'age', (manager.get(k)?.profile?.age ?? 0) + 1),
  /** The whole key again, as a new object with equal content. */
  equal: (k) => manager.set(k, JSON.parse(JSON.stringify(manager.get(k))), 'test'),
  /** The watched path itself. */
  name: (k, name) => writeProfile(k, 'name', name),
};

const api = {
  kind: manager.constructor.name as string,
  useValtio,
  seed: (k: string) => manager.set(k, { profile: { name: 'Ann', age: 30 } }, 'test'),
  mount: (framework: 'react' | 'vue', mode: Mode, k: string) => (framework === 'react' ? mountReact(mode, k) : mountVue(mode, k)),
  unmount: (id: number) => {
    unmounts.get(id)!();
    unmounts.delete(id);
  },
  text: (id: number) => document.querySelector(`[data-probe="${id}"]`)?.textContent ?? null,
  stats: (id: number) => {
    const s = stats.get(id)!;
    return { renders: s.renders, runs: s.runs, calls: s.calls, recomputations: s.recomputations() };
  },
  listenerCount: () => manager.listenerCount() as number,
  /** Runs `names` in order, one task each (`name:Bob` writes the watched path). */
  run: async (k: string, names: string[]) => {
    for (const spec of names) {
      const [op, arg] = spec.split(':') as [string, string | undefined];
      ops[op]!(k, arg);
      await nextTask();
    }
  },
};
Object.assign(window, { __a: api });

whenReady().then(() => {
  document.title = 'ready';
});

/**
 * W10: from the first `import()` of the contestant's code to a manager that has answered a
 * set + get, with the container's default config. Each contestant has its own entry
 * (pages/w10/*.ts), tree-shaken as an app's build would be, so the legacy row does not pay
 * for the new manager's code. "Usable" for ours means `ready` resolved (the core holds the
 * state); `syncUsableMs` is when the constructor returned. The runner opens this page fresh
 * for every round; the server sends no-store, so everything is fetched and compiled again.
 */
import type { ContestantName } from '../../lib/types.ts';
import type { StartedManager } from './w10/types.ts';

const entries: Partial<Record<ContestantName, () => Promise<{ start(onConstructed: () => void): Promise<StartedManager> }>>> = {
  legacy: () => import('./w10/legacy.ts'),
  ours: () => import('./w10/ours.ts'),
  valtio: () => import('./w10/valtio.ts'),
  limit: () => import('./w10/limit.ts'),
};

export interface W10Result {
  ms: number;
  syncMs: number;
  /** When (ms after t0) the last .js and the .wasm finished downloading, and the wasm fetch time. */
  jsLoadedAt?: number;
  wasmLoadedAt?: number;
  wasmFetchMs?: number;
  error?: string;
}

declare global {
  interface Window {
    w10: Promise<W10Result>;
  }
}

window.w10 = (async (): Promise<W10Result> => {
  const params = new URLSearchParams(location.search);
  const name = params.get('c') as ContestantName;
  const t0 = performance.now();
  try {
    // variant=parallel (ours only): the core starts loading alongside the manager's chunk.
    const preload = params.get('variant') === 'parallel' ? import('./w10/preload-core.ts').then((m) => m.preload()) : null;
    const entry = await entries[name]!();
    let syncMs = NaN;
    const manager = await entry.start(() => {
      syncMs = performance.now() - t0;
    });
    await preload;
    manager.set('w10', 1, 'bench');
    if (manager.get('w10') !== 1) throw new Error('manager did not answer');
    const ms = performance.now() - t0;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const after = resources.filter((r) => r.startTime >= t0 - 1);
    const js = after.filter((r) => r.name.endsWith('.js'));
    const wasm = after.find((r) => r.name.endsWith('.wasm'));
    return {
      ms,
      syncMs,
      jsLoadedAt: js.length ? Math.max(...js.map((r) => r.responseEnd)) - t0 : undefined,
      wasmLoadedAt: wasm ? wasm.responseEnd - t0 : undefined,
      wasmFetchMs: wasm ? wasm.responseEnd - wasm.startTime : undefined,
    };
  } catch (error) {
    return { ms: NaN, syncMs: NaN, error: error instanceof Error ? error.message : String(error) };
  }
})();

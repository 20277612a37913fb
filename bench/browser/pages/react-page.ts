/**
 * W7 driver: mounts one contestant's 100-row React app, does 1k random path writes with a
 * task boundary after each (so React's own batching does not hide re-renders), counts the
 * row renders, and checks that every row shows the value last written to it.
 */
import { counter, nextTask, ROWS, type ReactContestantApp } from './react-shared.ts';
import { randomIndices } from '../../workloads/data.ts';

const apps: Record<string, () => Promise<{ createApp(): Promise<ReactContestantApp> }>> = {
  legacy: () => import('./react-legacy.tsx'),
  valtio: () => import('./react-valtio.tsx'),
  ours: () => import('./react-ours.tsx'),
  limit: () => import('./react-limit.tsx'),
};

export interface W7Result {
  renders: number;
  /** Writes that changed the value at their path: the renders of a perfect implementation. */
  ideal: number;
  ms: number;
  mismatches: number;
}

async function run(name: string, writes: number, seed: number, style: 'path' | 'key' = 'path'): Promise<W7Result> {
  const { createApp } = await apps[name]();
  const app = await createApp();
  const host = document.createElement('div');
  document.body.append(host);
  await app.mount(host);
  await nextTask();
  const picks = randomIndices(writes, ROWS, seed);
  const last = new Map<number, number>();
  counter.renders = 0;
  const t0 = performance.now();
  for (let i = 0; i < writes; i++) {
    await app.write(picks[i], i, style);
    last.set(picks[i], i);
    await nextTask();
  }
  const ms = performance.now() - t0;
  const renders = counter.renders;
  let mismatches = 0;
  for (let r = 0; r < ROWS; r++) {
    const shown = host.querySelector(`[data-row="${r}"]`)?.textContent;
    if (shown !== String(last.get(r) ?? -1)) mismatches++;
  }
  app.unmount();
  host.remove();
  return { renders, ideal: writes, ms, mismatches };
}

async function available(name: string): Promise<string | null> {
  try {
    await apps[name]();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

declare global {
  interface Window {
    reactBench: { run: typeof run; available: typeof available };
  }
}
window.reactBench = { run, available };

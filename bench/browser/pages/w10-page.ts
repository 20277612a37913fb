/**
 * W10: from the first `import()` of the contestant's code to a manager that has answered a
 * set + get. "Usable" for ours means `ready` resolved (the core holds the state), not just
 * constructed; `syncMs` records the moment the synchronous API answered, before `ready`.
 * The runner opens this page in a fresh browser context per round, so nothing is cached.
 */
import type { ContestantName } from '../../lib/types.ts';

declare global {
  interface Window {
    w10: Promise<{ ms: number; syncMs: number; error?: string }>;
  }
}

window.w10 = (async () => {
  const name = new URLSearchParams(location.search).get('c') as ContestantName;
  const t0 = performance.now();
  try {
    const { contestantLoaders } = await import('../../contestants/index.ts');
    const contestant = await contestantLoaders[name]();
    let syncMs = NaN;
    // The container's configuration (SPEC section 3).
    const manager = await contestant.create(undefined, () => {
      syncMs = performance.now() - t0;
    });
    manager.set('w10', 1, 'bench');
    if (manager.get('w10') !== 1) throw new Error('manager did not answer');
    const ms = performance.now() - t0;
    return { ms, syncMs: Number.isNaN(syncMs) ? ms : syncMs };
  } catch (error) {
    return { ms: NaN, syncMs: NaN, error: error instanceof Error ? error.message : String(error) };
  }
})();

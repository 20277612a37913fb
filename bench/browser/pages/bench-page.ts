/**
 * The Chromium page of one contestant (one browser context each, so each has its own
 * isolate, localStorage and BroadcastChannel scope). The runner drives it through
 * `window.bench` with page.evaluate, one round at a time.
 */
import { readCalls, resetCalls } from './post-counter.ts';
import { contestantLoaders } from '../../contestants/index.ts';
import type { Contestant, ContestantName } from '../../lib/types.ts';
import { CORE_WORKLOADS, type CoreWorkloadId, type RoundResult, type Sizes } from '../../workloads/core.ts';
import { createTab, type TabApi } from './tabs.ts';

let contestant: Contestant | null = null;
let tab: TabApi | null = null;

const bench = {
  /** Loads the contestant and builds one manager; the error text when it cannot. */
  async load(name: ContestantName): Promise<string | null> {
    try {
      contestant = await contestantLoaders[name]();
      (await contestant.create({ persistent: false, crossTab: false, devtools: false })).destroy();
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  },
  /** One round, with the storage and channel calls it made (setup included). */
  async round(workload: CoreWorkloadId, sizes: Sizes): Promise<RoundResult & { calls: Record<string, number> }> {
    resetCalls();
    const result = await CORE_WORKLOADS.find((w) => w.id === workload)!.round(contestant!, sizes);
    return { ...result, calls: readCalls() };
  },
  /** W8: this page becomes one of two tabs of the contestant. */
  async openTab(extra?: Record<string, unknown>): Promise<void> {
    localStorage.clear();
    tab = await createTab(contestant!, extra);
  },
  tab(): TabApi {
    return tab!;
  },
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;

/**
 * One contestant's process for the node engine. Each contestant runs in its own process so
 * that V8's type feedback of the workload loops is shaped by that contestant alone (one
 * shared process would make every `m.set` call site megamorphic and tax the fast ones).
 * The parent sends one round at a time over IPC and interleaves the contestants.
 */
import { contestantLoaders } from '../contestants/index.ts';
import { preloadAltWasm } from './alt-wasm.ts';
import type { Contestant, ContestantName } from '../lib/types.ts';
import { CORE_WORKLOADS, type CoreWorkloadId, type Sizes } from '../workloads/core.ts';

type Request = { id: number; workload: CoreWorkloadId; sizes: Sizes };

const name = process.env.BENCH_CONTESTANT as ContestantName;
let contestant: Contestant | null = null;
let loadError: string | null = null;
try {
  await preloadAltWasm();
  contestant = await contestantLoaders[name]();
  // Proves the contestant really builds a manager before the parent counts on it.
  (await contestant.create({ persistent: false, crossTab: false, devtools: false })).destroy();
} catch (error) {
  loadError = error instanceof Error ? `${error.message}` : String(error);
}
process.send!({ ready: true, error: loadError });

process.on('message', async (message: Request | 'exit') => {
  if (message === 'exit') process.exit(0);
  const workload = CORE_WORKLOADS.find((w) => w.id === message.workload)!;
  try {
    const result = await workload.round(contestant!, message.sizes);
    process.send!({ id: message.id, result });
  } catch (error) {
    process.send!({ id: message.id, error: error instanceof Error ? error.stack ?? error.message : String(error) });
  }
});

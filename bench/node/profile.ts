/**
 * Profiling helper: one contestant, one workload, many rounds, in this process. Run it
 * under `node --cpu-prof` (see scripts/bench-profile.sh) and summarise the profile with
 * bench/node/summarize-profile.ts.
 *   --contestant=ours --workload=W3 --rounds=30
 */
import { contestantLoaders } from '../contestants/index.ts';
import { preloadAltWasm } from './alt-wasm.ts';
import type { ContestantName } from '../lib/types.ts';
import { median } from '../lib/stats.ts';
import { CORE_WORKLOADS, FULL_SIZES } from '../workloads/core.ts';

await preloadAltWasm();
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const contestant = await contestantLoaders[(args.get('contestant') ?? 'ours') as ContestantName]();
const workload = CORE_WORKLOADS.find((w) => w.id === (args.get('workload') ?? 'W1'))!;
const rounds = Number(args.get('rounds') ?? 30);
const perOp: number[] = [];
for (let r = 0; r < rounds; r++) {
  const { ms, ops } = await workload.round(contestant, FULL_SIZES);
  perOp.push((ms * 1e6) / ops);
}
console.log(`${contestant.name} ${workload.id}: median ${median(perOp.slice(2)).toFixed(0)} ns/op over ${rounds - 2} rounds`);

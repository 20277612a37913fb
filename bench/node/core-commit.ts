/**
 * Diagnostics, not part of `npm run bench`: the commit of W4's and W3's shapes on the
 * CoreHandle alone (no manager), one line of medians per run (CPU time of the process unless WALL=1), so builds of the core can be
 * compared process by process (`bench/node/compare-cores.sh`).
 *   BENCH_WASM_DIR=<dir> node node_modules/vite-node/vite-node.mjs -c bench/node/vite.config.ts bench/node/core-commit.ts
 */
import { loadCore } from '../../js-shim/wasm/load-core.ts';
import type { LocalOp } from '../../js-shim/wasm/core-api.ts';
import { median } from '../lib/stats.ts';
import { preloadAltWasm } from './alt-wasm.ts';
import { userObject } from '../workloads/data.ts';

await preloadAltWasm();
const factory = await loadCore();
const rounds = Number(process.env.ROUNDS ?? 15);

let counter = 0;
const objectOps = (n: number): LocalOp[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'set', key: `user:${i % 1000}`, path: [], value: userObject(i % 1000, ++counter), source: 'unknown' }));
const numberOps = (n: number): LocalOp[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'set', key: `sub${i % 100}`, path: [], value: ++counter, source: 'unknown' }));

/** CPU time of this process in ms: other processes' load on the shared cores does not count. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const now = process.env.WALL === '1' ? () => performance.now() : cpu;

const core = factory.create({ origin: 'bench' });
const results: Record<string, number[]> = { w4ApplyLocal: [], w4TakeOutbox: [], w3Commit: [], w1Commit: [] };
for (let r = 0; r < rounds + 3; r++) {
  const objects = objectOps(1000);
  const numbers = numberOps(100);
  const one = numberOps(1);
  let t0 = now();
  core.applyLocal(objects, Date.now());
  let t1 = now();
  core.takeOutbox();
  const t2 = now();
  if (r >= 3) {
    results.w4ApplyLocal!.push(((t1 - t0) * 1e6) / 1000);
    results.w4TakeOutbox!.push(((t2 - t1) * 1e6) / 1000);
  }
  t0 = now();
  for (let i = 0; i < 50; i++) {
    core.applyLocal(numbers, Date.now());
    core.takeOutbox();
    for (const op of numbers) (op as { value: number }).value = ++counter;
  }
  t1 = now();
  for (let i = 0; i < 2000; i++) {
    core.applyLocal(one, Date.now());
    core.takeOutbox();
    (one[0] as { value: number }).value = ++counter;
  }
  const t3 = now();
  if (r >= 3) {
    results.w3Commit!.push(((t1 - t0) * 1e6) / 5000);
    results.w1Commit!.push(((t3 - t1) * 1e6) / 2000);
  }
}
console.log(JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Math.round(median(v))]))));
core.dispose();

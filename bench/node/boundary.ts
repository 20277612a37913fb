/**
 * Diagnostics, not part of `npm run bench`: where ours' write cost goes, measured on the
 * CoreHandle directly (no manager), so each number belongs to one layer.
 *   node node_modules/vite-node/vite-node.mjs -c bench/node/vite.config.ts bench/node/boundary.ts
 */
import { loadCore } from '../../js-shim/wasm/load-core.ts';
import type { LocalOp } from '../../js-shim/wasm/core-api.ts';
import { median } from '../lib/stats.ts';
import { preloadAltWasm } from './alt-wasm.ts';
import { userObject } from '../workloads/data.ts';

const alt = await preloadAltWasm();
if (alt) console.log(`core from ${alt}`);
const factory = await loadCore();

/** Median ns per op of `body`, with `prepare` (building the op list) outside the timing. */
function time<T>(label: string, ops: number, rounds: number, prepare: () => T, body: (input: T) => void): void {
  const ns: number[] = [];
  for (let r = 0; r < rounds + 2; r++) {
    const input = prepare();
    const t0 = performance.now();
    body(input);
    if (r >= 2) ns.push(((performance.now() - t0) * 1e6) / ops);
  }
  console.log(`${label.padEnd(70)} ${median(ns).toFixed(0).padStart(8)} ns/op`);
}

let counter = 0;
const numberOps = (n: number, keys: number): LocalOp[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'set', key: `sub${i % keys}`, path: [], value: ++counter, source: 'unknown' }));
const userValues = (n: number) => Array.from({ length: n }, (_, i) => userObject(i % 1000, ++counter));
const objectOps = (n: number): LocalOp[] =>
  userValues(n).map((u, i) => ({ kind: 'set', key: `user:${i % 1000}`, path: [], value: u, source: 'unknown' }));
const none = () => undefined;

const core = factory.create({ origin: 'bench' });
const apply = (ops: LocalOp[]) => {
  core.applyLocal(ops, Date.now());
  core.takeOutbox();
};
// Before values crossed in binary, the flush stringified each value first (toLocalOp); now the
// encoding is inside applyLocal, so compare the sum of this line and applyLocal's with older cores.
time('JS only: JSON.stringify of ~200-byte objects (what toLocalOp once did)', 4000, 10, () => userValues(4000), (v) => v.forEach((u) => JSON.stringify(u)));
time('applyLocal only: 10k number sets on 100 keys, one batch', 10_000, 10, () => numberOps(10_000, 100), (ops) => void core.applyLocal(ops, Date.now()));
time('takeOutbox only: after that batch', 10_000, 10, () => core.applyLocal(numberOps(10_000, 100), Date.now()), () => void core.takeOutbox());
time('applyLocal + takeOutbox: 100 number sets on 100 keys (coalesced batch)', 100, 200, () => numberOps(100, 100), apply);
time('applyLocal + takeOutbox: 1 number set (fixed cost of a flush)', 1, 2000, () => numberOps(1, 1), apply);
time('applyLocal + takeOutbox: 4k ~200-byte objects on 1k keys', 4000, 10, () => objectOps(4000), apply);
time('applyLocal + takeOutbox: 1k ~200-byte objects on 1k keys (coalesced)', 1000, 10, () => objectOps(1000), apply);
const big = factory.create({ origin: 'snap' });
big.applyLocal(Array.from({ length: 10_000 }, (_, i) => ({ kind: 'set', key: `k${i}`, path: [], value: { id: i, label: `item ${i}` } })), Date.now());
time('exportJson of 10k small keys', 1, 20, none, () => void big.exportJson());
time('snapshot() + releaseSnapshot() of 10k keys', 1, 200, none, () => big.releaseSnapshot(big.snapshot()));
time('keyJson + keyMeta of one small key (persistence, per dirty key)', 1, 2000, none, () => {
  big.keyJson('k5');
  big.keyMeta('k5');
});
core.dispose();
big.dispose();

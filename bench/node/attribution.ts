/**
 * Diagnostics, not part of `npm run bench`: splits ours' write workloads into the JS side of
 * `set` (validation, view, listeners, queue) and the commit (`flush()`: JSON text, crossing,
 * core work, outbox), in ns per set, next to legacy's whole `set`.
 *   node node_modules/vite-node/vite-node.mjs -c bench/node/vite.config.ts bench/node/attribution.ts
 */
import { UniversalStateManager, ValtioStateManager } from '../../js-shim/core.ts';
import { median } from '../lib/stats.ts';
import { CONFIG_OFF } from '../lib/types.ts';
import { userObject } from '../workloads/data.ts';
import { preloadAltWasm } from './alt-wasm.ts';

const alt = await preloadAltWasm();
if (alt) console.log(`core from ${alt}`);

type Shape = { name: string; sets: number; write: (m: { set(k: string, v: unknown): void }, pass: number) => void; listeners?: number };
const shapes: Shape[] = [
  { name: 'W1 counter x10k', sets: 10_000, write: (m) => { for (let i = 0; i < 10_000; i++) m.set('counter', Math.random()); } },
  { name: 'W3 100 keys x100, 1 listener each', sets: 10_000, listeners: 100, write: (m, p) => { for (let r = 0; r < 100; r++) for (let k = 0; k < 100; k++) m.set(`sub${k}`, p * 1e6 + r * 100 + k); } },
  { name: 'W4 1k keys x4 user objects', sets: 4_000, write: (m, p) => { for (let r = 0; r < 4; r++) for (let k = 0; k < 1000; k++) m.set(`user:${k}`, userObject(k, p * 4 + r)); } },
];

for (const shape of shapes) {
  const legacy = new UniversalStateManager(CONFIG_OFF);
  const ours = new ValtioStateManager(CONFIG_OFF);
  await ours.ready;
  for (let k = 0; k < (shape.listeners ?? 0); k++) {
    legacy.subscribe(`sub${k}`, () => {});
    ours.subscribe(`sub${k}`, () => {});
  }
  const l: number[] = [];
  const js: number[] = [];
  const commit: number[] = [];
  for (let pass = 0; pass < 25; pass++) {
    let t0 = performance.now();
    shape.write(legacy, pass);
    const tl = performance.now() - t0;
    t0 = performance.now();
    shape.write(ours, pass);
    const t1 = performance.now();
    ours.flush();
    const t2 = performance.now();
    await Promise.resolve();
    if (pass < 5) continue; // warm-up
    l.push((tl * 1e6) / shape.sets);
    js.push(((t1 - t0) * 1e6) / shape.sets);
    commit.push(((t2 - t1) * 1e6) / shape.sets);
  }
  console.log(`${shape.name.padEnd(36)} legacy set ${median(l).toFixed(0).padStart(6)} ns | ours set (JS) ${median(js).toFixed(0).padStart(6)} ns + flush ${median(commit).toFixed(0).padStart(6)} ns per set`);
  legacy.destroy();
  ours.destroy();
}

// W2: what ours' `get` costs over a bare Map lookup, and what its object branch costs.
// A subclass with `get` reduced to the view lookup is an experiment, not a proposal: the
// object branch hands legacy callers a mutable copy.
{
  class ViewOnlyGet extends ValtioStateManager {
    override get<T = unknown>(key: string): T | undefined {
      return (this as unknown as { state: { values: Map<string, unknown> } }).state.values.get(key) as T | undefined;
    }
  }
  const keys = Array.from({ length: 100 }, (_, i) => `key${i}`);
  const picks = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 100);
  const measure = (m: { get(k: string): unknown; set(k: string, v: unknown): void }) => {
    keys.forEach((k, i) => m.set(k, i));
    const ns: number[] = [];
    for (let r = 0; r < 60; r++) {
      let sum = 0;
      const t0 = performance.now();
      for (let b = 0; b < 100; b++) for (let i = 0; i < picks.length; i++) sum += m.get(keys[picks[i]]) as number;
      if (r >= 10) ns.push(((performance.now() - t0) * 1e6) / (100 * picks.length));
      if (sum < 0) throw new Error('unreachable');
    }
    return median(ns).toFixed(1);
  };
  const map = new Map<string, unknown>();
  // One instance per variant, each measured in turn: the loop's call site sees one class at
  // a time only until the next variant, so run this file alone for clean numbers.
  console.log(`W2 get: legacy ${measure(new UniversalStateManager(CONFIG_OFF))} ns | ours ${measure(new ValtioStateManager(CONFIG_OFF))} ns | ours with get = view.get ${measure(new ViewOnlyGet(CONFIG_OFF))} ns | bare Map ${measure({ get: (k) => map.get(k), set: (k, v) => void map.set(k, v) })} ns`);
}
